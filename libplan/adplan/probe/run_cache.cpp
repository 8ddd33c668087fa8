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

bool RunCache::has_endpoint(const std::string& host) const {
  std::scoped_lock lock(m_mutex);
  return m_endpoints.contains(host);
}

void RunCache::add(const observe::Observations& obs) {
  std::scoped_lock lock(m_mutex);
  for (const auto& l : obs.lookups) m_lookups.try_emplace(l.name, l);
  for (const auto& e : obs.endpoints) {
    if (!e.has(observe::Role::HttpRedirect)) m_endpoints.try_emplace(e.host, e);
  }
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
