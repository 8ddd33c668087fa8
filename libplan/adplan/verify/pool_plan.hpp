#pragma once
// Issue 24: what verify probes of the plan's load-balanced pools (observe/pool.hpp), and the
// drift of each member's certificate against an earlier verify report (verify --baseline).
#include <adplan/model/finding.hpp>
#include <adplan/observe/pool.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/verify/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace adplan::verify {

// Every TLS door of every pool: 443, and each mail door whose host is the namespace; the members
// (each server by its own address, then the load balancer's addresses); the samples to take from
// the load balancer when no member answers. Empty without load_balancers in the plan.
observe::PoolPlan pool_plan(const Plan& p);

// Connections to a pass-through load balancer of `members` servers after which every member has
// been seen with probability at least `confidence` (uniform choice, a union bound over members:
// members * (1 - 1/members)^n <= 1 - confidence); 1 for a single member. Capped at k_max_samples.
inline constexpr int k_max_samples = 64;
int pool_samples(std::size_t members, double confidence);

// verify --baseline REPORT.json: per pool door, which members present another certificate than
// the earlier report recorded and which the same. Some changed and some not: the renewal half
// landed (tls.pool-renewal-partial, a warning naming the members left behind); all changed:
// tls.pool-renewed (info). A report without pools gives nothing.
std::vector<Finding> compare_pool_baseline(const VerifyResult& now, const nlohmann::json& baseline);
// --baseline FILE's text (`file` names it): an adplan-verify/1 report, else usage.baseline naming
// the flag and what to give.
Result<nlohmann::json> parse_baseline(std::string_view text, std::string_view file);

}  // namespace adplan::verify
