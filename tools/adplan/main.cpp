// adplan: plans and verifies Exchange Autodiscover deployments.
#include "commands.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using namespace adplan::cli;
  bool tty = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
  Context ctx{std::cout, std::cerr, std::cin, tty, ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr,
              [] { return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}; }};

  CLI::App app{"adplan: plan and verify Exchange Autodiscover deployments (certificates, DNS, Exchange URLs)", "adplan"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "adplan 0.1.0");
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 exits with its own codes (105-109, ...): every parse error is a usage error here.
    app.exit(e);
    return k_exit_usage;
  }
  try {
    return run ? run() : k_exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "adplan: error: " << e.what() << "\n";
    return k_exit_usage;
  }
}
