#pragma once
// PowerShell scripts for the Exchange team (Exchange Management Shell) and the web team
// (IIS): the plan's steps of that role, in the paper's order, each with why it is there.
#include <adplan/planner/plan.hpp>
#include <adplan/render/template_set.hpp>

namespace adplan::render {

Result<std::string> render_exchange_script(const Plan& p, const TemplateSet& templates);
Result<std::string> render_iis_script(const Plan& p, const TemplateSet& templates);

}  // namespace adplan::render
