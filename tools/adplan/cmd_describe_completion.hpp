#pragma once
// What completes an option's value in the generated shell completion (adplan __describe --json):
// "values" (with the values), "file", "dir", "finding" (a finding id) or "none".
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace adplan::cli {

// `command` is the option's command path ("ca sign"); `values` receives the values it takes.
std::string completion_for(const std::string& command, const CLI::Option& o, nlohmann::ordered_json& values);

}  // namespace adplan::cli
