// Issue 24: the load-balanced pool in the plan -- adplan.json's load_balancers, Extended Protection's
// rules with the Exchange version, and the step that puts the one certificate on every server in order.
#include "fixtures.hpp"
#include "golden.hpp"

#include <adplan/model/deployment_builder.hpp>
#include <adplan/planner/plan_json.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace adplan;
using adplan::test::contoso_json;
using adplan::test::plan_of;

namespace {

nlohmann::json pool_json(const std::string& tls, const std::string& exchange = "SE") {
  auto j = contoso_json(1);
  j["exchange"] = exchange;
  j["servers"] = {{{"name", "EX01"}, {"fqdn", "ex01.contoso.com"}, {"ip", "192.0.2.10"}},
                  {{"name", "EX02"}, {"fqdn", "ex02.contoso.com"}, {"ip", "192.0.2.20"}}};
  j["load_balancers"] = {{{"namespace", "mail.contoso.com"}, {"addresses", {"203.0.113.10"}}, {"tls", tls}}};
  return j;
}

const Finding* finding(const Plan& p, std::string_view id) {
  auto it = std::ranges::find(p.findings, id, &Finding::id);
  return it == p.findings.end() ? nullptr : &*it;
}

const PlanStep* step(const Plan& p, std::string_view id) {
  auto it = std::ranges::find(p.steps, id, &PlanStep::id);
  return it == p.steps.end() ? nullptr : &*it;
}

std::string findings_text(const Plan& p, std::string_view prefix) {
  std::string out;
  for (const auto& f : p.findings) {
    if (!f.id.starts_with(prefix)) continue;
    out += f.id + " (" + std::string(to_string(f.severity)) + ") " + f.subject + "\n  " + f.message +
           "\n  fix: " + f.remedy + "\n";
    if (!f.evidence.empty()) out += "  evidence: " + f.evidence + "\n";
  }
  return out;
}

std::string errors_text(const nlohmann::json& j) {
  auto d = deployment_from_json(j);
  if (d) return "";
  std::string out;
  for (const auto& e : d.error()) out += e.to_string() + "\n";
  return out;
}

}  // namespace

TEST_CASE("pool: adplan.json without load_balancers plans no pool and no pool step (older plans unchanged)") {
  Plan p = plan_of(contoso_json(1));
  CHECK(p.pools.empty());
  CHECK_FALSE(step(p, "pool-certificate"));
  CHECK(std::ranges::none_of(p.findings, [](const Finding& f) { return f.id.starts_with("pool."); }));
  auto j = to_json(p);
  CHECK_FALSE(j.contains("pools"));
}

TEST_CASE("pool: load_balancers are read, written back and validated field by field") {
  auto d = test::deployment(pool_json("bridging"));
  REQUIRE(d.load_balancers.size() == 1);
  CHECK(d.load_balancers[0].name_space.str() == "mail.contoso.com");
  CHECK(d.load_balancers[0].tls == LbTls::Bridging);
  CHECK(d.load_balancers[0].addresses[0].str() == "203.0.113.10");
  auto again = load_deployment(to_json_text(d), "adplan.json");
  REQUIRE(again);
  CHECK(to_json_text(*again) == to_json_text(d));

  SUBCASE("unknown TLS mode names the field and the modes") {
    auto e = errors_text(pool_json("terminate"));
    CHECK(e.find("load_balancers[0].tls") != std::string::npos);
    CHECK(e.find("\"terminate\" is not a TLS mode") != std::string::npos);
    CHECK(e.find("passthrough") != std::string::npos);
  }
  SUBCASE("a namespace the plan does not publish") {
    auto j = pool_json("passthrough");
    j["load_balancers"][0]["namespace"] = "www.contoso.com";
    auto e = errors_text(j);
    CHECK(e.find("load_balancers[0].namespace: \"www.contoso.com\" is not a name the plan publishes") !=
          std::string::npos);
  }
  SUBCASE("a bad address and an empty list") {
    auto j = pool_json("passthrough");
    j["load_balancers"][0]["addresses"] = {"203.0.113.300"};
    CHECK(errors_text(j).find("load_balancers[0].addresses[0]") != std::string::npos);
    j["load_balancers"][0]["addresses"] = nlohmann::json::array();
    CHECK(errors_text(j).find("load_balancers[0].addresses: must be a non-empty list") != std::string::npos);
  }
  SUBCASE("extended_protection must be a boolean") {
    auto j = pool_json("passthrough");
    j["extended_protection"] = "yes";
    CHECK(errors_text(j).find("extended_protection: \"yes\" is not true or false") != std::string::npos);
  }
}

