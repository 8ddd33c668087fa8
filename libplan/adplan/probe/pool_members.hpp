#pragma once
// Issue 24: every member of a load-balanced pool, probed beside verify's other probes. Each
// server's own address and the load balancer's, for every TLS door of the namespace (443 and the
// mail doors), with the namespace as SNI; members in parallel on a bounded worker pool, all under
// the run's one deadline. When no member answers at its own address (usual from outside, where
// members have private addresses), the load balancer is connected to again and again instead.
#include <adplan/observe/observations.hpp>
#include <adplan/probe/engine.hpp>
#include <adplan/probe/probe.hpp>

#include <chrono>
#include <cstddef>
#include <vector>

namespace adplan::probe {

// run_probes on `engine` and the pool's probes at once (one deadline: options.timeout); obs.pools filled.
Result<Observations> run_probes_with_pool(const ProbeOptions& options, HttpEngine& engine, const PoolPlan& pool);
// The same with a trust store loaded once by the caller (the exporter).
Result<Observations> run_probes_with_pool(const ProbeOptions& options, const TrustStore& trust, HttpEngine& engine,
                                          const PoolPlan& pool);
// The pool's probes alone, with a trust store loaded by the caller.
std::vector<PoolObservation> probe_pool(const PoolPlan& plan, const TrustStore& trust,
                                        std::chrono::milliseconds timeout, std::size_t parallel);

}  // namespace adplan::probe
