// Issue 23: the mail doors in the plan — which certificate answers each, the SAN list as the
// scenario allows, MTA-STS / TLS-RPT records and policy, and the findings that refuse a plan.
#include "fixtures.hpp"

#include <adplan/planner/diff.hpp>
#include <adplan/planner/mta_sts.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace adplan;
using adplan::test::contoso_json;
using adplan::test::plan_of;

namespace {

const Finding* finding(const Plan& p, std::string_view id) {
  for (const auto& f : p.findings) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

nlohmann::json doors_json(int scenario) {
  auto j = contoso_json(scenario);
  j["domains"] = {"contoso.com", "fabrikam.com"};
  j["doors"] = {{"smtp", {"mail.contoso.com"}},
                {"submission", {"mail.contoso.com"}},
                {"imap", {"mail.contoso.com"}},
                {"pop", {"mail.contoso.com"}}};
  j["mta_sts"] = {{"domains", {{"contoso.com", "enforce"}, {"fabrikam.com", "testing"}}}};
  return j;
}

const DnsRecord* record(const Plan& p, const std::string& name, const std::string& type) {
  auto it = std::ranges::find_if(p.dns_external, [&](const DnsRecord& r) { return r.name == name && r.type == type; });
  return it == p.dns_external.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("doors: no doors, no change: the plan has no door, MX, TXT or policy certificate") {
  for (int n = 1; n <= 4; ++n) {
    Plan p = plan_of(contoso_json(n));
    CHECK(p.doors.empty());
    CHECK(p.mta_sts.empty());
    CHECK_FALSE(p.certificate("mta-sts"));
    CHECK(std::ranges::none_of(p.steps, [](const PlanStep& s) { return s.id == "mail-doors"; }));
  }
}

TEST_CASE("doors: every door on the external host is answered by the Default Web Site's certificate, all scenarios") {
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    Plan p = plan_of(doors_json(n));
    REQUIRE(p.doors.size() == 6);  // smtp 25, submission 587, imap 993 + 143, pop 995 + 110
    CHECK(p.doors[0].kind == DoorKind::Smtp);
    CHECK(p.doors[0].port == 25);
    CHECK(p.doors[0].tls == DoorTls::StartTls);
    CHECK(p.doors[2].port == 993);
    CHECK(p.doors[2].tls == DoorTls::Implicit);
    CHECK(p.doors[5].port == 110);
    for (const auto& d : p.doors) CHECK(d.certificate == "default");
    CHECK(finding(p, "door.not-covered") == nullptr);
    CHECK(finding(p, "mta-sts.enforce-uncovered") == nullptr);
    // The policy hosts' own certificate, outside the scenario's rules.
    const auto* c = p.certificate("mta-sts");
    REQUIRE(c);
    CHECK(c->mta_sts_policy);
    CHECK(c->sans.size() == 2);
    CHECK(c->sans[0].str() == "mta-sts.contoso.com");
    CHECK(c->sans[1].str() == "mta-sts.fabrikam.com");
  }
}

TEST_CASE("doors: scenario 1's SAN certificate takes the door hosts; scenario 2 refuses a name it cannot hold") {
  auto j = doors_json(1);
  j["doors"]["smtp"] = {"mx1.contoso.com", "mx2.contoso.com"};
  j["doors"]["imap"] = {"imap.contoso.com"};
  Plan p1 = plan_of(j);
  const auto* c = p1.certificate("default");
  REQUIRE(c);
  CHECK(c->covers(*HostName::parse("mx1.contoso.com")));
  CHECK(c->covers(*HostName::parse("imap.contoso.com")));
  CHECK(finding(p1, "door.not-covered") == nullptr);
  CHECK(p1.mx.size() == 2);
  CHECK(p1.mx[0].str() == "mx1.contoso.com");
  // MX records in preference order, for every accepted domain; an address for each new door host.
  REQUIRE(record(p1, "fabrikam.com.", "MX"));
  CHECK(std::ranges::count_if(p1.dns_external, [](const DnsRecord& r) {
          return r.name == "contoso.com." && r.type == "MX" && r.value == "20 mx2.contoso.com.";
        }) == 1);
  REQUIRE(record(p1, "imap.contoso.com.", "A"));
  CHECK(record(p1, "imap.contoso.com.", "A")->value == "203.0.113.10");

  j["scenario"] = 2;
  Plan p2 = plan_of(j);
  const auto* f = finding(p2, "door.not-covered");
  REQUIRE(f);
  CHECK(f->severity == Severity::Error);
  CHECK(f->message.find("scenario 2's certificates hold only mail.contoso.com") != std::string::npos);
  CHECK(f->remedy.find("choose scenario 1") != std::string::npos);
  CHECK(std::ranges::all_of(
      p2.doors, [](const PlannedDoor& d) { return d.host.str() == "mail.contoso.com" || d.certificate.empty(); }));
  // MX hosts off every certificate: enforce is refused, testing is not.
  const auto* e = finding(p2, "mta-sts.enforce-uncovered");
  REQUIRE(e);
  CHECK(e->subject == "mta_sts.domains.contoso.com");
  CHECK(e->message.find("mx1.contoso.com, mx2.contoso.com") != std::string::npos);
  CHECK(std::ranges::count_if(p2.findings, [](const Finding& x) { return x.id == "mta-sts.enforce-uncovered"; }) == 1);
}

TEST_CASE("doors: MTA-STS policy, id and records (RFC 8461, RFC 8460)") {
  Plan p = plan_of(doors_json(3));
  REQUIRE(p.mta_sts.size() == 2);
  const auto& m = p.mta_sts[0];
  CHECK(m.domain.str() == "contoso.com");
  CHECK(m.policy == "version: STSv1\r\nmode: enforce\r\nmx: mail.contoso.com\r\nmax_age: 604800\r\n");
  CHECK(m.id == mta_sts_id(m.policy));
  CHECK(m.id.size() == 16);
  CHECK(std::ranges::all_of(m.id, [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)); }));
  CHECK(m.id != p.mta_sts[1].id);  // the mode differs, so the policy and its id do
  CHECK(m.policy_url == "https://mta-sts.contoso.com/.well-known/mta-sts.txt");
  CHECK(m.tls_rpt_record == "v=TLSRPTv1; rua=mailto:tlsrpt@contoso.com");
  REQUIRE(record(p, "_mta-sts.contoso.com.", "TXT"));
  CHECK(record(p, "_mta-sts.contoso.com.", "TXT")->value == "\"v=STSv1; id=" + m.id + "\"");
  REQUIRE(record(p, "_smtp._tls.fabrikam.com.", "TXT"));
  REQUIRE(record(p, "mta-sts.fabrikam.com.", "A"));
  // The id is a function of the policy alone: the same policy, the same id (stable goldens).
  CHECK(mta_sts_id("version: STSv1\r\nmode: testing\r\nmx: a.b\r\nmax_age: 86400\r\n") ==
        mta_sts_id("version: STSv1\r\nmode: testing\r\nmx: a.b\r\nmax_age: 86400\r\n"));
  CHECK(mta_sts_id("") == "cbf29ce484222325");  // FNV-1a 64 offset basis: the hash of nothing
  CHECK(txt_text(record(p, "_mta-sts.contoso.com.", "TXT")->value) == "v=STSv1; id=" + m.id);
}

