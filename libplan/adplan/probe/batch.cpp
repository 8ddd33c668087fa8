#include <adplan/probe/batch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace adplan::probe {

void probe_batch(const ProbeOptions& base, std::span<const BatchTarget> targets, const TrustStore& trust,
                 const std::function<void(std::size_t, ProbeRun&&)>& done, std::size_t parallel) {
  std::atomic<std::size_t> next{0};
  std::vector<std::jthread> workers;
  for (std::size_t w = 0; w < std::min(std::max<std::size_t>(parallel, 1), targets.size()); ++w) {
    workers.emplace_back([&] {
      for (std::size_t i = next++; i < targets.size(); i = next++) {
        ProbeOptions po = base;
        po.domain = targets[i].domain;
        po.email = targets[i].email;
        done(i, run_probes(po, trust));
      }
    });
  }
}  // the workers join here

}  // namespace adplan::probe
