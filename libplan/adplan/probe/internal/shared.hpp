#pragma once
// What the probes of one run share (probe.cpp), and the request helpers the follow-up probes of
// issue 11 (outlook_followups.cpp: service URLs, POX redirects, Exchange Online) reuse.
#include <adplan/observe/credentials.hpp>
#include <adplan/probe/internal/certificate.hpp>
#include <adplan/probe/internal/dns.hpp>
#include <adplan/probe/internal/http.hpp>
#include <adplan/probe/internal/task_queue.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/probe/warm.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace adplan::probe {

// Issue 11: what the follow-up probes add while the run goes on (guarded by `mutex`; deques keep
// the addresses of their elements when others are added).
struct Followups {
  std::mutex mutex;
  std::map<std::string, std::size_t> service_index;  // lower-cased URL -> index in services
  std::deque<ServiceProbe> services;
  std::set<std::string> redirects_seen;  // "action target"
  std::deque<PoxRedirect> redirects;
  int hops = 0;  // POX redirects followed in this run and the runs it started
};

struct Shared {
  const ProbeOptions& options;
  const Deadline& deadline;
  const TrustStore& trust;
  std::map<std::string, AddressLookup> lookups;  // read-only once threads run
  std::set<std::string> approved;                // hosts credentials may follow a redirect to
  std::int64_t now = 0;                          // for the certificate dates
  TaskQueue* queue = nullptr;                    // issue 11: where follow-up probes go
  Followups* followups = nullptr;
  std::vector<std::string> chain;  // POX redirects that led to this run: the address, then each target
  HttpEngine* engine = nullptr;    // issue 25: every request of the run (and of its redirectAddr runs)
};

// A request with credentials (issue 25): the rule judged again, on the connection that is about to
// carry them, just before they go; Basic in the first request where the server asked for Basic
// alone (one round trip less; a Negotiate, NTLM or Digest challenge is still answered).
struct CredentialUse {
  CredentialScope scope;  // with `approved` and `now` filled in
  bool preemptive_basic = false;
};
// The recheck an HttpRequest with credentials carries (probe.cpp).
std::function<std::string(const std::vector<std::string>&)> credential_recheck(const Url& url, const TrustStore& trust,
                                                                               const CredentialScope& scope);
// The schemes of a 401 name Basic and nothing else.
bool basic_only(const std::vector<std::string>& auth_schemes);

// One request to a URL: pinned, the chain judged, a 200 to a POST parsed (probe.cpp).
HttpExchange exchange(const Shared& s, Url url, const std::string& method, const Credentials* credentials,
                      std::optional<Resolver>& resolver, const std::string& pinned = {},
                      const std::string& key_pin_wanted = {}, std::string* key_pin = nullptr,
                      std::string* body = nullptr, const CredentialUse* use = nullptr);
// Issue 25 (probe/warm.hpp): on a warm target, the request with credentials its last run sent
// after a 401 here, sent now beside the one without (one round trip less). It goes only where the
// rule's scope allows it (approval, who named the domain: judged before it goes), only over https,
// with Basic, and the connection that carries it must present the key the certificate had then
// and pass the rule again at this run's clock (HttpRequest::pinned_key, recheck); nullopt: not sent.
struct Ahead {
  WarmMemory::Challenge as;
  std::future<HttpExchange> answer;
};
std::optional<Ahead> send_ahead(const Shared& s, const Url& url, const std::string& method, CredentialScope scope,
                                const std::vector<std::string>& addresses);
// After a 401 to the unauthenticated request (POST; a service URL's GET): ask again as the user
// where the rule allows it. With `ahead` (probe_https): the request sent ahead is used where this
// judgement sends the same one (same address, key and scheme), else dropped; and the run's warm
// memory learns what was sent.
void with_credentials(const Shared& s, std::vector<HttpExchange>& exchanges, const Url& url, CredentialScope scope,
                      const std::string& key_pin, std::optional<Resolver>& resolver, const std::string& pinned,
                      const std::string& method = "POST", std::optional<Ahead>* ahead = nullptr);

// Issue 11 (outlook_followups.cpp). After an endpoint's requests: queue its answer's service URLs
// and follow its POX redirect.
// `chain`: the redirects that led to these exchanges ({} : the run's own, Shared::chain).
void queue_followups(Shared& s, const std::vector<HttpExchange>& exchanges, bool scp_only,
                     std::vector<std::string> chain = {});
// Exchange Online's claim on the address (--o365-endpoint).
O365Probe probe_o365(const Shared& s);
// Into the observations, sorted and in hop order.
void collect_followups(Followups& f, Observations& obs);

// run_probes under a deadline the caller already started (a redirectAddr's discovery shares it).
Result<Observations> run_probes_until(const ProbeOptions& options, const TrustStore& trust, const Deadline& deadline,
                                      Followups* parent, std::vector<std::string> chain = {},
                                      HttpEngine* engine = nullptr);

}  // namespace adplan::probe
