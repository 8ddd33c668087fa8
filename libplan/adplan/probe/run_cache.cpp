#include <adplan/probe/run_cache.hpp>

namespace adplan::probe {

std::optional<observe::AddressLookup> RunCache::lookup(const std::string& host) const {
  std::scoped_lock lock(m_mutex);
  auto it = m_lookups.find(host);
  if (it == m_lookups.end()) return std::nullopt;
  return it->second;
}

std::optional<observe::Endpoint> RunCache::endpoint(const std::string& host) const {
  std::scoped_lock lock(m_mutex);
  auto it = m_endpoints.find(host);
  if (it == m_endpoints.end()) return std::nullopt;
  return it->second;
}

namespace {

bool timed_out(observe::Transport t) {
  using observe::Transport;
  return t == Transport::ConnectTimeout || t == Transport::TlsTimeout || t == Transport::Timeout;
}

}  // namespace

void RunCache::add(const observe::Observations& obs) {
  std::scoped_lock lock(m_mutex);
  for (const auto& l : obs.lookups) m_lookups.try_emplace(l.name, l);
  for (const auto& e : obs.endpoints) {
    if (!e.has(observe::Role::HttpRedirect)) m_endpoints.try_emplace(e.host, e);
    for (const auto* list : {&e.exchanges, &e.other_addresses}) {
      for (const auto& ex : *list) {
        if (timed_out(ex.transport) && !ex.address.empty()) m_slow.try_emplace({ex.address, ex.port}, ex);
      }
    }
  }
}

std::optional<observe::HttpExchange> RunCache::slow(const std::string& address, int port) const {
  std::scoped_lock lock(m_mutex);
  auto it = m_slow.find({address, port});
  if (it == m_slow.end()) return std::nullopt;
  return it->second;
}

void RunCache::add(const observe::AddressLookup& lookup) {
  std::scoped_lock lock(m_mutex);
  m_lookups.try_emplace(lookup.name, lookup);
}

std::size_t RunCache::endpoints() const {
  std::scoped_lock lock(m_mutex);
  return m_endpoints.size();
}

}  // namespace adplan::probe
