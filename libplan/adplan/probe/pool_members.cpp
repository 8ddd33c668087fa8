#include <adplan/probe/pool_members.hpp>

#include <adplan/probe/internal/deadline.hpp>
#include <adplan/probe/internal/mail_door.hpp>
#include <adplan/probe/internal/pool.hpp>

#include <algorithm>
#include <thread>

namespace adplan::probe {
namespace {

PoolConnection connect_member(const PoolTarget& t, const PoolMemberTarget& m, const TrustStore& trust,
                              const Deadline& deadline) {
  PoolConnection c{m, Transport::Error, {}, std::nullopt, 0};
  if (deadline.passed()) {
    c.transport = Transport::Timeout;
    c.error = "not tried: the deadline had passed";
    return c;
  }
  const DoorTarget door{t.door, t.name_space, t.port, t.implicit_tls};
  DoorProbe p = probe_door(door, m.address, trust, deadline);
  c.ms = p.ms;
  if (p.tls_done && p.tls && !p.tls->chain.empty()) {
    c.transport = Transport::Ok;
    c.leaf = p.tls->chain.front();
    return c;
  }
  c.transport = p.transport == Transport::Ok ? Transport::Error : p.transport;
  c.error = p.error.empty() ? "no TLS at stage " + p.stage : p.error;
  return c;
}

bool any_member_answered(const PoolObservation& o) {
  return std::ranges::any_of(o.members, [](const PoolConnection& c) { return !c.member.load_balancer && c.leaf; });
}

}  // namespace

std::vector<PoolObservation> probe_pool(const PoolPlan& plan, const TrustStore& trust,
                                        std::chrono::milliseconds timeout, std::size_t parallel) {
  const Deadline deadline(timeout);
  std::vector<PoolObservation> out;
  std::vector<std::pair<std::size_t, std::size_t>> jobs;  // (target, member)
  for (std::size_t t = 0; t < plan.targets.size(); ++t) {
    const auto& target = plan.targets[t];
    PoolObservation o{target, {}, {}};
    o.members.resize(target.members.size());
    for (std::size_t m = 0; m < target.members.size(); ++m) jobs.emplace_back(t, m);
    out.push_back(std::move(o));
  }
  // Every member of every door at once (bounded), each writing only its own slot.
  run_bounded(jobs.size(), parallel, [&](std::size_t i) {
    auto [t, m] = jobs[i];
    out[t].members[m] = connect_member(plan.targets[t], plan.targets[t].members[m], trust, deadline);
  });
  // No member answered at its own address: the load balancer, again and again.
  std::vector<std::pair<std::size_t, PoolMemberTarget>> samples;
  for (std::size_t t = 0; t < out.size(); ++t) {
    if (any_member_answered(out[t])) continue;
    std::vector<PoolMemberTarget> lbs;
    for (const auto& m : out[t].target.members) {
      if (m.load_balancer) lbs.push_back(m);
    }
    if (lbs.empty()) continue;
    for (int k = 0; k < out[t].target.samples; ++k)
      samples.emplace_back(t, lbs[static_cast<std::size_t>(k) % lbs.size()]);
  }
  std::vector<PoolConnection> sampled(samples.size());
  run_bounded(samples.size(), parallel, [&](std::size_t i) {
    const auto& [t, m] = samples[i];
    sampled[i] = connect_member(plan.targets[t], m, trust, deadline);
  });
  for (std::size_t i = 0; i < samples.size(); ++i) out[samples[i].first].sampled.push_back(std::move(sampled[i]));
  return out;
}

Result<Observations> run_probes_with_pool(const ProbeOptions& options, HttpEngine& engine, const PoolPlan& pool) {
  auto trust = TrustStore::load(options.anchors);
  if (!trust) return std::unexpected(trust.error());
  return run_probes_with_pool(options, *trust, engine, pool);
}

Result<Observations> run_probes_with_pool(const ProbeOptions& options, const TrustStore& trust, HttpEngine& engine,
                                          const PoolPlan& pool) {
  if (pool.empty()) return run_probes(options, trust, engine);
  std::vector<PoolObservation> pools;
  // The pool's members beside the other probes, on the same budget.
  std::jthread members([&] { pools = probe_pool(pool, trust, options.timeout, options.parallel); });
  auto obs = run_probes(options, trust, engine);
  members.join();
  if (!obs) return obs;
  obs->pools = std::move(pools);
  return obs;
}

}  // namespace adplan::probe
