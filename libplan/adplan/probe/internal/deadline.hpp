#pragma once
// One deadline shared by every probe of a run: each step gets what is left of it, so a run
// that meets a tarpit costs one timeout, not one per step.
#include <algorithm>
#include <chrono>

namespace adplan::probe {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Deadline(std::chrono::milliseconds budget) : m_end(Clock::now() + budget) {}

  // What is left, never below `floor` (so a late step still gets a short real try).
  [[nodiscard]] std::chrono::milliseconds remaining(std::chrono::milliseconds floor = std::chrono::milliseconds{
                                                        1}) const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_end - Clock::now());
    return std::max(left, floor);
  }
  [[nodiscard]] bool passed() const { return Clock::now() >= m_end; }

 private:
  Clock::time_point m_end;
};

// Milliseconds since `start`, for the timings the report prints.
inline int elapsed_ms(Deadline::Clock::time_point start) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Deadline::Clock::now() - start).count());
}

}  // namespace adplan::probe
