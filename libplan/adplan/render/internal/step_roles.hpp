#pragma once
// Who carries out each of the paper's steps (the Exchange team, the web team, DNS, the
// desktop team) and how to check it afterwards. The step list itself, its order and its
// commands come from the plan (planner/steps.cpp), each step's role from the step catalogue
// (scenario/step.hpp); this only sorts them into artifacts.
#include <adplan/planner/plan.hpp>
#include <adplan/scenario/step.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace adplan::render {

// The catalogue's role for a plan step's id.
StepRole step_role(std::string_view step_id);
std::string_view to_string(StepRole r);

// Commands that show the step took effect: `adplan verify ...` and the native cmdlet.
std::vector<std::string> step_checks(const Plan& p, const PlanStep& step);

}  // namespace adplan::render
