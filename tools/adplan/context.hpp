#pragma once
// What every command gets from main: streams, the clock, whether a person is at the terminal.
// Tests build their own Context to capture output and fix the date.
#include <chrono>
#include <functional>
#include <iosfwd>

namespace adplan::cli {

// Exit codes everywhere: 0 success, 1 the command ran and found errors, 2 usage or input error.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;
inline constexpr int k_exit_usage = 2;

struct Context {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  bool interactive;   // stdin and stdout are a terminal: prompts allowed
  bool color;         // stdout is a terminal and NO_COLOR is unset
  std::function<std::chrono::year_month_day()> today;
};

}  // namespace adplan::cli
