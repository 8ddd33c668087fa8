// adplan scenarios: the paper's four scenarios side by side.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/planner/plan_json.hpp>
#include <adplan/scenario/scenario.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

int run_scenarios(Context& ctx, bool json) {
  if (json) {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& s : scenarios()) {
      arr.push_back({{"id", s.id},
                     {"key", s.key},
                     {"title", s.title},
                     {"summary", s.summary},
                     {"requirements", to_json(s.requirements)},
                     {"pros", s.pros},
                     {"cons", s.cons},
                     {"external_discovery", s.external_discovery}});
    }
    ctx.out << json_text(nlohmann::ordered_json{{"format", "adplan-scenarios/1"}, {"scenarios", arr}}) << "\n";
    return k_exit_ok;
  }
  std::vector<int> ids;
  for (const auto& s : scenarios()) ids.push_back(s.id);
  ctx.out << requirements_table(ids) << "\n";
  for (const auto& s : scenarios()) {
    ctx.out << style(ctx, "Scenario " + std::to_string(s.id) + ": " + s.title, "1") << "\n  " << s.summary << "\n";
    for (const auto& pro : s.pros) ctx.out << "  + " << pro << "\n";
    for (const auto& con : s.cons) ctx.out << "  - " << con << "\n";
    ctx.out << "\n";
  }
  ctx.out << "Any scenario can take its certificates from an internal CA (the paper's Windows Certificate Services "
             "option: `adplan init --ca internal`): smallest up-front cost, highest cost of ownership, since every "
             "client outside the domain must trust your root.\n";
  return k_exit_ok;
}

}  // namespace

void register_scenarios(CLI::App& app, Context& ctx, Runner& run) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("scenarios", "the four scenarios side by side: requirements, pros, cons");
  add_json_flag(*cmd, *json);
  cmd->callback([&ctx, &run, json] { run = [&ctx, json] { return run_scenarios(ctx, *json); }; });
}

}  // namespace adplan::cli
