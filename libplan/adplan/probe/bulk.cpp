#include <adplan/probe/bulk.hpp>

#include <adplan/observe/url.hpp>
#include <adplan/probe/internal/dns.hpp>
#include <adplan/probe/internal/pool.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace adplan::probe {

struct BulkProbe::State {
  ProbeOptions base;    // the caller's: --deep probes with it
  ProbeOptions shared;  // what every tenant's shared facts come from: nothing tenant-specific
  const TrustStore& trust;
  BulkOptions options;
  RunCache cache;
  std::vector<std::string> plan_names;  // the plan's hosts, resolved once (in the reference run)
  std::optional<Result<Observations>> reference;
  std::optional<Resolver> resolver;
  BulkStats stats;
  std::mutex done_mutex;
  std::mutex rate_mutex;
  Deadline::Clock::time_point next_start{};
};

namespace {

constexpr std::string_view k_path = "/autodiscover/autodiscover.xml";

// What exchange() records for a host with no address (probe.cpp), without a request.
Endpoint no_address(std::vector<Role> roles, const std::string& host, bool redirect) {
  HttpExchange ex;
  Url url{redirect ? "http" : "https", host, redirect ? 80 : 443, std::string(k_path)};
  ex.method = redirect ? "GET" : "POST";
  ex.url = url.str();
  ex.port = url.port;
  ex.transport = Transport::NoAddress;
  ex.error = "\"" + host + "\" has no address";
  Endpoint e{std::move(roles), host, {}, false, false, {}, {}};
  e.exchanges.push_back(std::move(ex));
  return e;
}

void add_unique(std::vector<std::string>& list, const std::string& name) {
  if (std::ranges::find(list, name) == list.end()) list.push_back(name);
}

}  // namespace

BulkProbe::BulkProbe(const ProbeOptions& base, const TrustStore& trust, BulkOptions options)
    : m_state(new State{base, base, trust, options, {}, {}, {}, {}, {}, {}}) {
  auto& s = m_state->shared;
  s.credentials.reset();    // the POST with credentials asks about one user: --deep
  s.o365_endpoint.clear();  // Exchange Online's claim is on the tenant's address: --deep
  for (const auto* list : {&base.hosts, &base.https_hosts, &base.scp_hosts}) {
    for (const auto& h : *list) add_unique(m_state->plan_names, normal_name(h));
  }
}

BulkProbe::~BulkProbe() = default;

BulkStats BulkProbe::stats() const {
  auto s = m_state->stats;
  s.endpoints = m_state->cache.endpoints();
  return s;
}

namespace {

// --max-rate: full probes start at most max_rate a second (a polite client to the front ends).
void pace(BulkProbe::State& st) {
  if (st.options.max_rate <= 0) return;
  auto gap =
      std::chrono::duration_cast<Deadline::Clock::duration>(std::chrono::duration<double>(1.0 / st.options.max_rate));
  Deadline::Clock::time_point at;
  {
    std::scoped_lock lock(st.rate_mutex);
    at = std::max(st.next_start, Deadline::Clock::now());
    st.next_start = at + gap;
  }
  std::this_thread::sleep_until(at);
}

// One tenant from its DNS answers and the shared endpoints; nullopt when one of its endpoints has
// not been probed in this run (the tenant is then probed in full).
std::optional<Observations> assemble(BulkProbe::State& st, const BatchTarget& t, AddressLookup own,
                                     AddressLookup autodiscover, SrvLookup srv) {
  Observations obs;
  obs.domain = normal_name(t.domain);
  obs.email = t.email;
  obs.timeout_ms = static_cast<int>(st.base.timeout.count());
  const std::string ad_host = autodiscover.name;
  obs.total_ms = std::max({own.ms, autodiscover.ms, srv.ms});
  obs.lookups.push_back(std::move(own));
  obs.lookups.push_back(std::move(autodiscover));
  for (const auto& n : st.plan_names) {
    if (obs.lookup(n)) continue;
    if (auto l = st.cache.lookup(n)) obs.lookups.push_back(std::move(*l));
  }
  obs.srv = std::move(srv);
  for (const auto& r : obs.srv.records) {
    if (obs.lookup(r.target)) continue;
    auto l = st.cache.lookup(r.target);
    if (!l) return std::nullopt;
    obs.lookups.push_back(std::move(*l));
  }
  if (st.reference && *st.reference) obs.caa = (*st.reference)->caa;
  // The endpoints in run_probes' order, each host once with every role it plays.
  std::vector<std::pair<std::string, std::vector<Role>>> hosts;
  auto add = [&](const std::string& host, Role role) {
    for (auto& [h, roles] : hosts) {
      if (h == host) {
        if (std::ranges::find(roles, role) == roles.end()) roles.push_back(role);
        return;
      }
    }
    hosts.push_back({host, {role}});
  };
  add(obs.domain, Role::RootHttps);
  add(ad_host, Role::AutodiscoverHttps);
  for (const auto& r : obs.srv.records) {
    if (r.port == 443) add(r.target, Role::SrvHttps);  // MS-OXDISCO 3.1.5.5: only port 443 is used
  }
  for (const auto& h : st.shared.https_hosts) add(normal_name(h), Role::PlannedHttps);
  for (auto& [host, roles] : hosts) {
    const auto* l = obs.lookup(host);
    if (!l || l->addresses.empty()) {
      obs.endpoints.push_back(no_address(std::move(roles), host, false));
      continue;
    }
    auto e = st.cache.endpoint(host);
    if (!e) return std::nullopt;
    e->roles = std::move(roles);
    obs.endpoints.push_back(std::move(*e));
  }
  const auto* ad = obs.lookup(ad_host);
  if (ad && !ad->addresses.empty()) return std::nullopt;  // the redirect site answers per host name
  obs.endpoints.push_back(no_address({Role::HttpRedirect}, ad_host, true));
  return obs;
}

}  // namespace

