#pragma once
// Many targets probed at once (verify --all-domains: a hoster's every SMTP domain): `parallel`
// runs at a time, each with its own deadline (base.timeout from the moment it starts) and its own
// pool of base.parallel workers, one trust store and one HttpEngine (probe/engine.hpp) for all.
// So the batch ends within ceil(targets / parallel) x base.timeout (plus DNS and thread start-up,
// milliseconds). Judging is the caller's: `done` receives each target's observations (probe never
// includes verify).
#include <adplan/probe/probe.hpp>

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <utility>

namespace adplan::probe {

// What one run_probes gives: the observations, or why the probes could not run at all.
using ProbeRun = decltype(run_probes(std::declval<const ProbeOptions&>(), std::declval<const TrustStore&>()));

struct BatchTarget {
  std::string domain;  // the SMTP domain discovery walks
  std::string email;   // the address the POST asks about
};

// Probes `base` once per target (domain and e-mail replaced), `parallel` targets at a time.
// `done(i, run)` is called on a worker thread when target i is finished: it may run concurrently
// for different i, so it should write only to slot i of the caller's results.
void probe_batch(const ProbeOptions& base, std::span<const BatchTarget> targets, const TrustStore& trust,
                 const std::function<void(std::size_t, ProbeRun&&)>& done, std::size_t parallel = k_default_parallel);

}  // namespace adplan::probe
