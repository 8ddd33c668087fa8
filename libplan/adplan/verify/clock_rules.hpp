#pragma once
// The caller's clock as the judge sees it: verify() reads no clock of its own.
#include <cstdint>

namespace adplan::verify {

struct ClockRules {
  std::int64_t now = 0;  // seconds since the epoch, from the caller
  // tls.expiring-soon has no window of its own: less than a third of the certificate's lifetime
  // left, 30 days for lifetimes over 398 days (planner/lifetime.hpp, issue 14).
};

}  // namespace adplan::verify
