#pragma once
// A hoster's run: thousands of tenant domains sharing a few front ends (verify --domains-file,
// the exporter). Per tenant only its DNS questions are asked — one c-ares channel, a chunk of
// tenants' questions in flight at once, no thread per domain — and the endpoints it leads to are
// probed once per run and shared (run_cache.hpp): the TLS handshake and certificate, the
// unauthenticated POST's 401, OPTIONS and v2, none of which can depend on the tenant. A tenant
// whose own names have addresses (its root domain, autodiscover.<tenant>, an SRV target never
// seen) gets those probed (run_probes with only the tenant's names; the plan's endpoints come from
// the run), and its endpoints shared from then on.
// With `deep` every tenant is probed in full: the POST with credentials and v2 for its address.
// A tarpit front end costs one timeout for the whole run, not one per tenant: it is probed once,
// and a new host name at an address that timed out is not asked again (RunCache::slow). Every
// request of the run waits its endpoint's turn (--max-rate, rate_limit.hpp).
#include <adplan/probe/batch.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/probe/rate_limit.hpp>
#include <adplan/probe/run_cache.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace adplan::probe {

struct BulkOptions {
  bool deep = false;                      // every tenant in full (credentials, Exchange Online, v2 per address)
  std::size_t chunk = 1000;               // tenants whose DNS questions are in flight at once
  double max_rate = 0;                    // requests a second to each endpoint (host, address, port); 0: no limit
  std::vector<std::string> plan_domains;  // --deep: any other tenant's own names get no credentials (issue 21)
};

struct BulkStats {
  std::size_t shared = 0;     // tenants judged from their DNS answers and the shared endpoints
  std::size_t full = 0;       // tenants probed in full
  std::size_t endpoints = 0;  // distinct https endpoints probed in the run
};

class BulkProbe {
 public:
  BulkProbe(const ProbeOptions& base, const TrustStore& trust, BulkOptions options);
  ~BulkProbe();
  BulkProbe(const BulkProbe&) = delete;
  BulkProbe& operator=(const BulkProbe&) = delete;

  // Probes `targets` (a chunk of the caller's list; call again for the next). `done(i, run)` is
  // called once per target, never concurrently, in no particular order.
  void probe(std::span<const BatchTarget> targets, const std::function<void(std::size_t, ProbeRun&&)>& done);
  [[nodiscard]] BulkStats stats() const;

  struct State;  // bulk.cpp

 private:
  std::unique_ptr<State> m_state;
};

}  // namespace adplan::probe
