#pragma once
// One register_* per subcommand file. Each adds its subcommand to the app and sets `run`
// to the function main calls after parsing.
#include "context.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace adplan::cli {

using Runner = std::function<int()>;

// Each registers its subcommand; the callback stores the runner main will call.
void register_init(CLI::App& app, Context& ctx, Runner& run);
void register_plan(CLI::App& app, Context& ctx, Runner& run);
void register_scenarios(CLI::App& app, Context& ctx, Runner& run);
void register_recommend(CLI::App& app, Context& ctx, Runner& run);
void register_csr(CLI::App& app, Context& ctx, Runner& run);
void register_ca(CLI::App& app, Context& ctx, Runner& run);
void register_cert(CLI::App& app, Context& ctx, Runner& run);
void register_dns(CLI::App& app, Context& ctx, Runner& run);
void register_config(CLI::App& app, Context& ctx, Runner& run);
void register_render(CLI::App& app, Context& ctx, Runner& run);
void register_verify(CLI::App& app, Context& ctx, Runner& run);
void register_scp(CLI::App& app, Context& ctx, Runner& run);

}  // namespace adplan::cli
