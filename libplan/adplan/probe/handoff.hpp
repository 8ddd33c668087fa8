#pragma once
// Hands items from the threads that make them to one thread of its own that consumes them, in the
// order they were handed over, at most `capacity` waiting (the producer waits beyond that, so memory
// stays bounded). Issue 25: a hoster's run judges and writes one chunk of tenants while the next
// chunk's DNS questions are on the wire, instead of the two phases taking turns.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace adplan::probe {

template <class T>
class Handoff {
 public:
  Handoff(std::size_t capacity, std::function<void(T&&)> consume)
      : m_capacity(capacity == 0 ? 1 : capacity), m_consume(std::move(consume)), m_thread([this] { run(); }) {}
  ~Handoff() {
    try {
      finish();
    } catch (...) {  // finish() is where a consumer's exception reaches a caller; a destructor drops it
    }
  }
  Handoff(const Handoff&) = delete;
  Handoff& operator=(const Handoff&) = delete;

  // Waits while `capacity` items are waiting. After the consumer failed, the item is dropped
  // (finish() rethrows what it threw).
  void push(T item) {
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [this] { return m_items.size() < m_capacity || m_failure; });
    if (m_failure) return;
    m_items.push_back(std::move(item));
    m_ready.notify_one();
  }

  // Returns once every item handed over was consumed; rethrows the consumer's exception, if any
  // (the items after it were not consumed). Nothing may be pushed afterwards.
  void finish() {
    {
      std::lock_guard lock(m_mutex);
      m_closing = true;
    }
    m_ready.notify_one();
    if (m_thread.joinable()) m_thread.join();
    if (m_failure) std::rethrow_exception(std::exchange(m_failure, nullptr));
  }

 private:
  void run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
      m_ready.wait(lock, [this] { return !m_items.empty() || m_closing; });
      if (m_items.empty()) return;  // closing, and nothing left
      T item = std::move(m_items.front());
      m_items.pop_front();
      m_space.notify_one();
      lock.unlock();
      try {
        m_consume(std::move(item));
      } catch (...) {
        lock.lock();
        m_failure = std::current_exception();
        m_items.clear();
        m_space.notify_all();
        return;
      }
      lock.lock();
    }
  }

  std::size_t m_capacity;
  std::function<void(T&&)> m_consume;
  std::mutex m_mutex;
  std::condition_variable m_ready;  // an item arrived, or closing
  std::condition_variable m_space;  // an item left, or the consumer failed
  std::deque<T> m_items;
  bool m_closing = false;
  std::exception_ptr m_failure;
  std::thread m_thread;  // last: starts once the members above exist
};

}  // namespace adplan::probe
