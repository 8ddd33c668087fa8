// verify's CAA judgement from recorded observations: the plan's CA (caa_issuers) must be let
// issue by each certificate name's relevant CAA set (RFC 8659), no set at all is info, and a
// plan without caa_issuers asks nothing of CAA.
#include "test_verify_recorded.hpp"

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::test;

namespace {

Plan caa_plan(int scenario) {
  auto j = contoso_json(scenario);
  j["caa_issuers"] = {"letsencrypt.org"};
  return plan_of(j);
}

observe::CaaLookup lookup(std::string name, std::string relevant, std::vector<observe::CaaRecord> records) {
  observe::CaaLookup l;
  l.name = std::move(name);
  l.relevant = std::move(relevant);
  l.records = std::move(records);
  return l;
}

}  // namespace

TEST_CASE("verify caa: the plan's CA allowed by the closest set passes; another CA's set is dns.caa-forbids") {
  Plan p = caa_plan(1);
  auto o = healthy(1);
  for (const char* n : {"autodiscover.contoso.com", "cas01.contoso.com", "mail.contoso.com"})
    o.caa.push_back(lookup(n, "contoso.com", {{0, "issue", "letsencrypt.org"}}));
  auto ok = judge(o, &p);
  CHECK(find(ok, "dns.caa-forbids") == nullptr);
  CHECK(find(ok, "dns.caa-missing") == nullptr);
  CHECK(ok.pass());

  o.caa[2] = lookup("mail.contoso.com", "mail.contoso.com", {{0, "issue", "digicert.com"}});
  auto bad = judge(o, &p);
  const Finding* f = find(bad, "dns.caa-forbids");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::Error);
  CHECK(f->subject == "mail.contoso.com");
  CHECK(f->message.find("letsencrypt.org") != std::string::npos);
  CHECK(f->remedy.find("mail.contoso.com. CAA 0 issue \"letsencrypt.org\"") != std::string::npos);
  CHECK(f->evidence.find("digicert.com") != std::string::npos);
  CHECK_FALSE(bad.pass());
}

TEST_CASE("verify caa: no set anywhere is dns.caa-missing (info) with the plan's records as the fix") {
  Plan p = caa_plan(1);
  auto o = healthy(1);
  o.caa.push_back(lookup("mail.contoso.com", "", {}));
  auto r = judge(o, &p);
  const Finding* f = find(r, "dns.caa-missing");
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::Info);
  CHECK(f->remedy.find("contoso.com. 3600 IN CAA 0 issue \"letsencrypt.org\"") != std::string::npos);
  CHECK(r.pass());
}

TEST_CASE("verify caa: a failed CAA question is a warning; a plan without caa_issuers judges no CAA") {
  Plan p = caa_plan(1);
  auto o = healthy(1);
  auto l = lookup("mail.contoso.com", "", {});
  l.status = observe::DnsStatus::ServerFailure;
  l.failed_at = "contoso.com";
  o.caa.push_back(l);
  CHECK(find(judge(o, &p), "dns.caa-lookup-failed") != nullptr);

  Plan plain = plan_of(contoso_json(1));
  o.caa = {lookup("mail.contoso.com", "mail.contoso.com", {{0, "issue", ";"}})};
  CHECK(find(judge(o, &plain), "dns.caa-forbids") == nullptr);
}
