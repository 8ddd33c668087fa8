#include <adplan/probe/probe.hpp>

#include <adplan/probe/engine.hpp>

#include <adplan/model/ip_address.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/credentials.hpp>
#include <adplan/probe/internal/caa.hpp>
#include <adplan/probe/internal/dane.hpp>
#include <adplan/probe/internal/dns.hpp>
#include <adplan/probe/internal/doors.hpp>
#include <adplan/probe/internal/mobile.hpp>
#include <adplan/probe/internal/pox.hpp>
#include <adplan/probe/internal/shared.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <thread>

namespace adplan::probe {

std::chrono::milliseconds timeout_of_seconds(double seconds) {
  constexpr double k_max_ms = 86400.0 * 1000;  // a day: far above any --timeout the checks allow
  if (!std::isfinite(seconds) || !(seconds > 0)) return std::chrono::milliseconds(1);
  const double ms = std::ceil(std::min(seconds * 1000, k_max_ms));
  return std::chrono::milliseconds(std::max<std::chrono::milliseconds::rep>(1, static_cast<long>(ms)));
}
namespace {

std::string autodiscover_path() {
  return "/autodiscover/autodiscover.xml";
}

// The address a client would connect to: the first answer (A before AAAA).
std::optional<std::string> address_for(const Shared& s, const std::string& host, std::optional<Resolver>& resolver) {
  if (auto it = s.lookups.find(host); it != s.lookups.end()) {
    if (it->second.addresses.empty()) return std::nullopt;
    return it->second.addresses.front();
  }
  if (!resolver) {
    auto r = Resolver::create(s.options.dns_servers);
    if (!r) return std::nullopt;
    resolver.emplace(std::move(*r));
  }
  auto batch = resolver->resolve({host}, {}, s.deadline);
  if (batch.addresses.front().addresses.empty()) return std::nullopt;
  return batch.addresses.front().addresses.front();
}

}  // namespace

std::function<std::string(const std::vector<std::string>&)> credential_recheck(const Url& url, const TrustStore& trust,
                                                                               const CredentialScope& scope) {
  return [url, &trust, scope](const std::vector<std::string>& chain) -> std::string {
    auto tls = judge_chain(chain, url.host, trust);
    if (!tls) return "the certificate on this connection could not be judged: " + tls.error().message;
    auto d = credentials_allowed(url, &*tls, scope);
    return d.allowed ? std::string{} : d.reason;
  };
}

bool basic_only(const std::vector<std::string>& auth_schemes) {
  return !auth_schemes.empty() &&
         std::ranges::all_of(auth_schemes, [](const std::string& a) { return ascii_iequals(a, "Basic"); });
}

// One request to a URL: pinned, the chain judged, a 200 to a POST parsed. `key_pin` receives the
// pin of the leaf's public key (what a request with credentials must meet again).
HttpExchange exchange(const Shared& s, Url url, const std::string& method, const Credentials* credentials,
                      std::optional<Resolver>& resolver, const std::string& pinned, const std::string& key_pin_wanted,
                      std::string* key_pin, std::string* body, const CredentialUse* use) {
  HttpRequest req;
  req.method = method;
  req.credentials = credentials;
  req.pinned_key = key_pin_wanted;
  req.cap = s.options.timeout;
  req.rate_limit = s.options.rate_limit;
  if (method == "POST") {
    req.body = pox_request(s.options.email);
    req.headers = outlook_headers(s.options.email);  // issue 11: as Outlook 2016 and later
    req.user_agent = std::string(k_outlook_user_agent);
  }
  // An address literal in any spelling a client reads (2852039166, 0xa9fea9fe, [::ffff:...]) is
  // that address, written canonically: the HTTP layer's gate then judges what curl would use.
  auto literal = IpAddress::parse_host(url.host);
  if (literal) url.host = literal->str();
  req.url = url;
  if (credentials && use) {  // issue 25: judged again on the connection that carries them
    req.recheck = credential_recheck(url, s.trust, use->scope);
    req.preemptive_basic = use->preemptive_basic;
  }
  if (!pinned.empty()) {
    req.address = pinned;
  } else if (!literal) {
    auto addr = url.host.find(':') == std::string::npos ? address_for(s, url.host, resolver) : std::nullopt;
    if (!addr) {
      HttpExchange ex;
      ex.method = method;
      ex.url = url.str();
      ex.port = url.port;
      ex.transport = Transport::NoAddress;
      ex.error = "\"" + url.host + "\" has no address";
      return ex;
    }
    req.address = *addr;
  }
  HttpResult r = s.engine->perform(req, s.deadline);
  auto pin = judge_request_tls(r.exchange, r.pem_chain, url.host, s.trust);
  if (key_pin && !r.pem_chain.empty()) *key_pin = std::move(pin);
  if (method == "POST" && r.exchange.transport == Transport::Ok && r.exchange.status == 200) {
    r.exchange.pox = parse_pox_response(r.body);
  }
  if (body) *body = std::move(r.body);
  return std::move(r.exchange);
}

// After a 401 to the unauthenticated POST: ask again as the user where the rule allows it
// (observe/credentials.hpp), else record on `first` why not.
void with_credentials(const Shared& s, std::vector<HttpExchange>& exchanges, const Url& url, CredentialScope scope,
                      const std::string& key_pin, std::optional<Resolver>& resolver, const std::string& pinned,
                      const std::string& method) {
  auto& first = exchanges.back();
  if (!s.options.credentials || first.transport != Transport::Ok || first.status != 401) return;
  auto literal = IpAddress::parse_host(url.host);
  scope.approved = s.approved.contains(literal ? literal->str() : url.host);
  scope.now = s.now;
  scope.named_by = s.options.named_by;
  auto d = credentials_allowed(url, first.tls ? &*first.tls : nullptr, scope);
  if (d.allowed && key_pin.empty()) d = {false, "certificate", "the certificate's public key could not be read"};
  if (!d.allowed) {
    first.withheld_code = d.code;
    first.withheld = d.reason;
    return;
  }
  CredentialUse use{scope, basic_only(first.auth_schemes)};
  exchanges.push_back(
      exchange(s, url, method, &*s.options.credentials, resolver, pinned, key_pin, nullptr, nullptr, &use));
}

namespace {

// A redirectAddr's discovery: every host was reached by the redirect (the user approves it first).
bool redirected(const Shared& s) {
  return s.options.redirected;
}

void probe_redirect(const Shared& s, Endpoint& e);

// `after_first`: called once the first answer is in e.exchanges, before the request with credentials.
void probe_https(const Shared& s, Endpoint& e, const std::function<void()>& after_first) {
  std::optional<Resolver> resolver;
  Url url{"https", e.host, 443, autodiscover_path()};
  // Every address a client may be given (DNS round robin), a few at most: the client's
  // server is the first that answers; the others are judged on their own.
  constexpr std::size_t k_max_addresses = 4;
  std::vector<std::string> addresses;
  if (auto it = s.lookups.find(e.host); it != s.lookups.end()) {
    for (const auto& a : it->second.addresses) {
      if (addresses.size() < k_max_addresses && std::ranges::find(addresses, a) == addresses.end())
        addresses.push_back(a);
    }
  }
  std::vector<HttpExchange> firsts;
  std::vector<std::string> pins;
  if (addresses.size() <= 1) {
    firsts.push_back(exchange(s, url, "POST", nullptr, resolver, {}, {}, &pins.emplace_back()));
  } else {
    for (const auto& a : addresses)
      firsts.push_back(exchange(s, url, "POST", nullptr, resolver, a, {}, &pins.emplace_back()));
  }
  std::size_t pick = 0;
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    if (firsts[i].transport == Transport::Ok) {
      pick = i;
      break;
    }
  }
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    if (i != pick) e.other_addresses.push_back(firsts[i]);
  }
  e.exchanges.push_back(std::move(firsts[pick]));
  after_first();
  // A single 401 is the expected challenge; with credentials, ask again as the user where the
  // rule allows. An SRV target outside the domain is one Outlook asks the user about first
  // (MS-OXDISCO 3.1.5.5), like a redirect; the SCP's hosts get the domain-joined client's rule.
  const std::string d = normal_name(s.options.domain);
  bool srv_only = std::ranges::all_of(e.roles, [](Role r) { return r == Role::SrvHttps; });
  bool outside = e.host != d && !e.host.ends_with("." + d);
  CredentialScope scope;
  scope.needs_approval = (srv_only && outside) || redirected(s);
  scope.reached_by = redirected(s) ? "an Autodiscover redirectAddr" : "the SRV record";
  scope.trust_exception = e.has(Role::Scp);
  std::string pinned = addresses.size() > 1 ? e.exchanges.back().address : std::string{};
  with_credentials(s, e.exchanges, url, scope, pins[pick], resolver, pinned);
}

