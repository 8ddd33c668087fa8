// Issue 24: the judge of a load-balanced pool (verify/judge_pool.cpp) on observations made by
// hand: which member presents which certificate, who is silent, the load balancer sampled, the
// bridging load balancer under Extended Protection, and --baseline's drift.
#include "fixtures.hpp"

#include <adplan/verify/pool_plan.hpp>
#include <adplan/verify/verify.hpp>
#include <adplan/verify/verify_json.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace adplan;
using namespace adplan::observe;

namespace {

nlohmann::json pool_json(const std::string& tls) {
  auto j = test::contoso_json(1);
  j["exchange"] = "SE";
  j["servers"] = {{{"name", "EX01"}, {"fqdn", "ex01.contoso.com"}, {"ip", "192.0.2.10"}},
                  {{"name", "EX02"}, {"fqdn", "ex02.contoso.com"}, {"ip", "192.0.2.20"}}};
  j["load_balancers"] = {{{"namespace", "mail.contoso.com"}, {"addresses", {"203.0.113.10"}}, {"tls", tls}}};
  return j;
}

CertificateFacts cert(char fill, std::int64_t not_after) {
  CertificateFacts f;
  f.sha256 = std::string(64, fill);
  f.thumbprint = std::string(40, static_cast<char>(std::toupper(fill)));
  f.serial = std::string(8, static_cast<char>(std::toupper(fill)));
  f.not_after = not_after;
  return f;
}

PoolConnection answered(const PoolMemberTarget& m, const CertificateFacts& c) {
  return {m, Transport::Ok, {}, c, 5};
}
PoolConnection silent(const PoolMemberTarget& m) {
  return {m, Transport::Refused, "connect: Connection refused", std::nullopt, 1};
}

// The https door of the plan's pool, observed: EX01, EX02, the load balancer.
Observations observed(const Plan& p, std::vector<PoolConnection> members, std::vector<PoolConnection> sampled = {}) {
  auto plan = verify::pool_plan(p);
  REQUIRE(!plan.targets.empty());
  Observations obs;
  obs.domain = "contoso.com";
  obs.pools.push_back({plan.targets[0], std::move(members), std::move(sampled)});
  return obs;
}

std::vector<Finding> pool_findings(const verify::VerifyResult& r) {
  std::vector<Finding> out;
  for (const auto& f : r.findings) {
    if (f.id.starts_with("tls.pool")) out.push_back(f);
  }
  return out;
}

const PoolMemberTarget k_ex01{"EX01", "192.0.2.10", false};
const PoolMemberTarget k_ex02{"EX02", "192.0.2.20", false};
const PoolMemberTarget k_lb{"load balancer", "203.0.113.10", true};
const CertificateFacts k_new = cert('b', 1805000000);
const CertificateFacts k_old = cert('a', 1790000000);

}  // namespace

TEST_CASE("pool verify: the plan's pool becomes one target per TLS door, members then the load balancer") {
  auto j = pool_json("passthrough");
  j["doors"] = {{"imap", {"mail.contoso.com"}}};
  auto plan = verify::pool_plan(test::plan_of(j));
  REQUIRE(plan.targets.size() == 3);  // https 443, imap 993 and 143
  CHECK(plan.targets[0].door == "https");
  CHECK(plan.targets[0].port == 443);
  CHECK(plan.targets[1].door == "imap");
  CHECK(plan.targets[1].port == 993);
  CHECK(plan.targets[1].implicit_tls);
  CHECK(plan.targets[2].port == 143);
  CHECK_FALSE(plan.targets[2].implicit_tls);
  REQUIRE(plan.targets[0].members.size() == 3);
  CHECK(plan.targets[0].members[1].name == "EX02");
  CHECK(plan.targets[0].members[2].load_balancer);
  CHECK(plan.extended_protection);
  CHECK(verify::pool_plan(test::plan_of(test::contoso_json(1))).empty());
}

TEST_CASE("pool verify: samples enough to see every pass-through member with 99.9% probability") {
  CHECK(verify::pool_samples(1, 0.999) == 1);
  CHECK(verify::pool_samples(2, 0.999) == 11);  // 2 * 0.5^11 < 0.001 <= 2 * 0.5^10
  CHECK(verify::pool_samples(3, 0.999) == 20);
  CHECK(verify::pool_samples(1000, 0.999) == verify::k_max_samples);
  for (std::size_t m = 2; m < 8; ++m) {  // from 8 members on, k_max_samples caps the count
    const int n = verify::pool_samples(m, 0.999);
    CHECK(static_cast<double>(m) * std::pow(1.0 - 1.0 / static_cast<double>(m), n) <= 0.001);
  }
}

