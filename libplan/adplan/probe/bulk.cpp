#include <adplan/probe/bulk.hpp>

#include <adplan/observe/url.hpp>
#include <adplan/probe/engine.hpp>
#include <adplan/probe/internal/dns.hpp>
#include <adplan/probe/internal/pool.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace adplan::probe {

struct BulkProbe::State {
  State(const ProbeOptions& b, const TrustStore& t, BulkOptions o)
      : base(b),
        shared(b),
        trust(t),
        options(o),
        limit(o.max_rate),
        // --parallel tenants at once, each with --parallel workers: their bound between them.
        engine(std::min(std::max<std::size_t>(b.parallel, 1) * std::max<std::size_t>(b.parallel, 1), k_max_parallel)) {
    base.rate_limit = shared.rate_limit = &limit;
  }
  ProbeOptions base;    // the caller's: --deep probes with it
  ProbeOptions shared;  // what every tenant's shared facts come from: nothing tenant-specific
  const TrustStore& trust;
  BulkOptions options;
  RateLimit limit;    // --max-rate: every request of the run, per endpoint
  HttpEngine engine;  // issue 25: every tenant's requests, on connections kept per endpoint
  RunCache cache;
  std::vector<std::string> plan_names;  // the plan's hosts, resolved once (in the reference run)
  std::optional<Result<Observations>> reference;
  std::optional<Resolver> resolver;
  BulkStats stats;
  std::mutex done_mutex;
};

namespace {

constexpr std::string_view k_path = "/autodiscover/autodiscover.xml";

// The exchange for `host` as exchange() records it (probe.cpp), filled in without a request.
Endpoint unasked(std::vector<Role> roles, const std::string& host, bool redirect, HttpExchange ex) {
  Url url{redirect ? "http" : "https", host, redirect ? 80 : 443, std::string(k_path)};
  ex.method = redirect ? "GET" : "POST";
  ex.url = url.str();
  ex.port = url.port;
  Endpoint e{std::move(roles), host, {}, false, false, {}, {}};
  e.exchanges.push_back(std::move(ex));
  return e;
}

// A host with no address.
Endpoint no_address(std::vector<Role> roles, const std::string& host, bool redirect) {
  HttpExchange ex;
  ex.transport = Transport::NoAddress;
  ex.error = "\"" + host + "\" has no address";
  return unasked(std::move(roles), host, redirect, std::move(ex));
}

// A host new to the run whose address timed out earlier in it (a tarpit front end, RunCache::slow):
// what asking would record, without asking, so the tarpit costs the run one timeout in all.
std::optional<Endpoint> at_tarpit(const BulkProbe::State& st, std::vector<Role> roles, const std::string& host,
                                  const std::string& address, bool redirect) {
  const int port = redirect ? 80 : 443;
  auto slow = st.cache.slow(address, port);
  if (!slow) return std::nullopt;
  HttpExchange ex = std::move(*slow);
  ex.tls.reset();
  ex.error =
      address + ":" + std::to_string(port) + " timed out earlier in this run (" + ex.error + "); not asked again";
  return unasked(std::move(roles), host, redirect, std::move(ex));
}

void add_unique(std::vector<std::string>& list, const std::string& name) {
  if (std::ranges::find(list, name) == list.end()) list.push_back(name);
}

}  // namespace

