// Plan lint: each finding id triggered by a plan built to have that flaw.
#include "fixtures.hpp"

#include <adplan/planner/internal/names.hpp>
#include <adplan/planner/lint.hpp>
#include <adplan/planner/powershell.hpp>
#include <adplan/planner/recommend.hpp>
#include <adplan/planner/steps.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using adplan::test::contoso_json;
using adplan::test::has_finding;
using adplan::test::plan_of;

namespace {
const Finding* finding(const Plan& p, std::string_view id) {
  for (const auto& f : p.findings) {
    if (f.id == id) return &f;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("lint: internal names on a public certificate are an error with today's rule and the fix") {
  auto j = contoso_json(1);
  j["internal_domain"] = "contoso.local";
  j["servers"][0]["fqdn"] = "cas01.contoso.local";
  Plan p = plan_of(j);
  const auto* f = finding(p, "cert.internal-name");
  REQUIRE(f);
  CHECK(f->severity == Severity::Error);
  CHECK(f->message.find("cas01, cas01.contoso.local") != std::string::npos);
  CHECK(f->message.find("Baseline Requirements") != std::string::npos);
  CHECK(f->remedy.find("split-brain DNS") != std::string::npos);
  CHECK(p.certificates[0].internal_names == std::vector<std::string>{"cas01", "cas01.contoso.local"});
  SUBCASE("an internal CA may issue them: a warning") {
    j["ca"] = "internal";
    CHECK(finding(plan_of(j), "cert.internal-name")->severity == Severity::Warning);
  }
  SUBCASE("scenario 2 leaves internal names off the certificate") {
    j["scenario"] = 2;
    CHECK_FALSE(has_finding(plan_of(j), "cert.internal-name"));
  }
}

TEST_CASE("lint: scenarios 3 and 4 need the second addresses") {
  for (int n : {3, 4}) {
    auto j = contoso_json(n);
    j["servers"][0].erase("secondary_ip");
    j.erase("secondary_public_ip");
    Plan p = plan_of(j);
    CHECK(finding(p, "plan.secondary-ip-missing")->severity == Severity::Error);
    CHECK(finding(p, "plan.secondary-public-ip-missing")->severity == Severity::Error);
    CHECK(has_errors(p.findings));
  }
  auto j = contoso_json(3);
  j["secondary_public_ip"] = "203.0.113.10";
  j["servers"][0]["secondary_ip"] = "192.0.2.10";
  Plan p = plan_of(j);
  CHECK(has_finding(p, "plan.secondary-public-ip-same"));
  CHECK(has_finding(p, "plan.secondary-ip-same"));
}

TEST_CASE("lint: unused second addresses are only noted") {
  auto j = contoso_json(3);
  j["scenario"] = 1;
  Plan p = plan_of(j);
  CHECK(finding(p, "plan.secondary-ip-unused")->severity == Severity::Info);
  CHECK_FALSE(has_errors(p.findings));
}

TEST_CASE("lint: every URL's host is covered by the certificate of the site it reaches") {
  SUBCASE("an autodiscover host that is not the conventional name") {
    auto j = contoso_json(1);
    j["autodiscover_host"] = "ad.contoso.com";
    Plan p = plan_of(j);
    CHECK(has_finding(p, "plan.autodiscover-host-unusual"));
    CHECK_FALSE(has_errors(p.findings));  // still on the certificate, just never found by name
  }
  SUBCASE("a server FQDN in the internal view, scenario 1: covered") {
    CHECK_FALSE(has_finding(plan_of(contoso_json(1)), "plan.url-not-covered"));
  }
  SUBCASE("wildcards cover one label") {
    CHECK(name_covers(*HostName::parse("*.contoso.com"), *HostName::parse("mail.contoso.com")));
    CHECK_FALSE(name_covers(*HostName::parse("*.contoso.com"), *HostName::parse("contoso.com")));
    CHECK_FALSE(name_covers(*HostName::parse("*.contoso.com"), *HostName::parse("a.b.contoso.com")));
  }
}

TEST_CASE("lint: addresses") {
  auto j = contoso_json(1);
  j["public_ip"] = "10.0.0.5";
  CHECK(finding(plan_of(j), "ip.not-public")->severity == Severity::Warning);
  j["public_ip"] = "240.1.2.3";
  CHECK(finding(plan_of(j), "ip.reserved")->severity == Severity::Error);
  j["public_ip"] = "127.0.0.2";
  CHECK(finding(plan_of(j), "ip.loopback")->severity == Severity::Info);
  j["public_ip"] = "203.0.113.10";
  j["servers"].push_back({{"name", "CAS02"}, {"fqdn", "cas02.contoso.com"}, {"ip", "192.0.2.10"}});
  CHECK(finding(plan_of(j), "plan.duplicate-address")->severity == Severity::Error);
}

TEST_CASE("lint: Exchange versions") {
  auto j = contoso_json(2);
  j["exchange"] = "2019";
  j["services"] = {"ews", "um"};
  Plan p = plan_of(j);
  CHECK(has_finding(p, "exchange.um-unavailable"));
  CHECK(has_finding(p, "exchange.unsupported"));
  CHECK(std::ranges::none_of(p.urls, [](const ServiceUrl& u) { return u.service == Service::Um; }));
  j["exchange"] = "SE";
  CHECK_FALSE(has_finding(plan_of(j), "exchange.unsupported"));
  j["exchange"] = "2010";
  Plan p2010 = plan_of(j);
  CHECK(std::ranges::any_of(p2010.urls, [](const ServiceUrl& u) { return u.service == Service::Um; }));
  CHECK(p2010.scp[0].cmdlet.starts_with("Set-ClientAccessServer "));
}

TEST_CASE("lint: SRV target outside a hosted domain prompts its users") {
  auto j = contoso_json(2);
  j["domains"] = {"contoso.com", "fabrikam.com"};
  Plan p = plan_of(j);
  const auto* f = finding(p, "dns.srv-target-foreign");
  REQUIRE(f);
  CHECK(f->subject == "_autodiscover._tcp.fabrikam.com");
  CHECK(std::ranges::count_if(p.dns_external, [](const DnsRecord& r) { return r.type == "SRV"; }) == 2);
}

TEST_CASE("lint: many hosted domains on a SAN certificate") {
  auto j = contoso_json(1);
  j["domains"] = nlohmann::json::array();
  for (int i = 0; i < 120; ++i) j["domains"].push_back("tenant" + std::to_string(i) + ".com");
  j["external_host"] = "mail.tenant0.com";
  j.erase("autodiscover_host");
  Plan p = plan_of(j);
  CHECK(has_finding(p, "plan.many-domains"));
  CHECK(has_finding(p, "cert.too-many-names"));
  j["scenario"] = 4;
  j["secondary_public_ip"] = "203.0.113.11";
  j["servers"][0]["secondary_ip"] = "192.0.2.11";
  Plan p4 = plan_of(j);
  CHECK_FALSE(has_finding(p4, "plan.many-domains"));
  CHECK(std::ranges::any_of(p4.steps,
                            [](const PlanStep& s) { return s.id == "tenant-records" && s.commands.size() == 120; }));
}

TEST_CASE("today's certificate validity limits (CA/B ballot SC-081)") {
  using namespace std::chrono;
  CHECK(max_public_validity_days(year{2026} / March / 14) == 398);
  CHECK(max_public_validity_days(year{2026} / March / 15) == 200);
  CHECK(max_public_validity_days(year{2027} / March / 15) == 100);
  CHECK(max_public_validity_days(year{2029} / March / 15) == 47);
}

TEST_CASE("PowerShell quoting cannot be escaped") {
  CHECK(ps_quote("CAS01") == "'CAS01'");
  CHECK(ps_quote("O'Brien") == "'O''Brien'");
  CHECK(ps_quote("$(calc)") == "'$(calc)'");
  CHECK(ps_quote("a\xE2\x80\x99"
                 "b") ==
        "'a\xE2\x80\x99\xE2\x80\x99"
        "b'");
  std::vector<std::string> sites{"A", "B'"};
  CHECK(ps_list(sites) == "'A','B'''");
}

TEST_CASE("recommend weighs the paper's constraints") {
  auto all = scenarios();
  CHECK(recommend(all, {true, true, true, false}).scenario == 1);
  CHECK(recommend(all, {true, false, false, false}).scenario == 2);
  CHECK(recommend(all, {true, true, true, true}).scenario == 2);    // hoster: SAN does not scale
  CHECK(recommend(all, {false, false, true, true}).scenario == 4);  // hoster without SRV
  CHECK(recommend(all, {false, false, true, false}).scenario == 4);
  auto none = recommend(all, {false, false, false, false});
  CHECK(none.scenario == 1);
  CHECK(none.internal_ca);
  CHECK(none.rejected.size() == 4);
}

TEST_CASE("scenario data: four scenarios, each consistent with its own rules") {
  REQUIRE(scenarios().size() == 4);
  for (const auto& s : scenarios()) {
    CAPTURE(s.id);
    CHECK(static_cast<int>(s.certificates.size()) == s.requirements.certificate_count);
    bool has_secondary_site =
        std::ranges::any_of(s.sites, [](const SiteRule& r) { return r.address == AddressKind::Secondary; });
    CHECK(has_secondary_site == s.requirements.secondary_ip);
    CHECK((s.scp_host == UrlHost::ExternalHost) == s.requirements.scp_change);
    CHECK((s.internal_url_host == UrlHost::ExternalHost) == s.requirements.web_services_url_change);
    for (const auto& id : s.steps) CHECK_MESSAGE(is_known_step(id), id);
  }
  CHECK_FALSE(parse_scenario("{}", "x.json").has_value());
  CHECK(parse_scenario("{", "x.json").error().field == "x.json");
}

TEST_CASE("lint: a label that mixes scripts is a warning showing the Unicode and the xn-- form (issue 10, item 18)") {
  auto j = contoso_json(1);
  j["external_host"] = "m\xD0\xB0il.contoso.com";  // Cyrillic а
  auto p = plan_of(j);
  const Finding* f = finding(p, "name.mixed-script");
  REQUIRE(f);
  CHECK(f->severity == Severity::Warning);
  CHECK(f->subject == "external_host");
  CHECK(f->message.find("\"m\xD0\xB0il.contoso.com\" (xn--mil-6cd.contoso.com)") != std::string::npos);
  CHECK(f->message.find("mixes Latin and Cyrillic letters (Cyrillic: \"\xD0\xB0\" U+0430)") != std::string::npos);
  SUBCASE("whole-script names are not warned about") {
    auto k = contoso_json(1);
    k["domains"] = {"\xD0\xBF\xD0\xBE\xD1\x87\xD1\x82\xD0\xB0.contoso.com", "m\xC3\xBCller.de"};  // почта, müller
    k.erase("autodiscover_host");
    k["external_host"] = "\xD0\xBF\xD0\xBE\xD1\x87\xD1\x82\xD0\xB0.contoso.com";
    CHECK_FALSE(has_finding(plan_of(k), "name.mixed-script"));
  }
}
