#pragma once
// verify --max-rate N: at most N requests a second to each endpoint (host, address, port), so a
// hoster's run never hammers its front end. A token bucket per endpoint holding at most `burst`
// tokens (one second's worth), refilled at N a second; a request takes one, and when none is left
// it is given the time its token will be there (the bucket goes into debt, so waiting requests
// queue in order). Every request the probes send goes through it (probe/http.cpp's perform, when
// the run has one). The clock is injectable: the unit test steps it by hand.
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace adplan::probe {

class Deadline;

class RateLimit {
 public:
  using Clock = std::chrono::steady_clock;
  // per_second <= 0: no limit (every request may start at once).
  explicit RateLimit(double per_second, std::function<Clock::time_point()> now = Clock::now);

  // Takes the endpoint's next token: when the request may start (now, or later when the
  // endpoint's bucket is empty).
  [[nodiscard]] Clock::time_point reserve(const std::string& host, const std::string& address, int port);
  // reserve(), then sleeps until then, at most until the deadline passes.
  void wait(const std::string& host, const std::string& address, int port, const Deadline& deadline);
  [[nodiscard]] double per_second() const { return m_rate; }
  [[nodiscard]] std::size_t endpoints() const;

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point at{};
  };
  double m_rate;
  double m_burst;
  std::function<Clock::time_point()> m_now;
  mutable std::mutex m_mutex;
  std::map<std::tuple<std::string, std::string, int>, Bucket> m_buckets;
};

}  // namespace adplan::probe
