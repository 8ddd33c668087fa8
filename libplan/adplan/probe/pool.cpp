#include <adplan/probe/internal/pool.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace adplan::probe {

void run_bounded(std::size_t n, std::size_t workers, const std::function<void(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  std::vector<std::jthread> threads;
  const std::size_t count = std::min(std::max<std::size_t>(workers, 1), n);
  threads.reserve(count);
  for (std::size_t w = 0; w < count; ++w) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < n; i = next++) task(i);
    });
  }
}  // the workers join here

}  // namespace adplan::probe
