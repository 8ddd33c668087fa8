#pragma once
// Who carries out each of the paper's steps (the Exchange team, the web team, DNS, the
// desktop team) and how to check it afterwards. The step list itself, its order and its
// commands come from the plan (planner/steps.cpp); this only sorts them into artifacts.
#include <adplan/planner/plan.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace adplan::render {

enum class StepRole {
  Exchange,  // Exchange Management Shell: certificates, SCP, virtual directories
  Iis,       // the server's web sites, bindings and addresses
  Dns,       // records at the DNS provider and on the internal DNS servers
  Clients,   // client computers: root certificate, Outlook updates
};

StepRole step_role(std::string_view step_id);
std::string_view to_string(StepRole r);

// Commands that show the step took effect: `adplan verify ...` and the native cmdlet.
std::vector<std::string> step_checks(const Plan& p, const PlanStep& step);

}  // namespace adplan::render
