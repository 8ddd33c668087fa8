#pragma once
// Shared test inputs: the paper's contoso.com organisation, per scenario, and a fixed date.
#include <adplan/model/deployment_json.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/scenario/scenario.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

namespace adplan::test {

inline constexpr std::chrono::year_month_day k_today{std::chrono::year{2026}, std::chrono::November,
                                                     std::chrono::day{24}};

// adplan.json of the built-in example for a scenario (what `init --scenario N --yes` writes).
inline nlohmann::json contoso_json(int scenario) {
  nlohmann::json j{{"version", 1},
                   {"scenario", scenario},
                   {"exchange", "2019"},
                   {"domains", {"contoso.com"}},
                   {"external_host", "mail.contoso.com"},
                   {"autodiscover_host", "autodiscover.contoso.com"},
                   {"servers", {{{"name", "CAS01"}, {"fqdn", "cas01.contoso.com"}, {"ip", "192.0.2.10"}}}},
                   {"public_ip", "203.0.113.10"},
                   {"ca", "public"}};
  if (scenario >= 3) {
    j["servers"][0]["secondary_ip"] = "192.0.2.11";
    j["secondary_public_ip"] = "203.0.113.11";
  }
  return j;
}

// A fuller organisation: two servers in two sites, an internal namespace, two domains,
// Exchange 2010, internal CA (the golden files' enterprise-N sets).
inline nlohmann::json enterprise_json(int scenario) {
  auto j = contoso_json(scenario);
  j["exchange"] = "2010";
  j["internal_domain"] = "contoso.local";
  j["domains"] = {"contoso.com", "fabrikam.com"};
  j["ca"] = "internal";
  j["servers"] = {{{"name", "CAS01"}, {"fqdn", "cas01.contoso.local"}, {"ip", "10.0.0.10"}, {"site", "Seattle"}},
                  {{"name", "CAS02"},
                   {"fqdn", "cas02.contoso.local"},
                   {"ip", "10.1.0.10"},
                   {"site", "Dublin"},
                   {"site_scope", {"Dublin", "Paris"}}}};
  if (scenario >= 3) {
    j["servers"][0]["secondary_ip"] = "10.0.0.11";
    j["servers"][1]["secondary_ip"] = "10.1.0.11";
  }
  j["subject"] = {{"O", "Contoso Ltd"}, {"C", "US"}};
  return j;
}

inline Deployment deployment(const nlohmann::json& j) {
  auto d = deployment_from_json(j);
  if (!d) {
    std::string all;
    for (const auto& e : d.error()) all += e.to_string() + "\n";
    throw std::runtime_error("fixture does not validate:\n" + all);
  }
  return *d;
}

inline Plan plan_of(const nlohmann::json& j) {
  auto d = deployment(j);
  return make_plan(d, *find_scenario(d.scenario), PlanOptions{k_today});
}

inline bool has_finding(const Plan& p, std::string_view id) {
  for (const auto& f : p.findings) {
    if (f.id == id) return true;
  }
  return false;
}

}  // namespace adplan::test
