// verify --max-rate (probe/rate_limit.hpp): a token bucket per endpoint (host, address, port), one
// second's worth of burst, refilled at the rate; waiting requests queue in order. The clock is a
// variable the test steps: nothing here sleeps or measures time.
#include <adplan/probe/rate_limit.hpp>

#include <doctest/doctest.h>

#include <chrono>

using namespace adplan::probe;
using namespace std::chrono_literals;

namespace {

struct Stepped {
  RateLimit::Clock::time_point t{1000s};
  RateLimit limit(double per_second) {
    return RateLimit(per_second, [this] { return t; });
  }
};

}  // namespace

TEST_CASE("rate limit: a burst of one second's worth, then one token each 1/N second") {
  Stepped clock;
  auto limit = clock.limit(2);  // 2 a second: a burst of 2
  const auto t0 = clock.t;
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == t0);
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == t0);
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == t0 + 500ms);   // the bucket is empty
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == t0 + 1000ms);  // queued behind the last
  clock.t = t0 + 1000ms;                                                      // the two owed are paid: empty again
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == t0 + 1500ms);
  clock.t = t0 + 60s;  // idle: full again, but never more than the burst
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == clock.t);
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == clock.t);
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == clock.t + 500ms);
}

TEST_CASE("rate limit: each endpoint (host, address, port) has its own bucket") {
  Stepped clock;
  auto limit = clock.limit(1);
  const auto t0 = clock.t;
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == t0);
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == t0 + 1s);
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.3", 443) == t0);          // another address
  CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 80) == t0);           // another port
  CHECK(limit.reserve("autodiscover.contoso.com", "127.0.0.2", 443) == t0);  // another host name
  CHECK(limit.endpoints() == 4);
}

TEST_CASE("rate limit: 0 is no limit") {
  Stepped clock;
  auto limit = clock.limit(0);
  for (int i = 0; i < 1000; ++i) CHECK(limit.reserve("mail.contoso.com", "127.0.0.2", 443) == clock.t);
  CHECK(limit.endpoints() == 0);
}

TEST_CASE("rate limit: a fractional rate, and idle buckets dropped past a few thousand endpoints") {
  Stepped clock;
  auto limit = clock.limit(0.5);  // one every two seconds, a burst of one
  const auto t0 = clock.t;
  CHECK(limit.reserve("a.example", "192.0.2.1", 443) == t0);
  CHECK(limit.reserve("a.example", "192.0.2.1", 443) == t0 + 2s);
  for (int i = 0; i < 5000; ++i) (void)limit.reserve("t" + std::to_string(i) + ".example", "192.0.2.1", 443);
  clock.t = t0 + 10s;  // every bucket full again
  (void)limit.reserve("new.example", "192.0.2.1", 443);
  CHECK(limit.endpoints() < 5000);
}
