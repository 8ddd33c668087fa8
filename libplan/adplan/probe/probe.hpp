#pragma once
// Runs every probe of a verification: DNS first (one batch, then the SRV targets), then each
// https endpoint and the http redirect chain on its own thread, all under one deadline, so
// the run costs about the slowest probe.
#include <adplan/observe/observations.hpp>
#include <adplan/probe/internal/certificate.hpp>
#include <adplan/probe/internal/dns.hpp>
#include <adplan/probe/internal/http.hpp>

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace adplan::probe {

// The probe fills the plain observation types of observe/ (the judge reads them).
using namespace adplan::observe;

struct ProbeOptions {
  std::string domain;                    // the SMTP domain discovery walks
  std::string email;                     // EMailAddress of the POST
  std::vector<std::string> hosts;        // more names to resolve (the plan's)
  std::vector<std::string> https_hosts;  // more Autodiscover endpoints to POST to (the plan's)
  std::vector<std::string> scp_hosts;    // hosts of the SCP URLs the directory gave
  std::vector<DnsServer> dns_servers;    // empty: the system resolver's servers
  TrustAnchors anchors;
  std::optional<Credentials> credentials;    // sent only where observe/credentials.hpp allows
  std::vector<std::string> allow_redirect;   // --allow-redirect: redirect targets approved for them
  std::int64_t now = 0;                      // seconds since the epoch for certificate dates (0: the clock)
  std::chrono::milliseconds timeout{10000};  // the whole run, and each request at most
};

Result<Observations> run_probes(const ProbeOptions& options);
// The same with a trust store loaded once by the caller (verify --all-domains: one load of the
// system store for every domain, not one per domain). `options.anchors` is not read.
Result<Observations> run_probes(const ProbeOptions& options, const TrustStore& trust);

}  // namespace adplan::probe
