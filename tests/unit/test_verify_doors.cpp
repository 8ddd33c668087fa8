// Issue 23: the mail doors judged from recorded observations -- each door's conversation, its
// certificate (names, trust, dates), the certificate compared with the web door's, and each
// domain's MX set and MTA-STS policy.
#include "test_verify_recorded.hpp"

#include <adplan/verify/verify_json.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::test;
using observe::Transport;

namespace {

observe::DoorProbe door(const std::string& kind, const std::string& host, int port, bool implicit_tls,
                        std::vector<std::string> names = {"mail.contoso.com"}) {
  observe::DoorProbe d;
  d.target = {kind, host, port, implicit_tls};
  d.address = "203.0.113.10";
  d.transport = Transport::Ok;
  d.stage = "done";
  d.starttls_offered = true;
  d.tls_done = true;
  d.capability_after_tls = true;
  d.tls = good_tls(std::move(names), host);
  return d;
}

// The healthy scenario-1 recording with a web certificate fingerprint, every door on the same
// certificate, one MX and an enforce policy that covers it.
observe::Observations with_doors() {
  auto o = healthy(1);
  endpoint(o, observe::Role::PlannedHttps).exchanges.front().tls->chain.front().sha256 = "aa11";
  endpoint(o, observe::Role::AutodiscoverHttps).exchanges.front().tls->chain.front().sha256 = "aa11";
  const std::vector<std::string> names{"mail.contoso.com", "autodiscover.contoso.com", "cas01.contoso.com"};
  for (auto d :
       {door("smtp", "mail.contoso.com", 25, false, names), door("submission", "mail.contoso.com", 587, false, names),
        door("imap", "mail.contoso.com", 993, true, names), door("pop", "mail.contoso.com", 110, false, names)}) {
    d.tls->chain.front().sha256 = "aa11";
    o.doors.push_back(d);
  }
  observe::MailDomain m;
  m.domain = "contoso.com";
  m.mx_status = observe::DnsStatus::Ok;
  m.mx = {{10, "mail.contoso.com"}};
  m.planned_mx = {"mail.contoso.com"};
  m.mta_sts_mode = "enforce";
  m.txt_status = observe::DnsStatus::Ok;
  m.mta_sts_txt = {"v=STSv1; id=20261124"};
  observe::HttpExchange ex;
  ex.method = "GET";
  ex.url = "https://mta-sts.contoso.com/.well-known/mta-sts.txt";
  ex.transport = Transport::Ok;
  ex.status = 200;
  ex.content_type = "text/plain";
  ex.tls = good_tls({"mta-sts.contoso.com"}, "mta-sts.contoso.com");
  m.policy_fetch = ex;
  m.policy_body = "version: STSv1\r\nmode: enforce\r\nmx: mail.contoso.com\r\nmax_age: 604800\r\n";
  o.mail_domains.push_back(m);
  return o;
}

std::vector<const Finding*> all_of(const verify::VerifyResult& r, std::string_view id) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings) {
    if (f.id == id) out.push_back(&f);
  }
  return out;
}

const Plan& plan1() {
  static const Plan p = plan_of(contoso_json(1));
  return p;
}

}  // namespace

TEST_CASE("doors: every door through, the same certificate as the web door, a covering policy: pass") {
  auto r = judge(with_doors(), &plan1());
  for (const auto& f : r.findings) CHECK_MESSAGE(f.severity != Severity::Error, std::string(f.id + ": " + f.message));
  CHECK(r.pass());
  REQUIRE(r.doors.size() == 4);
  for (const auto& d : r.doors) CHECK(d.ok);
  CHECK(r.doors[0].tls == "starttls");
  REQUIRE(r.mail_domains.size() == 1);
  CHECK(r.mail_domains[0].mta_sts_mode == "enforce");
  CHECK(r.mail_domains[0].mta_sts_id == "20261124");
  auto j = verify::to_json(r, 10);
  CHECK(j["doors"].size() == 4);
  CHECK(j["doors"][0]["door"] == "smtp");
  CHECK(j["doors"][0]["sha256"] == "aa11");
  CHECK(j["mail_domains"][0]["mx"][0] == "10 mail.contoso.com");
}

TEST_CASE("doors: SMTP still on the previous certificate is tls.door-mismatch with both fingerprints") {
  auto o = with_doors();
  for (auto& d : o.doors) {
    if (d.target.door == "smtp") {
      d.tls->chain.front().sha256 = "bb22";
      d.tls->chain.front().not_after = now_epoch() + 20 * 86400;
    }
  }
  auto r = judge(o, &plan1());
  auto found = all_of(r, "tls.door-mismatch");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->severity == Severity::Error);
  CHECK(found[0]->subject == "smtp mail.contoso.com:25 (203.0.113.10)");
  CHECK(found[0]->evidence.find("bb22") != std::string::npos);
  CHECK(found[0]->evidence.find("aa11") != std::string::npos);
  CHECK(found[0]->evidence.find("notAfter") != std::string::npos);
  CHECK_FALSE(r.pass());
}

