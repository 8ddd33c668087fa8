#pragma once
// Issue 25: what a warm target remembers between runs (the exporter's scrapes of one target),
// beside its warm engine (engine.hpp's EngineCache). A single verify has none: it asks every
// DNS question and meets every 401 as a client would the first time.
//
// - DNS: the positive answers of the last run, each kept until its TTL runs out (at most
//   k_max_dns_keep), on the probe's clock (ProbeOptions::now, which a test moves). A failure,
//   an empty answer or a name one of whose questions failed is never kept. A kept answer is
//   recorded as such (AddressLookup/SrvLookup::cached, with its seconds left).
// - Challenges: for a request that met a 401 and was then sent with credentials, the challenge's
//   shape (Basic alone) and the key the certificate had then. On the next run the request with
//   credentials goes out beside the one without (one round trip less); it still meets the rule of
//   observe/credentials.hpp on the connection that carries it, judged at that moment
//   (HttpRequest::recheck and pinned_key), and is used only where the run's own judgement of the
//   401 would have sent the same request (probe.cpp, mobile_probe.cpp).
#include <adplan/observe/observations.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace adplan::probe {

// Seconds a DNS answer is kept at most, whatever its TTL.
inline constexpr std::int64_t k_max_dns_keep = 300;
// Entries of each kind kept at most per target (a target names a handful of hosts).
inline constexpr std::size_t k_max_warm_entries = 256;

class WarmMemory {
 public:
  // The kept answer for `name` if it is still within its TTL at `now` (seconds since the epoch),
  // with `cached` set and the seconds left; nullopt otherwise.
  std::optional<observe::AddressLookup> address(std::string_view name, std::int64_t now) const;
  std::optional<observe::SrvLookup> srv(std::string_view name, std::int64_t now) const;
  // Keeps an answer for min(ttl, k_max_dns_keep) seconds from `now`; one that failed, has no
  // record or a ttl below 1 is not kept, and drops what was kept for that name.
  void keep(const observe::AddressLookup& lookup, int ttl, std::int64_t now);
  void keep(const observe::SrvLookup& lookup, int ttl, std::int64_t now);

  // What a request (challenge_key) met last time: a 401, then the request with credentials.
  struct Challenge {
    std::string address;      // where it went
    std::string key_pin;      // the certificate's key then (what the connection must present again)
    bool basic_only = false;  // the 401 asked for Basic alone (credentials in the first request)
  };
  static std::string challenge_key(const std::string& method, const std::string& url);
  std::optional<Challenge> challenge(const std::string& key) const;
  void remember(const std::string& key, Challenge challenge);
  void forget(const std::string& key);

 private:
  template <class T>
  struct Kept {
    T lookup;
    std::int64_t until = 0;
  };
  mutable std::mutex m_mutex;
  std::map<std::string, Kept<observe::AddressLookup>, std::less<>> m_addresses;
  std::map<std::string, Kept<observe::SrvLookup>, std::less<>> m_srv;
  std::map<std::string, Challenge, std::less<>> m_challenges;
};

}  // namespace adplan::probe
