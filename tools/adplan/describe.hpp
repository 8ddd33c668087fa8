#pragma once
// `adplan __describe --json` (hidden): the command table itself — every command, option, its
// help text, the values it takes and what completes it — plus the finding catalogue, as JSON.
// tools/gen_docs.py turns it into the man pages and the shell completion at build time, so they
// never drift from --help.
#include "commands.hpp"

#include <nlohmann/json.hpp>

namespace adplan::cli {

void register_describe(CLI::App& app, Context& ctx, Runner& run);
nlohmann::ordered_json describe(const CLI::App& app);

}  // namespace adplan::cli
