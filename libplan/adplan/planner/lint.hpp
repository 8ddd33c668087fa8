#pragma once
// Plan lint: every problem a careful consultant would raise, at once, each with a stable id.
#include <adplan/planner/plan.hpp>

namespace adplan {

std::vector<Finding> lint(const Plan& p, const Deployment& d, const Scenario& s, const PlanOptions& options);

// Today's maximum validity of a publicly trusted TLS certificate, in days
// (CA/B Forum ballot SC-081: 398, then 200 from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15).
int max_public_validity_days(std::chrono::year_month_day issued);

}  // namespace adplan
