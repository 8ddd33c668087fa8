#include <adplan/probe/warm.hpp>

#include <adplan/probe/internal/dns.hpp>

#include <algorithm>
#include <utility>

namespace adplan::probe {
namespace {

template <class Map>
auto kept(const Map& map, std::string_view name, std::int64_t now)
    -> std::optional<decltype(map.begin()->second.lookup)> {
  auto it = map.find(name);
  if (it == map.end() || now >= it->second.until) return std::nullopt;
  auto out = it->second.lookup;
  out.cached = true;
  out.ttl_left = static_cast<int>(it->second.until - now);
  out.ms = 0;  // nothing was asked
  return out;
}

// A full map first loses what has run out at `now`, then, still full, everything (a target's
// next run asks again: never a wrong answer, only a round trip).
template <class Map>
void make_room(Map& map, std::int64_t now) {
  if (map.size() < k_max_warm_entries) return;
  std::erase_if(map, [now](const auto& entry) { return now >= entry.second.until; });
  if (map.size() >= k_max_warm_entries) map.clear();
}

template <class Map, class Lookup>
void put(Map& map, const Lookup& lookup, bool positive, int ttl, std::int64_t now) {
  if (!positive || ttl < 1) {
    map.erase(lookup.name);
    return;
  }
  make_room(map, now);
  Lookup stored = lookup;
  stored.cached = false;
  stored.ttl_left = 0;
  map[lookup.name] = {std::move(stored), now + std::min<std::int64_t>(ttl, k_max_dns_keep)};
}

}  // namespace

std::optional<observe::AddressLookup> WarmMemory::address(std::string_view name, std::int64_t now) const {
  std::lock_guard guard(m_mutex);
  return kept(m_addresses, name, now);
}

std::optional<observe::SrvLookup> WarmMemory::srv(std::string_view name, std::int64_t now) const {
  std::lock_guard guard(m_mutex);
  return kept(m_srv, name, now);
}

void WarmMemory::keep(const observe::AddressLookup& lookup, int ttl, std::int64_t now) {
  std::lock_guard guard(m_mutex);
  put(m_addresses, lookup, lookup.status == observe::DnsStatus::Ok && !lookup.addresses.empty(), ttl, now);
}

void WarmMemory::keep(const observe::SrvLookup& lookup, int ttl, std::int64_t now) {
  std::lock_guard guard(m_mutex);
  put(m_srv, lookup, lookup.status == observe::DnsStatus::Ok && !lookup.records.empty(), ttl, now);
}

std::string WarmMemory::challenge_key(const std::string& method, const std::string& url) {
  return method + " " + url;
}

std::optional<WarmMemory::Challenge> WarmMemory::challenge(const std::string& key) const {
  std::lock_guard guard(m_mutex);
  auto it = m_challenges.find(key);
  if (it == m_challenges.end()) return std::nullopt;
  return it->second;
}

void WarmMemory::remember(const std::string& key, Challenge challenge) {
  std::lock_guard guard(m_mutex);
  if (!m_challenges.contains(key) && m_challenges.size() >= k_max_warm_entries) m_challenges.clear();
  m_challenges[key] = std::move(challenge);
}

void WarmMemory::forget(const std::string& key) {
  std::lock_guard guard(m_mutex);
  m_challenges.erase(key);
}

DnsBatch resolve_kept(Resolver& resolver, WarmMemory* warm, std::int64_t now, const std::vector<std::string>& names,
                      const std::vector<std::string>& srv_names, const Deadline& deadline) {
  if (!warm) return resolver.resolve(names, srv_names, deadline);
  DnsBatch out;
  out.addresses.resize(names.size());
  out.srv.resize(srv_names.size());
  out.address_ttls.assign(names.size(), -1);
  out.srv_ttls.assign(srv_names.size(), -1);
  std::vector<std::string> ask;
  std::vector<std::string> ask_srv;
  std::vector<std::size_t> at;
  std::vector<std::size_t> at_srv;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (auto k = warm->address(normal_name(names[i]), now)) {
      out.addresses[i] = std::move(*k);
    } else {
      ask.push_back(names[i]);
      at.push_back(i);
    }
  }
  for (std::size_t i = 0; i < srv_names.size(); ++i) {
    if (auto k = warm->srv(normal_name(srv_names[i]), now)) {
      out.srv[i] = std::move(*k);
    } else {
      ask_srv.push_back(srv_names[i]);
      at_srv.push_back(i);
    }
  }
  if (ask.empty() && ask_srv.empty()) return out;
  auto fresh = resolver.resolve(ask, ask_srv, deadline);
  for (std::size_t j = 0; j < ask.size(); ++j) {
    warm->keep(fresh.addresses[j], fresh.address_ttls[j], now);
    out.address_ttls[at[j]] = fresh.address_ttls[j];
    out.addresses[at[j]] = std::move(fresh.addresses[j]);
  }
  for (std::size_t j = 0; j < ask_srv.size(); ++j) {
    warm->keep(fresh.srv[j], fresh.srv_ttls[j], now);
    out.srv_ttls[at_srv[j]] = fresh.srv_ttls[j];
    out.srv[at_srv[j]] = std::move(fresh.srv[j]);
  }
  return out;
}

}  // namespace adplan::probe
