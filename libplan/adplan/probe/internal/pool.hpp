#pragma once
// A bounded worker pool: the probes' one way to run things at once. A worker does one task at a
// time, so `workers` bounds the threads and, as each task holds at most one connection at a
// time, the connections too (verify --parallel N).
#include <cstddef>
#include <functional>

namespace adplan::probe {

// Runs task(i) once for every i in [0, n), on min(workers, n) threads (at least one when n > 0),
// each taking the lowest index not yet taken; returns when every task has finished. Never runs a
// task on the calling thread. `task` is called concurrently for different i.
void run_bounded(std::size_t n, std::size_t workers, const std::function<void(std::size_t)>& task);

}  // namespace adplan::probe
