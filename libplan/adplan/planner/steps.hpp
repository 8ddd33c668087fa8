#pragma once
// The paper's procedure for a scenario, step by step, filled with this organisation's values.
#include <adplan/planner/plan.hpp>

namespace adplan {

std::vector<PlanStep> plan_steps(const Plan& p, const Deployment& d, const Scenario& s);

// Whether a scenario file's step id names a step adplan knows.
bool is_known_step(std::string_view id);

// A zone-file line for a record: "mail.contoso.com. 3600 IN A 203.0.113.10".
std::string zone_line(const DnsRecord& r);

}  // namespace adplan
