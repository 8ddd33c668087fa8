#pragma once
// What one bulk run (probe/bulk.hpp) has learnt and shares between its tenants: the address of
// every host resolved so far and the facts of every https endpoint probed so far (TLS handshake,
// certificate, the unauthenticated POST's 401, OPTIONS, v2), keyed by host. Within a run a host
// has one answer from DNS, so the key is (host, address, port 443). Guarded: the slow path of
// several tenants may add to it at once. It also remembers every (address, port) that timed out
// (a tarpit): a new host name at that address is not asked again in the run (slow()), so a tarpit
// front end costs one timeout for the whole run, not one per host name that leads to it.
#include <adplan/observe/observations.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace adplan::probe {

class RunCache {
 public:
  [[nodiscard]] std::optional<observe::AddressLookup> lookup(const std::string& host) const;
  [[nodiscard]] std::optional<observe::Endpoint> endpoint(const std::string& host) const;
  // Every lookup and https endpoint of a run (a redirect chain is the tenant's own, never shared).
  void add(const observe::Observations& obs);
  void add(const observe::AddressLookup& lookup);
  [[nodiscard]] std::size_t endpoints() const;
  // The exchange that timed out at address:port earlier in the run, if one did.
  [[nodiscard]] std::optional<observe::HttpExchange> slow(const std::string& address, int port) const;

 private:
  mutable std::mutex m_mutex;
  std::map<std::string, observe::AddressLookup, std::less<>> m_lookups;
  std::map<std::string, observe::Endpoint, std::less<>> m_endpoints;
  std::map<std::pair<std::string, int>, observe::HttpExchange> m_slow;  // (address, port) -> what timed out
};

}  // namespace adplan::probe
