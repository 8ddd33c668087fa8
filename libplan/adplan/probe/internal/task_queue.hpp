#pragma once
// A bounded worker pool whose tasks may add tasks (issue 11): the service URLs an Autodiscover
// answer hands out, a POX redirect, start as soon as that answer arrives, under the run's one
// deadline, on the same `workers` threads (verify --parallel still bounds the connections).
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace adplan::probe {

class TaskQueue {
 public:
  void push(std::function<void()> task) {
    {
      std::lock_guard lock(m_mutex);
      m_tasks.push_back(std::move(task));
    }
    m_ready.notify_one();
  }

  // Runs every task, those pushed while running included, on min(workers, tasks) threads (at least
  // one); returns when the queue is empty and no task is running.
  void run(std::size_t workers) {
    std::vector<std::jthread> threads;
    for (std::size_t w = 0; w < std::max<std::size_t>(workers, 1); ++w) threads.emplace_back([this] { work(); });
  }

 private:
  void work() {
    std::unique_lock lock(m_mutex);
    for (;;) {
      m_ready.wait(lock, [this] { return !m_tasks.empty() || m_busy == 0; });
      if (m_tasks.empty()) {
        m_ready.notify_all();  // nothing left and nothing running: every worker ends
        return;
      }
      auto task = std::move(m_tasks.front());
      m_tasks.pop_front();
      ++m_busy;
      lock.unlock();
      task();
      lock.lock();
      --m_busy;
      m_ready.notify_all();
    }
  }

  std::mutex m_mutex;
  std::condition_variable m_ready;
  std::deque<std::function<void()>> m_tasks;
  std::size_t m_busy = 0;
};

}  // namespace adplan::probe
