#pragma once
// What every command gets from main: streams, the clock, the random number generator, whether
// a person is at the terminal. Tests build their own Context to capture output, fix the time
// and seed the RNG; commands never read the wall clock, a global RNG or the environment.
#include <chrono>
#include <functional>
#include <iosfwd>

namespace Botan {
class RandomNumberGenerator;
}

namespace adplan::cli {

// Exit codes everywhere: 0 success, 1 the command ran and found errors, 2 usage or input error,
// 3 an internal error (a bug: an exception escaped a command).
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_internal = 3;

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct Context {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  bool interactive;                   // stdin and stdout are a terminal: prompts allowed
  bool color;                         // stdout is a terminal and NO_COLOR is unset
  Clock clock;                        // the wall clock in main; a fixed instant in tests
  Botan::RandomNumberGenerator& rng;  // keys, serial numbers

  [[nodiscard]] std::chrono::system_clock::time_point now() const { return clock(); }
  [[nodiscard]] std::chrono::year_month_day today() const {
    return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock())};
  }
  // Seconds since the epoch, as the judge's clock takes it.
  [[nodiscard]] std::int64_t unix_seconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock().time_since_epoch()).count();
  }
};

}  // namespace adplan::cli