TEST_CASE("pool verify: the same certificate everywhere: no pool finding, consistent") {
  const Plan p = test::plan_of(pool_json("passthrough"));
  auto r =
      verify::verify(observed(p, {answered(k_ex01, k_new), answered(k_ex02, k_new), answered(k_lb, k_new)}), &p, {});
  CHECK(pool_findings(r).empty());
  REQUIRE(r.pools.size() == 1);
  CHECK(r.pools[0].consistent);
  CHECK(r.pools[0].members[1].thumbprint == k_new.thumbprint);
}

TEST_CASE("pool verify: a server on the previous certificate is tls.pool-mismatch naming it and the evidence") {
  const Plan p = test::plan_of(pool_json("passthrough"));
  auto r =
      verify::verify(observed(p, {answered(k_ex01, k_new), answered(k_ex02, k_old), answered(k_lb, k_new)}), &p, {});
  auto f = pool_findings(r);
  REQUIRE(f.size() == 1);
  CHECK(f[0].id == "tls.pool-mismatch");
  CHECK(f[0].severity == Severity::Error);
  // On a tie the newer certificate is the reference: EX02 is the one to fix.
  CHECK(f[0].remedy.find("on EX02 ") != std::string::npos);
  CHECK(f[0].remedy.find("EX01") == std::string::npos);
  CHECK(f[0].remedy.find(k_new.thumbprint) != std::string::npos);
  CHECK(f[0].evidence.find("EX02 192.0.2.20: sha256 " + k_old.sha256 + ", thumbprint " + k_old.thumbprint +
                           ", serial " + k_old.serial + ", notAfter ") != std::string::npos);
  CHECK_FALSE(r.pools[0].consistent);
  CHECK_FALSE(r.pass());
  SUBCASE("a pass-through load balancer that shows EX02's certificate: EX02 is the one to fix, not the load balancer") {
    auto r2 =
        verify::verify(observed(p, {answered(k_ex01, k_new), answered(k_ex02, k_old), answered(k_lb, k_old)}), &p, {});
    auto f2 = pool_findings(r2);
    REQUIRE(f2.size() == 1);
    CHECK(f2[0].remedy.find("on EX02 and enable") != std::string::npos);
  }
  SUBCASE("verify --cert names the expected one: the server presenting another is to fix, whatever the count") {
    verify::VerifyOptions o;
    o.door_certificate = k_old;
    auto r2 =
        verify::verify(observed(p, {answered(k_ex01, k_new), answered(k_ex02, k_old), answered(k_lb, k_old)}), &p, o);
    auto f2 = pool_findings(r2);
    REQUIRE(f2.size() == 1);
    CHECK(f2[0].remedy.find("on EX01 ") != std::string::npos);
  }
}

TEST_CASE("pool verify: a silent member among answering ones is a warning naming it") {
  const Plan p = test::plan_of(pool_json("passthrough"));
  auto r = verify::verify(observed(p, {answered(k_ex01, k_new), silent(k_ex02), answered(k_lb, k_new)}), &p, {});
  auto f = pool_findings(r);
  REQUIRE(f.size() == 1);
  CHECK(f[0].id == "tls.pool-member-unreachable");
  CHECK(f[0].severity == Severity::Warning);
  CHECK(f[0].message.find("EX02 (192.0.2.20)") != std::string::npos);
}

TEST_CASE("pool verify: no member answers at its own address: info, and the load balancer's samples compared") {
  const Plan p = test::plan_of(pool_json("passthrough"));
  SUBCASE("all samples agree") {
    auto r = verify::verify(observed(p, {silent(k_ex01), silent(k_ex02), answered(k_lb, k_new)},
                                     {answered(k_lb, k_new), answered(k_lb, k_new)}),
                            &p, {});
    auto f = pool_findings(r);
    REQUIRE(f.size() == 1);
    CHECK(f[0].id == "tls.pool-sampled");
    CHECK(f[0].severity == Severity::Info);
    CHECK(r.pools[0].sampled);
    CHECK(r.pools[0].consistent);
  }
  SUBCASE("two certificates among the samples") {
    auto r = verify::verify(observed(p, {silent(k_ex01), silent(k_ex02), answered(k_lb, k_new)},
                                     {answered(k_lb, k_new), answered(k_lb, k_old), answered(k_lb, k_new)}),
                            &p, {});
    auto f = pool_findings(r);
    REQUIRE(f.size() == 2);
    CHECK(f[0].id == "tls.pool-mismatch");
    CHECK(f[0].remedy.find("find the server presenting another certificate than thumbprint " + k_new.thumbprint) !=
          std::string::npos);
    CHECK_FALSE(r.pools[0].consistent);
  }
  SUBCASE("nothing answers at all: an error") {
    auto r = verify::verify(observed(p, {silent(k_ex01), silent(k_ex02), silent(k_lb)}, {silent(k_lb)}), &p, {});
    auto f = pool_findings(r);
    REQUIRE(f.size() == 1);
    CHECK(f[0].id == "tls.pool-unreachable");
    CHECK(f[0].severity == Severity::Error);
  }
}