void BulkProbe::probe(std::span<const BatchTarget> targets, const std::function<void(std::size_t, ProbeRun&&)>& done) {
  auto& st = *m_state;
  auto serial_done = [&](std::size_t i, ProbeRun&& run) {
    std::scoped_lock lock(st.done_mutex);
    done(i, std::move(run));
  };
  if (st.options.deep) {
    st.stats.full += targets.size();
    run_bounded(targets.size(), st.base.parallel, [&](std::size_t i) {
      pace(st);
      ProbeOptions po = st.base;
      po.domain = targets[i].domain;
      po.email = targets[i].email;
      serial_done(i, run_probes(po, st.trust));
    });
    return;
  }
  if (!st.reference) {
    // The reference run: the plan's primary domain probed once, its endpoints the first shared facts.
    st.reference = run_probes(st.shared, st.trust);
    if (*st.reference) st.cache.add(**st.reference);
  }
  if (!st.resolver) {
    auto r = Resolver::create(st.base.dns_servers);
    if (!r) {
      for (std::size_t i = 0; i < targets.size(); ++i) serial_done(i, std::unexpected(r.error()));
      return;
    }
    st.resolver.emplace(std::move(*r));
  }
  Deadline deadline(st.base.timeout);
  std::vector<std::string> names, srv_names;
  names.reserve(targets.size() * 2);
  srv_names.reserve(targets.size());
  for (const auto& t : targets) {
    const std::string d = normal_name(t.domain);
    names.push_back(d);
    names.push_back("autodiscover." + d);
    srv_names.push_back("_autodiscover._tcp." + d);
  }
  auto batch = st.resolver->resolve(names, srv_names, deadline);
  // SRV targets this run has not resolved yet, all at once.
  std::vector<std::string> more;
  for (const auto& s : batch.srv) {
    for (const auto& r : s.records) {
      if (!st.cache.lookup(r.target)) add_unique(more, r.target);
    }
  }
  if (!more.empty()) {
    for (auto& l : st.resolver->resolve(more, {}, deadline).addresses) st.cache.add(l);
  }
  std::vector<std::size_t> full;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto obs = assemble(st, targets[i], std::move(batch.addresses[i * 2]), std::move(batch.addresses[i * 2 + 1]),
                        std::move(batch.srv[i]));
    if (!obs) {
      full.push_back(i);
      continue;
    }
    ++st.stats.shared;
    serial_done(i, std::move(*obs));
  }
  // The rest in full, base.parallel at a time; their endpoints shared from then on.
  st.stats.full += full.size();
  run_bounded(full.size(), st.base.parallel, [&](std::size_t k) {
    pace(st);
    ProbeOptions po = st.shared;
    po.domain = targets[full[k]].domain;
    po.email = targets[full[k]].email;
    auto run = run_probes(po, st.trust);
    if (run) st.cache.add(*run);
    serial_done(full[k], std::move(run));
  });
}

}  // namespace adplan::probe
