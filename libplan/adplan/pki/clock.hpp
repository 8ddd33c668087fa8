#pragma once
// The moment pki code works with: the caller's date (the CLI Context's clock, fixed in
// tests) at the wall clock's time of day. Library code never reads the clock itself.
#include <chrono>

namespace adplan {

inline std::chrono::system_clock::time_point at_time_of_day(std::chrono::year_month_day today,
                                                            std::chrono::system_clock::time_point wall) {
  using namespace std::chrono;
  return sys_days(today) + (wall - floor<days>(wall));
}

}  // namespace adplan
