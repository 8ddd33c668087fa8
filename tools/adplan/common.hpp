#pragma once
// Helpers the commands share: load adplan.json into a Plan, print errors and findings.
#include "context.hpp"

#include <adplan/model/deployment.hpp>
#include <adplan/model/error.hpp>
#include <adplan/model/finding.hpp>
#include <adplan/planner/plan.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace adplan::cli {

struct Loaded {
  Deployment deployment;
  Plan plan;
};

// Reads and validates the plan file; on failure prints every problem and returns nullopt.
std::optional<Loaded> load_plan_file(Context& ctx, const std::filesystem::path& file);

void print_errors(Context& ctx, const Errors& errors);
void print_findings(Context& ctx, const std::vector<Finding>& findings);
// A rendered artifact to stdout (exit 0), or its error (exit 2).
int print_artifact(Context& ctx, const Result<std::string>& text);

// "bold" and "red" on a terminal, plain text otherwise.
std::string style(const Context& ctx, std::string_view text, std::string_view sgr);

// A simple left-aligned text table.
std::string table(const std::vector<std::vector<std::string>>& rows);

// The paper's requirements table for the given scenarios (one column each).
std::string requirements_table(const std::vector<int>& scenario_ids);

}  // namespace adplan::cli
