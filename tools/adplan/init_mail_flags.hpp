#pragma once
// init's flags for the mail doors, a load-balanced pool and DANE (issues 23, 24, 27), declared
// here beside cmd_init.cpp: most fill adplan.json's draft directly; --doors and --dane are folded
// in after parsing.
#include <adplan/model/deployment_builder.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan::cli {

struct InitMailFlags {
  std::optional<std::string> doors;     // smtp,submission,imap,pop
  std::vector<std::string> dane_words;  // --dane 3 1 1,2 1 1 (as words or one quoted argument)
  CLI::Option* dane = nullptr;          // --dane given, with or without a list
};

void add_init_mail_flags(CLI::App& cmd, DeploymentDraft& d, InitMailFlags& f);
// After parsing: --doors and --dane into the draft.
void apply_init_mail_flags(const InitMailFlags& f, DeploymentDraft& d);

}  // namespace adplan::cli
