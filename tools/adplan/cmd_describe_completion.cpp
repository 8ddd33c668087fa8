// What completes an option's value (see cmd_describe_completion.hpp). Values come from the option's
// CLI11 validator (IsMember) where it has one, otherwise from the small table below, which names
// values the option's own help text lists; files and directories from the option's name.
#include "cmd_describe_completion.hpp"

#include <array>
#include <string_view>
#include <vector>

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
    ValueHint{"init", "--doors", "smtp submission imap pop"},
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
constexpr std::array<std::string_view, 13> k_file_options{"--plan",
                                                          "--output",
                                                          "--chain",
                                                          "--csr",
                                                          "--ics",
                                                          "--dot",
                                                          "--htpasswd",
                                                          "--svg",
                                                          "--ldif-file",
                                                          "--bulk",
                                                          "--cert",
                                                          "--html",
                                                          "--dnssec-trust-anchor"};

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

}  // namespace

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

}  // namespace adplan::cli