void probe_endpoint(Shared& s, Endpoint& e) {
  if (e.has(Role::HttpRedirect)) {
    probe_redirect(s, e);
    if (s.options.follow_ups) queue_followups(s, e.exchanges, false);
    return;
  }
  // Issue 12: what phones and Teams ask the same endpoint (not the SCP's hosts: devices have no
  // directory). Issue 25: they need only the first answer, so they go out beside the POST with
  // credentials and the follow-ups that POST's answer starts, on a copy of the endpoint as the
  // first answer left it (a hanging OPTIONS holds back neither).
  const bool mobile = !(e.roles.size() == 1 && e.has(Role::Scp));
  Endpoint first_seen;
  std::jthread mobile_side;
  probe_https(s, e, [&] {
    if (!mobile) return;
    first_seen = e;
    mobile_side = std::jthread([&s, &first_seen] {
      probe_mobile({s.options, s.deadline, s.trust, s.lookups, s.approved, s.now, s.engine}, first_seen);
    });
  });
  if (s.options.follow_ups) queue_followups(s, e.exchanges, e.roles == std::vector{Role::Scp});
  if (mobile_side.joinable()) mobile_side.join();
  for (auto& m : first_seen.mobile) e.mobile.push_back(std::move(m));
}

// MS-OXDISCO 3.1.5.4: GET on http, no credentials, redirects followed by us, at most 10.
void probe_redirect(const Shared& s, Endpoint& e) {
  std::optional<Resolver> resolver;
  Url url{"http", e.host, 80, autodiscover_path()};
  std::set<std::string> seen;
  for (int hop = 0;; ++hop) {
    const std::string key = ascii_lower(url.str());
    if (!seen.insert(key).second) {
      e.loop = true;
      return;
    }
    // An https target is where the client then POSTs its request (with credentials).
    std::string method = url.scheme == "https" ? "POST" : "GET";
    std::string pin;
    e.exchanges.push_back(exchange(s, url, method, nullptr, resolver, {}, {}, &pin));
    const auto ex = e.exchanges.back();
    if (method == "POST" && s.options.credentials && ex.transport == Transport::Ok && ex.status == 401) {
      // Every https hop here was reached by a redirect: the user approves its host first.
      CredentialScope scope;
      scope.needs_approval = true;
      with_credentials(s, e.exchanges, url, scope, pin, resolver, ex.address);
      return;
    }
    if (ex.transport != Transport::Ok || ex.status < 300 || ex.status > 399 || ex.location.empty()) return;
    auto next = resolve_location(url, ex.location);
    if (!next) return;             // the judge reads the Location it could not follow
    if (hop >= k_max_redirects) {  // this would be redirect number k_max_redirects + 1
      e.too_many_hops = true;
      return;
    }
    url = *next;
  }
}

}  // namespace

