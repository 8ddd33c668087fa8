#pragma once
// Issue 25: a run on connections the caller holds (an HttpEngine: one libcurl multi handle, kept
// connections per endpoint, shared TLS sessions), and what those connections cost.
#include <adplan/observe/connections.hpp>
#include <adplan/probe/probe.hpp>

namespace adplan::probe {

// run_probes on `engine` (its --parallel bound per endpoint is the engine's own). A caller that
// keeps the engine between runs keeps the connections warm.
Result<Observations> run_probes(const ProbeOptions& options, const TrustStore& trust, HttpEngine& engine);
Result<Observations> run_probes(const ProbeOptions& options, HttpEngine& engine);

// The engine's counters, with the round trip measured in `obs` (its shortest TCP connect).
observe::ConnectionSummary connection_summary(const HttpEngine& engine, const Observations& obs);

}  // namespace adplan::probe
