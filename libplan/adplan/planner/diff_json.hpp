#pragma once
// The documented JSON form of a Diff (`adplan diff --json`, format adplan-diff/1; README).
#include <adplan/planner/diff.hpp>

#include <nlohmann/json.hpp>

namespace adplan {

nlohmann::ordered_json to_json(const Diff& d);

}  // namespace adplan
