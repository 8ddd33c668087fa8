#pragma once
// `adplan render --diff OLD`: the change plan of `adplan diff OLD NEW` as files beside the other
// rendered artifacts — change.md for the people who approve the change (each step, why, the
// commands and how to check it) and change.ps1 for the Exchange and Windows DNS administrators:
// the PowerShell lines in the safe order, what is not PowerShell (adplan, zone-file lines, values
// to fill in) as comments, and a pause after every step until its check has passed. Pure.
#include <adplan/planner/diff.hpp>
#include <adplan/render/artifacts.hpp>

#include <vector>

namespace adplan::render {

// {"change.md", ...}, {"change.ps1", ...}; for equal plans both say there is nothing to change.
std::vector<Artifact> render_change_plan(const Diff& d, std::string_view old_plan);

}  // namespace adplan::render
