// adplan plan: everything the chosen scenario needs, for people or (--json) for machines.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/planner/plan_json.hpp>
#include <adplan/render/report_text.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

struct PlanCmdOptions {
  std::string plan = "adplan.json";
  bool json = false;
};

int run_plan(Context& ctx, const PlanCmdOptions& o) {
  auto loaded = load_plan_file(ctx, o.plan);
  if (!loaded) return k_exit_usage;
  const Plan& p = loaded->plan;
  if (o.json) {
    ctx.out << json_text(to_json(p)) << "\n";
  } else {
    ctx.out << render::plan_text(p, ctx.color);
  }
  return has_errors(p.findings) ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_plan(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<PlanCmdOptions>();
  auto* cmd = app.add_subcommand("plan", "derive and print the plan: requirements, certificates, DNS, SCP, URLs, lint");
  add_plan_option(*cmd, o->plan);
  add_json_flag(*cmd, o->json, "documented in README");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_plan(ctx, *o); }; });
}

}  // namespace adplan::cli
