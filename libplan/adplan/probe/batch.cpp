#include <adplan/probe/batch.hpp>

#include <adplan/probe/engine.hpp>
#include <adplan/probe/internal/pool.hpp>

#include <algorithm>

namespace adplan::probe {

void probe_batch(const ProbeOptions& base, std::span<const BatchTarget> targets, const TrustStore& trust,
                 const std::function<void(std::size_t, ProbeRun&&)>& done, std::size_t parallel) {
  // Issue 25: one engine, the domains often share a front end. Its per-endpoint bound is what the
  // runs at once had before between them (each its own --parallel), so a tarpit front end under
  // every domain costs each round one timeout, not rounds waiting for connection slots.
  HttpEngine engine(
      std::min(std::max<std::size_t>(parallel, 1) * std::max<std::size_t>(base.parallel, 1), k_max_parallel));
  run_bounded(targets.size(), parallel, [&](std::size_t i) {
    ProbeOptions po = base;
    po.domain = targets[i].domain;
    po.email = targets[i].email;
    done(i, run_probes(po, trust, engine));  // its own deadline: base.timeout from its own start
  });
}

}  // namespace adplan::probe
