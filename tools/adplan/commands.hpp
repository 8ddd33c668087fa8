#pragma once
// One register_* per subcommand file. Each adds its subcommand to the app and sets `run`
// to the function run_cli calls after parsing.
#include "context.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace adplan::cli {

using Runner = std::function<int()>;

// The whole command line: parse, run the chosen command, map what escapes to an exit code
// (CLI11 parse errors 2; an exception out of a command is a bug: 3, with a request to report it).
int run_cli(Context& ctx, int argc, const char* const* argv);

// Each registers its subcommand; the callback stores the runner run_cli will call.
void register_init(CLI::App& app, Context& ctx, Runner& run);
void register_plan(CLI::App& app, Context& ctx, Runner& run);
void register_scenarios(CLI::App& app, Context& ctx, Runner& run);
void register_recommend(CLI::App& app, Context& ctx, Runner& run);
void register_csr(CLI::App& app, Context& ctx, Runner& run);
void register_ca(CLI::App& app, Context& ctx, Runner& run);
void register_ca_sign(CLI::App& ca, Context& ctx, Runner& run);  // under `ca`
void register_cert(CLI::App& app, Context& ctx, Runner& run);
void register_dns(CLI::App& app, Context& ctx, Runner& run);
void register_config(CLI::App& app, Context& ctx, Runner& run);
void register_render(CLI::App& app, Context& ctx, Runner& run);
void register_verify(CLI::App& app, Context& ctx, Runner& run);
void register_scp(CLI::App& app, Context& ctx, Runner& run);
void register_diff(CLI::App& app, Context& ctx, Runner& run);
void register_acme(CLI::App& app, Context& ctx, Runner& run);
void register_exporter(CLI::App& app, Context& ctx, Runner& run);  // issue 13
void register_renew(CLI::App& app, Context& ctx, Runner& run);     // issue 24

}  // namespace adplan::cli
