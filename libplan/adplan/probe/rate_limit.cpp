#include <adplan/probe/internal/deadline.hpp>
#include <adplan/probe/rate_limit.hpp>

#include <algorithm>
#include <cmath>
#include <thread>

namespace adplan::probe {

namespace {
// Buckets kept before the full ones (idle for a second or more: a fresh one is the same) are
// dropped, so a run over 100,000 tenants' own hosts keeps memory flat.
constexpr std::size_t k_prune_at = 4096;
}  // namespace

RateLimit::RateLimit(double per_second, std::function<Clock::time_point()> now)
    : m_rate(per_second > 0 ? per_second : 0), m_burst(std::max(1.0, std::floor(m_rate))), m_now(std::move(now)) {}

RateLimit::Clock::time_point RateLimit::reserve(const std::string& host, const std::string& address, int port) {
  const auto now = m_now();
  if (m_rate <= 0) return now;
  std::scoped_lock lock(m_mutex);
  auto full = [&](const Bucket& b) {
    return b.tokens + std::chrono::duration<double>(now - b.at).count() * m_rate >= m_burst;
  };
  if (m_buckets.size() >= k_prune_at) std::erase_if(m_buckets, [&](const auto& kv) { return full(kv.second); });
  auto& b = m_buckets.try_emplace({host, address, port}, Bucket{m_burst, now}).first->second;
  if (now > b.at) {
    b.tokens = std::min(m_burst, b.tokens + std::chrono::duration<double>(now - b.at).count() * m_rate);
    b.at = now;
  }
  b.tokens -= 1;
  if (b.tokens >= 0) return now;
  return now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(-b.tokens / m_rate));
}

void RateLimit::wait(const std::string& host, const std::string& address, int port, const Deadline& deadline) {
  auto at = reserve(host, address, port);
  auto last = Clock::now() + deadline.remaining(std::chrono::milliseconds{0});
  std::this_thread::sleep_until(std::min(at, last));
}

std::size_t RateLimit::endpoints() const {
  std::scoped_lock lock(m_mutex);
  return m_buckets.size();
}

}  // namespace adplan::probe
