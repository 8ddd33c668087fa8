#pragma once
// `adplan diff` for people: what changes, grouped by team (certificates, DNS per view in BIND
// and Windows DNS form, SCP and service URLs, web sites, addresses, the paper's requirements
// row), then the change plan in its safe order. Pure and deterministic; nothing for equal plans.
#include <adplan/planner/diff.hpp>

#include <string>

namespace adplan::render {

std::string render_diff_text(const Diff& d);

}  // namespace adplan::render