TEST_CASE("pool verify: bridging under Extended Protection with another certificate on the load balancer") {
  const Plan p = test::plan_of(pool_json("bridging"));
  auto r =
      verify::verify(observed(p, {answered(k_ex01, k_new), answered(k_ex02, k_new), answered(k_lb, k_old)}), &p, {});
  auto f = pool_findings(r);
  REQUIRE(f.size() == 1);
  CHECK(f[0].id == "tls.pool-extended-protection");
  CHECK(f[0].message.find("Extended Protection") != std::string::npos);
  // Extended Protection off: the load balancer's own certificate is its business.
  auto j = pool_json("bridging");
  j["extended_protection"] = false;
  const Plan off = test::plan_of(j);
  auto r2 = verify::verify(observed(off, {answered(k_ex01, k_new), answered(k_ex02, k_new), answered(k_lb, k_old)}),
                           &off, {});
  CHECK(pool_findings(r2).empty());
}

TEST_CASE("pool verify: --json records each member; --baseline finds the member that did not change") {
  const Plan p = test::plan_of(pool_json("passthrough"));
  auto before =
      verify::verify(observed(p, {answered(k_ex01, k_old), answered(k_ex02, k_old), answered(k_lb, k_old)}), &p, {});
  auto baseline = verify::to_json(before, 10);
  REQUIRE(baseline["pools"].size() == 1);
  CHECK(baseline["pools"][0]["members"][0]["sha256"] == k_old.sha256);
  CHECK(baseline["pools"][0]["members"][0]["not_after"] == k_old.not_after);
  // EX01 renewed, EX02 not: the renewal half landed.
  auto now =
      verify::verify(observed(p, {answered(k_ex01, k_new), answered(k_ex02, k_old), answered(k_lb, k_new)}), &p, {});
  auto drift = verify::compare_pool_baseline(now, baseline);
  REQUIRE(drift.size() == 1);
  CHECK(drift[0].id == "tls.pool-renewal-partial");
  CHECK(drift[0].message.find("EX01 changed certificate and EX02 did not") != std::string::npos);
  CHECK(drift[0].remedy.find("EX02") != std::string::npos);
  // Both renewed: info; nothing changed: nothing.
  auto both =
      verify::verify(observed(p, {answered(k_ex01, k_new), answered(k_ex02, k_new), answered(k_lb, k_new)}), &p, {});
  auto all = verify::compare_pool_baseline(both, baseline);
  REQUIRE(all.size() == 1);
  CHECK(all[0].id == "tls.pool-renewed");
  CHECK(verify::compare_pool_baseline(before, baseline).empty());
  CHECK(verify::compare_pool_baseline(before, nlohmann::json::object()).empty());
}

TEST_CASE("pool verify: --baseline must be an earlier verify --json report") {
  const Plan p = test::plan_of(pool_json("passthrough"));
  auto before =
      verify::verify(observed(p, {answered(k_ex01, k_old), answered(k_ex02, k_old), answered(k_lb, k_old)}), &p, {});
  auto parsed = verify::parse_baseline(verify::to_json(before, 10).dump(), "before.json");
  REQUIRE(parsed);
  CHECK((*parsed)["pools"].size() == 1);
  for (const char* bad : {"", "not json", "[]", R"({"format": "adplan-plan/1"})", R"({"verdict": "pass"})"}) {
    CAPTURE(bad);
    auto e = verify::parse_baseline(bad, "old.json");
    REQUIRE_FALSE(e);
    CHECK(e.error().code == "usage.baseline");
    CHECK(e.error().field == "--baseline");
    CHECK(e.error().message == "\"old.json\" is not a verify report");
    CHECK(e.error().hint.find("adplan verify --json") != std::string::npos);
  }
}
