#pragma once
// The human text of reports (issue 22): findings as every command prints them, simple tables and
// the white paper's requirements table; the plan's report. Text from elsewhere is shown with escape_controls
// (model/sanitize.hpp); `color` adds ECMA-48 SGR attributes for a terminal.
#include <adplan/model/finding.hpp>
#include <adplan/planner/plan.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace adplan::render {

// `text` in SGR `code` ("1" bold, "1;31" bold red) when `color`, else as it is.
std::string sgr(bool color, std::string_view text, std::string_view code);
// "  error id [subject]", then the message, the fix and what was seen, indented.
std::string findings_text(const std::vector<Finding>& findings, bool color);
// A left-aligned table, two spaces between columns.
std::string table(const std::vector<std::vector<std::string>>& rows);
// The paper's requirements table for the given scenarios (one column each).
std::string requirements_table(const std::vector<int>& scenario_ids);

// `adplan plan`'s report: the scenario, the paper's table, certificates, sites, DNS, SCPs, URLs,
// the runbook's steps and the plan's findings.
std::string plan_text(const Plan& p, bool color);

}  // namespace adplan::render
