// Issue 25: probe/handoff.hpp, the hand-off that lets a hoster's run judge one chunk while the next
// chunk's DNS is on the wire.
#include <adplan/probe/handoff.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using adplan::probe::Handoff;

TEST_CASE("handoff: every item consumed once, in the order handed over, on a thread of its own") {
  std::vector<int> seen;
  std::thread::id consumer;
  {
    Handoff<int> h(4, [&](int&& i) {
      seen.push_back(i);
      consumer = std::this_thread::get_id();
    });
    for (int i = 0; i < 1000; ++i) h.push(i);
    h.finish();
    REQUIRE(seen.size() == 1000);
    for (int i = 0; i < 1000; ++i) CHECK(seen[static_cast<std::size_t>(i)] == i);
    CHECK(consumer != std::this_thread::get_id());
  }
}

TEST_CASE("handoff: the producer waits once `capacity` items wait, and goes on when one is taken") {
  std::latch release(1);
  std::atomic<int> consumed{0};
  Handoff<std::string> h(2, [&](std::string&&) {
    release.wait();
    ++consumed;
  });
  h.push("first: the consumer takes it, then waits for the release");
  std::atomic<int> pushed{1};
  std::jthread producer([&] {
    for (int i = 0; i < 3; ++i) {
      h.push("more");
      ++pushed;
    }
  });
  // Two fit beside the one the consumer holds; the last must wait for the release. The sleeps only
  // give an unbounded hand-off every chance to show itself (all four pushed).
  for (int i = 0; i < 50 && pushed < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(pushed <= 3);
  release.count_down();
  producer.join();
  h.finish();
  CHECK(consumed == 4);
  CHECK(pushed == 4);
}

TEST_CASE("handoff: the consumer's exception reaches finish(), and later pushes do not hang") {
  Handoff<int> h(1, [](int&& i) {
    if (i == 3) throw std::runtime_error("three");
  });
  for (int i = 0; i < 10; ++i) h.push(i);  // after the failure these are dropped, not waited on
  CHECK_THROWS_WITH_AS(h.finish(), "three", std::runtime_error);
}
