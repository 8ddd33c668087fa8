#include <adplan/probe/batch.hpp>

#include <adplan/probe/engine.hpp>
#include <adplan/probe/internal/pool.hpp>

namespace adplan::probe {

void probe_batch(const ProbeOptions& base, std::span<const BatchTarget> targets, const TrustStore& trust,
                 const std::function<void(std::size_t, ProbeRun&&)>& done, std::size_t parallel) {
  HttpEngine engine(base.parallel);  // issue 25: one engine; the domains often share a front end
  run_bounded(targets.size(), parallel, [&](std::size_t i) {
    ProbeOptions po = base;
    po.domain = targets[i].domain;
    po.email = targets[i].email;
    done(i, run_probes(po, trust, engine));  // its own deadline: base.timeout from its own start
  });
}

}  // namespace adplan::probe