Result<Observations> run_probes(const ProbeOptions& options) {
  auto trust = TrustStore::load(options.anchors);
  if (!trust) return std::unexpected(trust.error());
  return run_probes(options, *trust);
}

Result<Observations> run_probes(const ProbeOptions& options, const TrustStore& trust) {
  Deadline deadline(options.timeout);
  return run_probes_until(options, trust, deadline, nullptr);
}

Result<Observations> run_probes(const ProbeOptions& options, const TrustStore& trust, HttpEngine& engine) {
  Deadline deadline(options.timeout);
  return run_probes_until(options, trust, deadline, nullptr, {}, &engine);
}

Result<Observations> run_probes(const ProbeOptions& options, HttpEngine& engine) {
  auto trust = TrustStore::load(options.anchors);
  if (!trust) return std::unexpected(trust.error());
  return run_probes(options, *trust, engine);
}

observe::ConnectionSummary connection_summary(const HttpEngine& engine, const Observations& obs) {
  observe::ConnectionSummary out;
  out.endpoints = engine.connections();
  // One round trip: the shortest TCP connect any request of the run made.
  auto seen = [&out](const HttpExchange& ex) {
    if (ex.connect_ms > 0 && (out.rtt_ms == 0 || ex.connect_ms < out.rtt_ms)) out.rtt_ms = ex.connect_ms;
  };
  for (const auto& e : obs.endpoints) {
    for (const auto& ex : e.exchanges) seen(ex);
    for (const auto& ex : e.other_addresses) seen(ex);
  }
  for (const auto& sp : obs.services) seen(sp.exchange);
  return out;
}

