#pragma once
// The change plan of `adplan diff`: from the differences diff_plans found, the ordered steps that
// make them without an outage (certificates, sites, DNS, the TTL wait, SCP and URLs, removals),
// each with its commands and its check.
#include <adplan/planner/diff.hpp>

namespace adplan {

// Fills d.steps from the rest of d; `o.new_plan` names the new adplan.json in the commands.
void make_change_steps(Diff& d, const DiffOptions& o);

}  // namespace adplan