TEST_CASE("pool: init's --load-balancer IP[,MODE] and --extended-protection on|off") {
  DeploymentDraft draft;
  draft.scenario = 1;
  draft.domains = {"contoso.com"};
  draft.external_host = "mail.contoso.com";
  draft.servers = {{"EX01", "ex01.contoso.com", "192.0.2.10", {}, {}}};
  draft.public_ip = "203.0.113.10";
  draft.load_balancers = {"203.0.113.10", "203.0.113.11"};
  draft.extended_protection = "off";
  auto d = build_deployment(draft);
  REQUIRE(d);
  REQUIRE(d->load_balancers.size() == 1);
  CHECK(d->load_balancers[0].tls == LbTls::Passthrough);  // the default mode
  CHECK(d->load_balancers[0].addresses.size() == 2);
  CHECK(d->extended_protection == false);
  draft.load_balancers = {"203.0.113.10,offloading"};
  draft.extended_protection.reset();
  d = build_deployment(draft);
  REQUIRE(d);
  CHECK(d->load_balancers[0].tls == LbTls::Offloading);
  draft.load_balancers = {"203.0.113.10,bridging", "203.0.113.11,passthrough"};
  d = build_deployment(draft);
  REQUIRE_FALSE(d);
  CHECK(d.error()[0].field == "load_balancers[0].tls");
}

TEST_CASE("pool: Extended Protection's default follows the Exchange version") {
  CHECK(plan_of(pool_json("passthrough", "SE")).extended_protection);
  CHECK(plan_of(pool_json("passthrough", "2019")).extended_protection);
  CHECK_FALSE(plan_of(pool_json("passthrough", "2016")).extended_protection);
  auto j = pool_json("passthrough", "2016");
  j["extended_protection"] = true;
  CHECK(plan_of(j).extended_protection);
  j = pool_json("passthrough", "2010");
  j["extended_protection"] = true;
  CHECK(finding(plan_of(j), "pool.extended-protection-unsupported"));
}

TEST_CASE("pool golden: offloading with Extended Protection is refused with the fix") {
  Plan p = plan_of(pool_json("offloading"));
  const Finding* f = finding(p, "pool.offloading-extended-protection");
  REQUIRE(f);
  CHECK(f->severity == Severity::Error);
  CHECK(has_errors(p.findings));
  test::check_golden("planner/pool-offloading-ep.txt", findings_text(p, "pool."));
  // Extended Protection off: offloading is the administrator's choice, no error.
  auto j = pool_json("offloading");
  j["extended_protection"] = false;
  CHECK_FALSE(finding(plan_of(j), "pool.offloading-extended-protection"));
  // Passthrough with Extended Protection: nothing to say.
  CHECK_FALSE(finding(plan_of(pool_json("passthrough")), "pool.offloading-extended-protection"));
}

TEST_CASE("pool: bridging names the servers' certificate for the load balancer, a warning under Extended Protection") {
  Plan p = plan_of(pool_json("bridging"));
  const Finding* f = finding(p, "pool.bridging-certificate");
  REQUIRE(f);
  CHECK(f->severity == Severity::Warning);
  CHECK(f->message.find("mail.contoso.com") != std::string::npos);
  CHECK(f->remedy.find("\\\\EX01\\c$\\pki\\mail.contoso.com.pfx") != std::string::npos);
  const PlanStep* s = step(p, "pool-certificate");
  REQUIRE(s);
  CHECK(s->commands.back().starts_with("# load balancer 203.0.113.10 (mail.contoso.com, bridging)"));
  auto j = pool_json("bridging");
  j["extended_protection"] = false;
  CHECK(finding(plan_of(j), "pool.bridging-certificate")->severity == Severity::Info);
}

TEST_CASE("pool: the certificate goes to every server in adplan.json's order, exported once") {
  auto j = pool_json("passthrough");
  j["servers"].push_back({{"name", "EX03"}, {"fqdn", "ex03.contoso.com"}, {"ip", "192.0.2.30"}});
  j["doors"] = {{"smtp", {"mail.contoso.com"}}};
  Plan p = plan_of(j);
  REQUIRE(p.pools.size() == 1);
  CHECK(p.pools[0].members.size() == 3);
  CHECK(p.pools[0].certificate == "default");
  const PlanStep* s = step(p, "pool-certificate");
  REQUIRE(s);
  REQUIRE(s->commands.size() == 3);  // export on EX01, import on EX02, then EX03
  CHECK(s->commands[0].find("Export-ExchangeCertificate -Server 'EX01'") != std::string::npos);
  CHECK(s->commands[1].starts_with("# 2. EX02\nImport-ExchangeCertificate -Server 'EX02'"));
  CHECK(s->commands[1].find("Enable-ExchangeCertificate -Server 'EX02' -Services IIS,SMTP -Force") !=
        std::string::npos);
  CHECK(s->commands[2].starts_with("# 3. EX03\n"));
  // The pool step comes before the mail doors bind the certificate on each server.
  auto pool_at = std::ranges::find(p.steps, "pool-certificate", &PlanStep::id);
  auto doors_at = std::ranges::find(p.steps, "mail-doors", &PlanStep::id);
  CHECK(pool_at < doors_at);
  CHECK(finding(p, "pool.single-member") == nullptr);
}

TEST_CASE("pool: plan --json lists the pool with its members and certificate") {
  auto j = to_json(plan_of(pool_json("bridging")));
  REQUIRE(j.contains("pools"));
  CHECK(j["pools"][0]["tls"] == "bridging");
  CHECK(j["pools"][0]["members"][1]["server"] == "EX02");
  CHECK(j["pools"][0]["certificate"] == "default");
  CHECK(j["extended_protection"] == true);
}