Result<Observations> run_probes_until(const ProbeOptions& options, const TrustStore& trust, const Deadline& deadline,
                                      Followups* parent, std::vector<std::string> chain, HttpEngine* engine) {
  auto start = Deadline::Clock::now();
  http_global_init();
  Observations obs;
  obs.domain = normal_name(options.domain);
  obs.email = options.email;
  obs.credentials = options.credentials.has_value();
  obs.timeout_ms = static_cast<int>(options.timeout.count());

  auto resolver = Resolver::create(options.dns_servers);
  if (!resolver) return std::unexpected(resolver.error());

  // DNS, first round: every name the discovery order and the plan name, and the SRV record.
  const std::string ad_host = "autodiscover." + obs.domain;
  std::vector<std::string> names{obs.domain, ad_host};
  for (const auto& h : options.hosts) names.push_back(normal_name(h));
  for (const auto& h : options.https_hosts) names.push_back(normal_name(h));
  for (const auto& h : options.scp_hosts) names.push_back(normal_name(h));
  std::vector<std::string> unique;
  for (const auto& n : names) {
    if (std::ranges::find(unique, n) == unique.end()) unique.push_back(n);
  }
  auto batch = resolver->resolve(unique, {"_autodiscover._tcp." + obs.domain}, deadline);
  obs.srv = batch.srv.front();
  obs.lookups = std::move(batch.addresses);

  // Second round: SRV targets we have not resolved yet.
  std::vector<std::string> targets;
  for (const auto& r : obs.srv.records) {
    if (!obs.lookup(r.target) && std::ranges::find(targets, r.target) == targets.end()) targets.push_back(r.target);
  }
  if (!targets.empty()) {
    auto more = resolver->resolve(targets, {}, deadline);
    obs.lookups.insert(obs.lookups.end(), more.addresses.begin(), more.addresses.end());
  }

  // CAA as a CA reads it, for the plan's certificate names (one more batch of questions).
  if (!options.caa_names.empty()) obs.caa = lookup_caa(*resolver, options.caa_names, deadline);

  // Issue 23: the mail doors' MX, TXT and address questions (a redirectAddr's run has no doors).
  DoorJobs doors;
  if (!parent) doors = prepare_doors(*resolver, options.doors, deadline, obs.mail_domains);

  // Endpoints, each host once with every role it plays.
  auto add = [&](const std::string& host, Role role) {
    for (auto& e : obs.endpoints) {
      if (e.host == host && !e.has(Role::HttpRedirect)) {
        if (!e.has(role)) e.roles.push_back(role);
        return;
      }
    }
    obs.endpoints.push_back(Endpoint{{role}, host, {}, false, false, {}, {}});
  };
  add(obs.domain, Role::RootHttps);
  add(ad_host, Role::AutodiscoverHttps);
  for (const auto& r : obs.srv.records) {
    if (r.port == 443) add(r.target, Role::SrvHttps);  // MS-OXDISCO 3.1.5.5: only port 443 is used
  }
  for (const auto& h : options.https_hosts) add(normal_name(h), Role::PlannedHttps);
  for (const auto& h : options.scp_hosts) add(normal_name(h), Role::Scp);
  obs.endpoints.push_back(Endpoint{{Role::HttpRedirect}, ad_host, {}, false, false, {}, {}});

  // Issue 25: one engine for every request of the run, its redirectAddr runs included: a
  // connection per endpoint, kept, and at most --parallel of them per endpoint.
  std::unique_ptr<HttpEngine> own_engine;
  if (!engine) {
    own_engine = std::make_unique<HttpEngine>(options.parallel);
    engine = own_engine.get();
  }
  TaskQueue queue;
  Followups own;
  Shared shared{options, deadline, trust, {}, {}, options.now, &queue, parent ? parent : &own, std::move(chain)};
  if (shared.now == 0)
    shared.now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  shared.engine = engine;
  for (const auto& l : obs.lookups) shared.lookups.emplace(l.name, l);
  // The approval a redirect's target needs for credentials: the plan's hosts, the domain's own
  // discovery names (they get the POST with credentials directly anyway) and --allow-redirect.
  for (const auto* list :
       {&options.hosts, &options.https_hosts, &options.scp_hosts, &options.allow_redirect, &options.approved_hosts}) {
    for (const auto& h : *list) {
      auto literal = IpAddress::parse_host(h);
      shared.approved.insert(literal ? literal->str() : normal_name(h));
    }
  }
  // A redirectAddr's domain, a tenant's or a scraper's is approved only by the plan or --allow-redirect.
  if (!options.redirected && options.named_by.empty()) {
    shared.approved.insert(obs.domain);
    shared.approved.insert(ad_host);
  }
  // At most options.parallel connections at once: a worker probes one endpoint at a time and an
  // endpoint's requests go one after another. The SRV targets go last: a client tries the other
  // methods first (MS-OXDISCO 3.1.5), and a zone full of SRV tarpits must not crowd them out.
  std::vector<std::size_t> order(obs.endpoints.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::ranges::stable_partition(order,
                                [&](std::size_t i) { return obs.endpoints[i].roles != std::vector{Role::SrvHttps}; });
  for (std::size_t k : order) queue.push([&shared, &e = obs.endpoints[k]] { probe_endpoint(shared, e); });
  // Issue 11: Exchange Online's claim, beside the rest (Outlook 2016 asks it first).
  if (!options.o365_endpoint.empty()) queue.push([&] { obs.o365 = probe_o365(shared); });
  queue_doors(shared, queue, doors, obs.mail_domains);  // after the Autodiscover walk's endpoints
  // Issue 27: every smtp door host's TLSA records, validated (libunbound), beside the door probes.
  std::vector<std::string> mx_hosts;
  if (options.doors.dane) {
    for (const auto& [target, address] : doors.probes) {
      if (target.door == "smtp") mx_hosts.push_back(target.host);
    }
  }
  if (!mx_hosts.empty()) {
    queue.push(
        [&] { obs.tlsa = lookup_tlsa(mx_hosts, options.dns_servers, options.doors.dnssec_trust_anchor, deadline); });
  }
  queue.run(options.parallel);
  obs.doors = collect_doors(doors);
  if (!parent) collect_followups(own, obs);
  obs.total_ms = elapsed_ms(start);
  return obs;
}

}  // namespace adplan::probe