TEST_CASE("doors: --cert FILE is what every door must present") {
  auto o = with_doors();
  observe::CertificateFacts given;
  given.sha256 = "cc33";
  given.not_after = now_epoch();
  auto r = verify::verify(o, &plan1(), verify::VerifyOptions{{now_epoch()}, {}, {}, given});
  CHECK(all_of(r, "tls.door-mismatch").size() == 4);
}

TEST_CASE("doors: STARTTLS missing, unreachable, handshake failed, each with its own id") {
  auto o = with_doors();
  o.doors[1].tls_done = false;  // submission
  o.doors[1].starttls_offered = false;
  o.doors[1].tls.reset();
  o.doors[1].stage = "capability";
  o.doors[2].transport = Transport::ConnectTimeout;  // imap
  o.doors[2].tls.reset();
  o.doors[2].tls_done = false;
  o.doors[2].stage = "connect";
  o.doors[3].transport = Transport::TlsFailed;  // pop
  o.doors[3].tls.reset();
  o.doors[3].tls_done = false;
  o.doors[3].stage = "tls";
  auto r = judge(o, &plan1());
  REQUIRE(find(r, "submission.starttls-missing"));
  CHECK(find(r, "submission.starttls-missing")->subject.starts_with("submission mail.contoso.com:587"));
  REQUIRE(find(r, "imap.unreachable"));
  CHECK(find(r, "imap.unreachable")->evidence.starts_with("connect timed out at connect"));
  CHECK(find(r, "pop.tls-failed"));
  CHECK(find(r, "smtp.starttls-missing") == nullptr);
  auto j = verify::to_json(r, 10);
  int failed = 0;
  for (const auto& d : j["doors"]) failed += d["ok"] ? 0 : 1;
  CHECK(failed == 3);
}

TEST_CASE("doors: certificate names and trust; SMTP's weight depends on MTA-STS enforce") {
  auto o = with_doors();
  for (auto& d : o.doors) {
    if (d.target.door == "smtp" || d.target.door == "imap") {
      d.tls->name_matches = false;
      d.tls->trusted = false;
      d.tls->trust_errors = {"depth 0: self-signed certificate"};
    }
  }
  auto r = judge(o, &plan1());
  REQUIRE(find(r, "smtp.certificate-name"));
  CHECK(find(r, "smtp.certificate-name")->severity == Severity::Error);  // enforce
  CHECK(find(r, "smtp.certificate-name")->message.find("enforce") != std::string::npos);
  REQUIRE(find(r, "imap.certificate-untrusted"));
  CHECK(find(r, "imap.certificate-untrusted")->evidence.find("self-signed") != std::string::npos);
  // Testing mode: opportunistic senders deliver anyway, so a warning.
  o.mail_domains[0].policy_body = "version: STSv1\nmode: testing\nmx: mail.contoso.com\nmax_age: 86400\n";
  o.mail_domains[0].mta_sts_mode = "testing";
  auto t = judge(o, &plan1());
  CHECK(find(t, "smtp.certificate-name")->severity == Severity::Warning);
  CHECK(find(t, "imap.certificate-name")->severity == Severity::Error);
}

TEST_CASE("doors: MTA-STS policy, mx coverage and the TXT id") {
  auto o = with_doors();
  o.mail_domains[0].mx.push_back({20, "mx2.contoso.com"});
  auto r = judge(o, &plan1());
  REQUIRE(find(r, "mta-sts.mx-not-covered"));
  CHECK(find(r, "mta-sts.mx-not-covered")->message.find("mx2.contoso.com") != std::string::npos);
  CHECK(find(r, "mta-sts.mx-not-covered")->severity == Severity::Error);

  o = with_doors();
  o.mail_domains[0].mta_sts_txt = {"v=spf1 -all"};
  CHECK(find(judge(o, &plan1()), "mta-sts.id-missing"));

  o = with_doors();
  o.mail_domains[0].policy_body = "<html>404</html>";
  auto bad = judge(o, &plan1());
  REQUIRE(find(bad, "mta-sts.policy-invalid"));
  CHECK(find(bad, "mta-sts.policy-invalid")->subject == "https://mta-sts.contoso.com/.well-known/mta-sts.txt");

  o = with_doors();
  o.mail_domains[0].policy_fetch->content_type = "text/html";
  CHECK(find(judge(o, &plan1()), "mta-sts.policy-invalid")->evidence.find("text/html") != std::string::npos);

  o = with_doors();
  o.mail_domains[0].mx.clear();
  o.mail_domains[0].mx_status = observe::DnsStatus::NoData;
  CHECK(find(judge(o, &plan1()), "dns.mx-missing"));
}
