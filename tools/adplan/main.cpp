// adplan: plans and verifies Exchange Autodiscover deployments. The one place that reads the
// environment, the wall clock and the system RNG: they go into Context for the commands.
#include "commands.hpp"

#include <adplan/io/signal_cleanup.hpp>

#include <botan/system_rng.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

namespace {

// Tests only: ADPLAN_TEST_NOW_FILE names a file holding seconds since the epoch, read at every
// look at the clock, so that a test moves a long-running command's time (the exporter between
// two scrapes) without sleeping. Unset, unreadable or not a number: the wall clock.
std::chrono::system_clock::time_point wall_or_test_clock(const char* file) {
  if (file != nullptr) {
    std::ifstream in(file);
    std::string text;
    std::int64_t seconds = 0;
    if (in && std::getline(in, text)) {
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
      if (ec == std::errc{} && seconds > 0) return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
    }
  }
  return std::chrono::system_clock::now();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace adplan::cli;
  const bool tty = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
  const bool color = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  adplan::install_signal_cleanup();  // a signal removes the temporary files of a write in progress
  Botan::System_RNG rng;
  const char* test_now = std::getenv("ADPLAN_TEST_NOW_FILE");
  Context ctx{std::cout, std::cerr, std::cin, tty, color, [test_now] { return wall_or_test_clock(test_now); }, rng};
  return run_cli(ctx, argc, argv);
}
