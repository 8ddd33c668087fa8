#include <adplan/verify/tenant.hpp>

#include "fixtures.hpp"
#include "test_verify_recorded.hpp"

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::test;

TEST_CASE("tenant: the primary domain's expectations with the tenant's name in its place") {
  Plan p = plan_of(contoso_json(2));
  auto primary = verify::expectations_of(&p);
  REQUIRE(primary.srv);
  auto t = verify::tenant_expectations(primary, "contoso.com", "tenant-1.example");
  SUBCASE("the SRV line is the tenant's own, pointing at the shared external host") {
    CHECK(t.srv_target == primary.srv_target);
    CHECK(t.srv_record.starts_with("_autodiscover._tcp.tenant-1.example. "));
    CHECK(t.srv_record.find("contoso.com.") != std::string::npos);  // the target: mail.contoso.com.
  }
  SUBCASE("names the primary owns are renamed; the shared hosts stay") {
    CHECK(t.external_host == primary.external_host);
    for (const auto& [name, list] : primary.addresses) {
      if (name == "contoso.com" || name == "autodiscover.contoso.com") {
        CHECK_FALSE(t.addresses.contains(name));
      } else {
        CHECK(t.addresses.contains(name));
      }
    }
  }
  SUBCASE("a name that merely ends in the primary's is not the primary's") {
    Plan q = plan_of(contoso_json(4));
    auto e = verify::expectations_of(&q);
    e.addresses["notcontoso.com"] = {"192.0.2.1"};
    e.records["notcontoso.com"] = "notcontoso.com. 3600 IN A 192.0.2.1";
    auto r = verify::tenant_expectations(e, "contoso.com", "t.example");
    CHECK(r.addresses.contains("notcontoso.com"));
    if (e.addresses.contains("autodiscover.contoso.com")) {
      CHECK(r.addresses.contains("autodiscover.t.example"));
      CHECK(r.records.at("autodiscover.t.example").starts_with("autodiscover.t.example. "));
    }
  }
}

TEST_CASE("tenant: a missing SRV record is the tenant's finding, named with its record") {
  Plan p = plan_of(contoso_json(2));
  verify::TenantJudge judge(p, {{0}, {}});
  observe::Observations obs;
  obs.domain = "tenant-1.example";
  obs.srv.name = "_autodiscover._tcp.tenant-1.example";
  obs.srv.status = observe::DnsStatus::NxDomain;
  auto r = judge.judge(obs);
  bool found = false;
  for (const auto& f : r.findings) {
    if (f.id == "dns.srv-missing") {
      found = true;
      CHECK(f.remedy.find("_autodiscover._tcp.tenant-1.example.") != std::string::npos);
    }
  }
  CHECK(found);
  CHECK_FALSE(r.pass());
}

TEST_CASE("tenant: each judgement takes its own time (the exporter between two scrapes)") {
  // Issue 21: one judge for the process's life; the time comes with each judgement.
  Plan p = plan_of(contoso_json(2));
  verify::TenantJudge judge(p, {{now_epoch()}, {}, {}});
  auto o = healthy(2);
  auto& tls = *endpoint(o, observe::Role::PlannedHttps).exchanges.front().tls;
  const auto not_after = now_epoch() + 20 * 86400;
  tls.chain.front().not_after = not_after;
  auto before = judge.judge(o, not_after - 86400);
  CHECK(find(before, "tls.expiring-soon") != nullptr);
  CHECK(find(before, "tls.expired") == nullptr);
  auto after = judge.judge(o, not_after + 60);
  REQUIRE(find(after, "tls.expired") != nullptr);
  CHECK(find(after, "tls.expired")->severity == Severity::Error);
  CHECK_FALSE(after.pass());
  CHECK(find(judge.judge(o), "tls.expired") == nullptr);  // the options' clock, as before
}