BulkProbe::BulkProbe(const ProbeOptions& base, const TrustStore& trust, BulkOptions options)
    : m_state(std::make_unique<State>(base, trust, options)) {
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

// The plan's names and CAA from the run: what every tenant shares with the reference run.
void add_plan_facts(const BulkProbe::State& st, Observations& obs) {
  for (const auto& n : st.plan_names) {
    if (obs.lookup(n)) continue;
    if (auto l = st.cache.lookup(n)) obs.lookups.push_back(std::move(*l));
  }
  if (st.reference && *st.reference) obs.caa = (*st.reference)->caa;
}

// One tenant from its DNS answers and the shared endpoints; nullopt when one of its endpoints has
// not been probed in this run (the tenant's own names are then probed).
std::optional<Observations> assemble(BulkProbe::State& st, const BatchTarget& t, AddressLookup own,
                                     AddressLookup autodiscover, SrvLookup srv) {
  // (copies: a tenant sent to the slow path is assembled again once its new endpoints are known)
  Observations obs;
  obs.domain = normal_name(t.domain);
  obs.email = t.email;
  obs.timeout_ms = static_cast<int>(st.base.timeout.count());
  const std::string ad_host = autodiscover.name;
  obs.total_ms = std::max({own.ms, autodiscover.ms, srv.ms});
  obs.lookups.push_back(std::move(own));
  obs.lookups.push_back(std::move(autodiscover));
  add_plan_facts(st, obs);
  obs.srv = std::move(srv);
  for (const auto& r : obs.srv.records) {
    if (obs.lookup(r.target)) continue;
    auto l = st.cache.lookup(r.target);
    if (!l) return std::nullopt;
    obs.lookups.push_back(std::move(*l));
  }
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
    if (!e) e = at_tarpit(st, roles, host, l->addresses.front(), false);
    if (!e) return std::nullopt;
    e->roles = std::move(roles);
    obs.endpoints.push_back(std::move(*e));
  }
  const auto* ad = obs.lookup(ad_host);
  if (!ad || ad->addresses.empty()) {
    obs.endpoints.push_back(no_address({Role::HttpRedirect}, ad_host, true));
    return obs;
  }
  // The redirect site answers per host name: asked per tenant, unless its address is a tarpit.
  auto e = at_tarpit(st, {Role::HttpRedirect}, ad_host, ad->addresses.front(), true);
  if (!e) return std::nullopt;
  obs.endpoints.push_back(std::move(*e));
  return obs;
}

// A tenant probed with only its own names: the plan's names and endpoints from the run's cache, as
// assemble() gives them.
void complete(const BulkProbe::State& st, Observations& obs) {
  add_plan_facts(st, obs);
  for (const auto& h : st.shared.https_hosts) {
    const std::string host = normal_name(h);
    auto same = std::ranges::find_if(obs.endpoints,
                                     [&](const Endpoint& e) { return e.host == host && !e.has(Role::HttpRedirect); });
    if (same != obs.endpoints.end()) {
      if (!same->has(Role::PlannedHttps)) same->roles.push_back(Role::PlannedHttps);
      continue;
    }
    auto e = st.cache.endpoint(host);
    if (!e) {
      const auto* l = obs.lookup(host);
      if (l && !l->addresses.empty()) continue;  // not probed in this run: left out rather than invented
      e = no_address({}, host, false);
    }
    e->roles = {Role::PlannedHttps};
    auto redirect = std::ranges::find_if(obs.endpoints, [](const Endpoint& x) { return x.has(Role::HttpRedirect); });
    obs.endpoints.insert(redirect, std::move(*e));
  }
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
      ProbeOptions po = st.base;
      po.domain = targets[i].domain;
      po.email = targets[i].email;
      if (std::ranges::find(st.options.plan_domains, po.domain) == st.options.plan_domains.end())
        po.named_by = "--domains-file";  // a tenant's own names are the tenant's choice, not the plan's
      serial_done(i, run_probes(po, st.trust, st.engine));
    });
    return;
  }
  if (!st.reference) {
    // The reference run: the plan's primary domain probed once, its endpoints the first shared facts.
    st.reference = run_probes(st.shared, st.trust, st.engine);
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
  auto assemble_nth = [&](std::size_t i) {
    return assemble(st, targets[i], batch.addresses[i * 2], batch.addresses[i * 2 + 1], batch.srv[i]);
  };
  std::vector<std::size_t> full;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    auto obs = assemble_nth(i);
    if (!obs) {
      full.push_back(i);
      continue;
    }
    ++st.stats.shared;
    serial_done(i, std::move(*obs));
  }
  // The rest, base.parallel at a time: assembled again first (an earlier one may have met the same
  // new endpoint, or found its address a tarpit), else probed with only the tenant's own names (the
  // plan's endpoints come from the cache), their endpoints shared from then on.
  std::mutex stats_mutex;
  run_bounded(full.size(), st.base.parallel, [&](std::size_t k) {
    auto obs = assemble_nth(full[k]);
    {
      std::scoped_lock lock(stats_mutex);
      ++(obs ? st.stats.shared : st.stats.full);
    }
    if (obs) {
      serial_done(full[k], std::move(*obs));
      return;
    }
    ProbeOptions po = st.shared;
    po.domain = targets[full[k]].domain;
    po.email = targets[full[k]].email;
    po.hosts.clear();
    po.https_hosts.clear();
    auto run = run_probes(po, st.trust, st.engine);
    if (run) {
      st.cache.add(*run);
      complete(st, *run);
    }
    serial_done(full[k], std::move(run));
  });
}

}  // namespace adplan::probe
