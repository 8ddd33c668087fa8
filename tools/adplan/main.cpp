// adplan: plans and verifies Exchange Autodiscover deployments. The one place that reads the
// environment, the wall clock and the system RNG: they go into Context for the commands.
#include "commands.hpp"

#include <adplan/io/signal_cleanup.hpp>

#include <botan/system_rng.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using namespace adplan::cli;
  const bool tty = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
  const bool color = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  adplan::install_signal_cleanup();  // a signal removes the temporary files of a write in progress
  Botan::System_RNG rng;
  Context ctx{std::cout, std::cerr, std::cin, tty, color, [] { return std::chrono::system_clock::now(); }, rng};
  return run_cli(ctx, argc, argv);
}
