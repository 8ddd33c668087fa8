// adplan __describe --json (hidden): the command table as data, for the man pages and the shell
// completion tools/gen_docs.py generates at build time. Values an option takes come from its
// CLI11 validator (IsMember) where it has one, otherwise from the small table below, which names
// values the option's own help text lists; files and directories from the option's name.
#include "describe.hpp"
#include "version.hpp"

#include <adplan/model/finding_catalog.hpp>

#include <array>
#include <ostream>
#include <string_view>

namespace adplan::cli {
namespace {

using Json = nlohmann::ordered_json;

struct ValueHint {
  std::string_view command;  // "" for every command
  std::string_view option;   // long name
  std::string_view values;   // space separated
};

// Values the help text of these options lists (keep in step with their help; a CLI11 IsMember
// check on the option makes an entry here unnecessary).
constexpr std::array k_values{
    ValueHint{"", "--scenario", "1 2 3 4"},
    ValueHint{"init", "--exchange", "2007 2010 2013 2016 2019 SE"},
    ValueHint{"init", "--ca", "public internal"},
    ValueHint{"init", "--services", "ews oab um outlook-anywhere owa ecp activesync"},
    ValueHint{"csr", "--key", "rsa:2048 rsa:3072 rsa:4096 ec:p256 ec:p384"},
    ValueHint{"ca init", "--key", "rsa:4096 rsa:2048 rsa:3072 ec:p256 ec:p384"},
    ValueHint{"dns", "--view", "external internal"},
    ValueHint{"dns", "--format", "bind windows json"},
    ValueHint{"recommend", "--srv", "yes no"},
    ValueHint{"recommend", "--san-certificate", "yes no"},
    ValueHint{"recommend", "--second-ip", "yes no"},
    ValueHint{"recommend", "--hoster", "yes no"},
    ValueHint{"acme", "--challenge", "http-01 dns-01"},
    ValueHint{"acme", "--acme-directory", "production staging"},
};

constexpr std::array<std::string_view, 7> k_dir_options{"--out",    "--dir",     "--pki",    "--templates",
                                                        "--prefix", "--webroot", "--lab-dir"};
constexpr std::array<std::string_view, 10> k_file_options{"--plan", "--output",   "--chain", "--csr",       "--ics",
                                                          "--dot",  "--htpasswd", "--svg",   "--ldif-file", "--bulk"};

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto j = s.find_first_of(" ,", i);
    const auto word = s.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i);
    if (!word.empty()) out.emplace_back(word);
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

// A CLI11 IsMember validator shows as "TEXT:{a,b,c}" in the type name.
std::vector<std::string> member_values(const std::string& type_name) {
  const auto open = type_name.find('{');
  const auto close = type_name.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return {};
  return split_words(std::string_view(type_name).substr(open + 1, close - open - 1));
}

// What completes the option's value: "values", "file", "dir", "finding", "none".
std::string completion_for(const std::string& command, const CLI::Option& o, Json& values) {
  const std::string name = o.get_lnames().empty() ? o.get_name() : "--" + o.get_lnames().front();
  if (auto v = member_values(o.get_type_name()); !v.empty()) {
    values = v;
    return "values";
  }
  for (const auto& h : k_values) {
    if (h.option == name && (h.command.empty() || h.command == command)) {
      values = split_words(h.values);
      return "values";
    }
  }
  const auto& d = o.get_description();
  if (d.find("finding id") != std::string::npos) return "finding";
  if (command == "cert check" && name == "--key") return "file";
  for (auto f : k_dir_options)
    if (name == f) return "dir";
  for (auto f : k_file_options)
    if (name == f) return "file";
  if (name.ends_with("-file") || name.ends_with("-path")) return "file";
  if (o.get_positional()) {
    for (std::string_view w : {"cert", "csr", "files", "file", "old", "new"})
      if (o.get_name() == w) return "file";
  }
  return "none";
}

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
  cmd->add_flag("--json", *json, "JSON (the only output)");
  cmd->callback([&ctx, &run, &app] {
    run = [&ctx, &app] {
      ctx.out << describe(app).dump(2) << "\n";
      return k_exit_ok;
    };
  });
}

}  // namespace adplan::cli
