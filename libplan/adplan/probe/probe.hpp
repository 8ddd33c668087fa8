#pragma once
// Runs every probe of a verification: DNS first (one batch, then the SRV targets, at most
// k_srv_total of them), then each https endpoint and the http redirect chain on a pool of
// `parallel` workers, all under one deadline, so the run costs about the slowest probe and
// never more than the timeout.
#include <adplan/observe/observations.hpp>
#include <adplan/probe/credentials.hpp>
#include <adplan/probe/dns_server.hpp>
#include <adplan/probe/trust.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::probe {

// The probe fills the plain observation types of observe/ (the judge reads them).
using namespace adplan::observe;

class RateLimit;   // probe/rate_limit.hpp
class WarmMemory;  // probe/warm.hpp

// verify --parallel: connections open at once in one domain's run (and, with --all-domains, the
// number of domains probed at once).
inline constexpr std::size_t k_default_parallel = 8;
inline constexpr std::size_t k_max_parallel = 256;

// --timeout's seconds as the probe's milliseconds: rounded up, and never 0, which libcurl reads
// as "no limit" (CURLOPT_TIMEOUT_MS); a value that is not finite or not positive gives 1 ms too,
// the caller having refused it already.
std::chrono::milliseconds timeout_of_seconds(double seconds);

struct ProbeOptions {
  std::string domain;                    // the SMTP domain discovery walks
  std::string email;                     // EMailAddress of the POST
  std::vector<std::string> hosts;        // more names to resolve (the plan's)
  std::vector<std::string> https_hosts;  // more Autodiscover endpoints to POST to (the plan's)
  std::vector<std::string> scp_hosts;    // hosts of the SCP URLs the directory gave
  std::vector<DnsServer> dns_servers;    // empty: the system resolver's servers
  TrustAnchors anchors;
  std::optional<Credentials> credentials;     // sent only where observe/credentials.hpp allows
  std::vector<std::string> allow_redirect;    // --allow-redirect: redirect targets approved for them
  std::int64_t now = 0;                       // seconds since the epoch for certificate dates (0: the clock)
  std::chrono::milliseconds timeout{10000};   // the whole run, and each request at most
  std::size_t parallel = k_default_parallel;  // endpoints probed at once: a worker pool, not a thread each
  // Issue 11 (Outlook 2016 and later):
  std::string o365_endpoint = "https://outlook.office365.com";  // Exchange Online's claim; "" not asked
  std::vector<std::string> approved_hosts;                      // more hosts credentials may follow a POX redirect to
                                                                // (every autodiscover.<domain> of the plan's domains)
  bool follow_ups = true;                                       // probe the service URLs, follow POX redirects
  bool redirected = false;                                      // a redirectAddr's discovery: every host needs approval
  std::string named_by;                // "": the plan named `domain`; else who did ("--domains-file", "the scraper's
                                       // ?target="): its own names get no credentials (observe/credentials.hpp)
  std::vector<std::string> caa_names;  // names whose relevant CAA set is read (RFC 8659 3)
  DoorPlan doors;                      // issue 23: the mail doors and MX/MTA-STS domains to check (empty: none)
  RateLimit* rate_limit = nullptr;     // --max-rate: every request waits its endpoint's turn (not owned)
  WarmMemory* warm = nullptr;          // issue 25, the exporter's: the target's last run (not owned; none: verify)
};

Result<Observations> run_probes(const ProbeOptions& options);
// Issue 27, verify --dnssec-trust-anchor FILE: the file's DS and DNSKEY records, one per line as
// the validator takes them (comments dropped, parenthesised records joined); empty: none there.
std::vector<std::string> trust_anchor_lines(std::string_view text);
// Issue 27, adplan renew: the TLSA records of _25._tcp.<host> for each host, validated with
// libunbound (probe/dane.cpp, as verify looks them up) from `trust_anchor` (DS/DNSKEY lines; ""
// the root's key), asking `servers` (empty: the system's), answered within `timeout`.
std::vector<TlsaLookup> lookup_tlsa_validated(const std::vector<std::string>& hosts,
                                              const std::vector<DnsServer>& servers, const std::string& trust_anchor,
                                              std::chrono::milliseconds timeout);
// Issue 23, verify --cert FILE: the facts (fingerprint, notAfter) of the first PEM certificate.
Result<CertificateFacts> pem_certificate_facts(const std::string& pem);
// The same with a trust store loaded once by the caller (verify --all-domains: one load of the
// system store for every domain, not one per domain). `options.anchors` is not read.
Result<Observations> run_probes(const ProbeOptions& options, const TrustStore& trust);

}  // namespace adplan::probe
