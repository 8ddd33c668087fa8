#pragma once
// The runbook: Markdown that walks through the scenario's steps in the paper's order, filled
// with this organisation's names, addresses, records and commands, and how to check each.
#include <adplan/planner/plan.hpp>
#include <adplan/render/template_set.hpp>

namespace adplan::render {

Result<std::string> render_runbook(const Plan& p, const TemplateSet& templates);

}  // namespace adplan::render
