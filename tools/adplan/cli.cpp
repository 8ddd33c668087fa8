// The command line as a whole: every subcommand registered, one place that catches.
#include "commands.hpp"
#include "common.hpp"
#include "describe.hpp"
#include "version.hpp"

#include <adplan/model/echo.hpp>

#include <optional>
#include <ostream>
#include <string_view>

namespace adplan::cli {
namespace {

// The first word that is not an option names the command; CLI11 alone would say "A subcommand
// is required" for a misspelt one.
std::optional<Error> unknown_command(CLI::App& app, int argc, const char* const* argv) {
  if (argc < 2) return std::nullopt;
  std::string_view word = argv[1];
  if (word.starts_with('-')) return std::nullopt;
  std::string names;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == word) return std::nullopt;
    if (sub->get_group().empty()) continue;  // hidden (__describe)
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  return usage_error("command", "", "unknown command " + quote_value(word),
                     "the commands are " + names + "; `adplan --help` describes them");
}

}  // namespace

int run_cli(Context& ctx, int argc, const char* const* argv) {
  CLI::App app{"adplan: plan and verify Exchange Autodiscover deployments (certificates, DNS, Exchange URLs)",
               "adplan"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::function<std::string()>(version_text),
                       "print the version, the git commit and the library versions");
  Runner run;
  register_init(app, ctx, run);
  register_plan(app, ctx, run);
  register_scenarios(app, ctx, run);
  register_recommend(app, ctx, run);
  register_csr(app, ctx, run);
  register_ca(app, ctx, run);
  register_cert(app, ctx, run);
  register_dns(app, ctx, run);
  register_config(app, ctx, run);
  register_render(app, ctx, run);
  register_verify(app, ctx, run);
  register_scp(app, ctx, run);
  register_diff(app, ctx, run);
  // CLI11 repeats the arguments it did not expect in full: keep its messages short.
  app.failure_message(
      [](const CLI::App* a, const CLI::Error& e) { return shorten(CLI::FailureMessage::simple(a, e)); });
  register_acme(app, ctx, run);
  register_exporter(app, ctx, run);  // issue 13
  register_renew(app, ctx, run);     // issue 24
  register_describe(app, ctx, run);

  if (auto unknown = unknown_command(app, argc, argv)) return fail(ctx, *unknown);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, ctx.out, ctx.err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, ctx.out, ctx.err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, ctx.out, ctx.err);
  } catch (const CLI::ParseError& e) {
    // CLI11 exits with its own codes (105-109, ...): every parse error is a usage error here.
    app.exit(e, ctx.out, ctx.err);
    return k_exit_usage;
  }
  try {
    return run ? run() : k_exit_usage;
  } catch (const std::exception& e) {
    return internal_error(ctx, e.what());
  } catch (...) {
    return internal_error(ctx, "an unknown exception");
  }
}

}  // namespace adplan::cli
