// adplan __describe --json (hidden): the command table as data, for the man pages and the shell
// completion tools/gen_docs.py generates at build time. What completes an option's value comes
// from cmd_describe_completion.cpp.
#include "cmd_describe_completion.hpp"
#include "common.hpp"
#include "describe.hpp"
#include "version.hpp"

#include <adplan/model/finding_catalog.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

using Json = nlohmann::ordered_json;

Json describe_option(const std::string& command, const CLI::Option& o) {
  Json j;
  j["names"] = Json::array();
  for (const auto& s : o.get_snames()) j["names"].push_back("-" + s);
  for (const auto& l : o.get_lnames()) j["names"].push_back("--" + l);
  j["positional"] = o.get_positional() && !o.nonpositional();
  if (j["positional"]) j["name"] = o.get_name();
  j["description"] = o.get_description();
  j["flag"] = o.get_expected_max() == 0;
  j["type"] = o.get_type_name();
  j["required"] = o.get_required();
  j["repeatable"] = o.get_items_expected_max() > 1 || o.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  j["default"] = o.get_default_str();
  Json values = Json::array();
  j["complete"] = j["flag"] ? std::string("none") : completion_for(command, o, values);
  j["values"] = values;
  return j;
}

Json describe_app(const CLI::App& app, const std::string& path) {
  Json j;
  j["name"] = app.get_name();
  j["path"] = path;
  j["description"] = app.get_description();
  j["footer"] = app.get_footer();
  j["options"] = Json::array();
  for (const auto* o : app.get_options()) {
    if (o->get_group().empty()) continue;  // hidden
    j["options"].push_back(describe_option(path, *o));
  }
  j["commands"] = Json::array();
  for (const auto* sub : app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); })) {
    j["commands"].push_back(describe_app(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name()));
  }
  return j;
}

}  // namespace

Json describe(const CLI::App& app) {
  Json j;
  j["format"] = "adplan-describe/1";
  j["version"] = version_text();
  j["app"] = describe_app(app, "");
  j["findings"] = Json::array();
  for (const auto& f : finding_catalog()) {
    j["findings"].push_back({{"id", f.id}, {"severity", f.severity}, {"meaning", f.meaning}});
  }
  return j;
}

void register_describe(CLI::App& app, Context& ctx, Runner& run) {
  auto* cmd = app.add_subcommand("__describe", "the command table as JSON (for the man pages and completion)");
  cmd->group("");  // hidden: not in --help, not in the man pages, not completed
  auto json = std::make_shared<bool>(false);
  add_json_flag(*cmd, *json, "the only output");
  cmd->callback([&ctx, &run, &app] {
    run = [&ctx, &app] {
      ctx.out << json_text(describe(app)) << "\n";
      return k_exit_ok;
    };
  });
}

}  // namespace adplan::cli