TEST_CASE("doors: an internal CA and MTA-STS enforce is an error, testing a warning") {
  auto j = doors_json(1);
  j["ca"] = "internal";
  Plan p = plan_of(j);
  std::vector<Severity> seen;
  for (const auto& f : p.findings)
    if (f.id == "mta-sts.internal-ca") seen.push_back(f.severity);
  REQUIRE(seen.size() == 2);
  CHECK(std::ranges::count(seen, Severity::Error) == 1);
  CHECK(std::ranges::count(seen, Severity::Warning) == 1);
}

TEST_CASE("doors: the Exchange steps bind SMTP, IMAP and POP and name the certificate for the connectors") {
  Plan p = plan_of(doors_json(1));
  auto install = std::ranges::find(p.steps, "install-certificate", &PlanStep::id);
  REQUIRE(install != p.steps.end());
  CHECK(install->commands[0].ends_with("| Enable-ExchangeCertificate -Services IIS,SMTP,IMAP,POP -Force"));
  auto doors = std::ranges::find(p.steps, "mail-doors", &PlanStep::id);
  REQUIRE(doors != p.steps.end());
  std::string all;
  for (const auto& c : doors->commands) all += c + "\n";
  CHECK(all.find("Set-ImapSettings -Server 'CAS01' -X509CertificateName 'mail.contoso.com'") != std::string::npos);
  CHECK(all.find("Set-PopSettings -Server 'CAS01' -X509CertificateName 'mail.contoso.com'") != std::string::npos);
  CHECK(all.find("$tlsName = \"<I>$($cert.Issuer)<S>$($cert.Subject)\"") != std::string::npos);
  CHECK(all.find("Set-ReceiveConnector -Identity 'CAS01\\Default Frontend CAS01' -TlsCertificateName $tlsName") !=
        std::string::npos);
  CHECK(all.find("Set-ReceiveConnector -Identity 'CAS01\\Client Frontend CAS01' -TlsCertificateName $tlsName") !=
        std::string::npos);
  SUBCASE("with the issued certificate's name (render --cert), the literal") {
    auto d = adplan::test::deployment(doors_json(1));
    Plan q = make_plan(d, *find_scenario(1),
                       PlanOptions{adplan::test::k_today, "<I>CN=R11, O=Let's Encrypt, C=US<S>CN=mail.contoso.com"});
    auto s = std::ranges::find(q.steps, "mail-doors", &PlanStep::id);
    REQUIRE(s != q.steps.end());
    std::string text;
    for (const auto& c : s->commands) text += c + "\n";
    CHECK(text.find("$tlsName = '<I>CN=R11, O=Let''s Encrypt, C=US<S>CN=mail.contoso.com'") != std::string::npos);
  }
}

TEST_CASE("doors: diff shows the doors and the policies a plan adds") {
  Plan before = plan_of(contoso_json(1));
  Plan after = plan_of(doors_json(1));
  Diff d = diff_plans(before, after);
  auto has = [&](const std::string& field) {
    return std::ranges::any_of(d.values, [&](const ValueDiff& v) { return v.field == field && v.before.empty(); });
  };
  CHECK(has("door smtp mail.contoso.com:25"));
  CHECK(has("door imap mail.contoso.com:143"));
  CHECK(has("mta-sts contoso.com"));
  CHECK(std::ranges::any_of(d.certificates, [](const CertificateDiff& c) { return c.key == "mta-sts"; }));
}
