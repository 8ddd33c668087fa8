// The probes' worker pool: every task once, never more at once than the workers allowed, and
// never on the caller's thread.
#include <adplan/probe/internal/pool.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace adplan::probe;

namespace {

// Runs n tasks that each stay busy a little; reports the most that ran at once and the threads used.
struct Observed {
  int max_at_once = 0;
  std::size_t threads = 0;
  std::vector<int> runs;
  bool on_caller = false;
};

Observed observe(std::size_t n, std::size_t workers) {
  Observed o;
  o.runs.assign(n, 0);
  std::atomic<int> now{0};
  std::mutex m;
  std::set<std::thread::id> ids;
  const auto caller = std::this_thread::get_id();
  run_bounded(n, workers, [&](std::size_t i) {
    int at_once = ++now;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    {
      std::lock_guard lock(m);
      o.max_at_once = std::max(o.max_at_once, at_once);
      ++o.runs[i];
      ids.insert(std::this_thread::get_id());
      if (std::this_thread::get_id() == caller) o.on_caller = true;
    }
    --now;
  });
  o.threads = ids.size();
  return o;
}

}  // namespace

TEST_CASE("worker pool: 1,500 tasks on 8 workers: each once, at most 8 at once") {
  // The fan-out of a hostile SRV answer, had it not been capped: a pool, not a thread per record.
  auto o = observe(1500, 8);
  CHECK(std::ranges::all_of(o.runs, [](int r) { return r == 1; }));
  CHECK(o.max_at_once <= 8);
  CHECK(o.max_at_once >= 2);  // they do run concurrently
  CHECK(o.threads <= 8);
  CHECK_FALSE(o.on_caller);
}

TEST_CASE("worker pool: fewer tasks than workers start one thread per task") {
  auto o = observe(3, 256);
  CHECK(o.runs == std::vector<int>{1, 1, 1});
  CHECK(o.threads <= 3);
}

TEST_CASE("worker pool: one worker runs the tasks one after another, in order") {
  std::vector<std::size_t> order;
  run_bounded(5, 1, [&](std::size_t i) { order.push_back(i); });
  CHECK(order == std::vector<std::size_t>{0, 1, 2, 3, 4});
  auto o = observe(10, 1);
  CHECK(o.max_at_once == 1);
}

TEST_CASE("worker pool: zero workers still run the tasks, zero tasks start nothing") {
  int calls = 0;
  run_bounded(2, 0, [&](std::size_t) { ++calls; });
  CHECK(calls == 2);
  calls = 0;
  run_bounded(0, 8, [&](std::size_t) { ++calls; });
  CHECK(calls == 0);
}
