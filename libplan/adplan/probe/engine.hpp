#pragma once
// Issue 25: the probe's one HTTP engine. At internet distance round trips are the cost, so every
// request of a run goes through an HttpEngine: one libcurl multi handle driven by a thread of its
// own, which keeps connections per endpoint (host, address, port) and shares TLS sessions.
//
// What an engine guarantees to its requests (libplan/probe/http.cpp):
// - Requests from any thread share its connections: HTTP/2 multiplexing where the server's ALPN
//   offers it (one connection per endpoint), HTTP/1.1 keep-alive otherwise, at most
//   `max_host_connections` connections per endpoint at once; an extra connection resumes the
//   TLS session of the first (a share handle holds TLS sessions and DNS only, never connections).
// - Each endpoint waits on its own (a lane per scheme+host, address and port, in the engine): one
//   request until the endpoint's first connection has answered, then up to `max_host_connections`
//   together, also after a pause while the connection may be reused; an endpoint known to
//   multiplex (HTTP/2) up to 100, streams of its one connection. A silent endpoint holds back
//   only its own requests, never another host name on the same address (libcurl's own waiting,
//   PIPEWAIT and MAX_HOST_CONNECTIONS, is per address and wakes one transfer per ended one: not used).
// - A request pinned to an address rides only a connection made to that address (CONNECT_TO keys
//   the connection by host, address and port).
// - The chain is read from the connection that carries each request (new, reused or resumed) and
//   judged by the caller; a request with credentials is judged again on that very connection just
//   before it is sent, and refused without a byte sent when the judgement fails now
//   (observe/credentials.hpp's rule holds by construction, not by a second handshake).
// - Every request ends within its own budget (its cap, the run's deadline), also one still waiting
//   for a connection slot that a tarpit holds: a tarpit costs a run about one timeout.
// - A connection is reused for at most k_max_connection_age, so a kept engine (the exporter's)
//   meets a replaced certificate within that time.
// - A request may ask for a connection of its own with a full handshake (HttpRequest's
//   fresh_connection, probe/internal/http.hpp): what a pool member's probe (issue 24) needs to see
//   that member's own certificate; it neither reuses nor leaves a connection behind.
//
// Who uses it: run_probes makes one per run unless given one; verify keeps one for the run and
// reports what it cost (verify --json "connections"); the bulk run (--all-domains,
// --domains-file) shares one over every tenant; the exporter keeps one per target between
// scrapes (EngineCache). Inside libplan/probe, requests are made with HttpEngine::perform
// (probe/internal/http.hpp's HttpRequest and HttpResult).
#include <adplan/observe/connections.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/probe/warm.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace adplan::probe {

struct HttpRequest;  // probe/internal/http.hpp
struct HttpResult;
class Deadline;  // probe/internal/deadline.hpp

// How long one connection is reused at most.
inline constexpr std::chrono::seconds k_max_connection_age{60};

class HttpEngine {
 public:
  // At most `max_host_connections` connections per endpoint at once (--parallel; 0 counts as 1).
  explicit HttpEngine(std::size_t max_host_connections);
  ~HttpEngine();
  HttpEngine(const HttpEngine&) = delete;
  HttpEngine& operator=(const HttpEngine&) = delete;

  // Thread-safe; blocks the caller until the request ended (its own cap and the deadline bound
  // it). The gates of probe/internal/http.hpp apply: pinned address, no forbidden target, no
  // credentials over plain http or without the key judged.
  HttpResult perform(const HttpRequest& request, const Deadline& deadline);
  // What the engine's requests cost so far, per endpoint, sorted by host, address and port.
  [[nodiscard]] std::vector<observe::EndpointCost> connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// run_probes on `engine` (its --parallel bound per endpoint is the engine's own). A caller that
// keeps the engine between runs keeps the connections warm.
Result<Observations> run_probes(const ProbeOptions& options, const TrustStore& trust, HttpEngine& engine);
Result<Observations> run_probes(const ProbeOptions& options, HttpEngine& engine);

// The engine's counters, with the round trip measured in `obs` (its shortest TCP connect).
observe::ConnectionSummary connection_summary(const HttpEngine& engine, const Observations& obs);

// The exporter's: warm engines for at most this many targets, each dropped after this long unused
// (a scrape every 15 s to 1 min keeps its target's engine; a target asked once leaves).
inline constexpr std::size_t k_exporter_engines = 64;
inline constexpr std::chrono::minutes k_exporter_engine_idle{5};

// Warm engines between runs of the same key (the exporter's target), each with its WarmMemory: at most `max_engines`,
// the least recently used dropped first, and one unused for `idle` dropped on the next get(). Times are the caller's
// (steady clock), so a test drives them. Thread-safe; an engine dropped while a run still holds it lives until that run
// ends.
class EngineCache {
 public:
  using Clock = std::chrono::steady_clock;
  EngineCache(std::size_t max_engines, std::chrono::milliseconds idle, std::size_t max_host_connections);

  std::shared_ptr<HttpEngine> get(const std::string& key, Clock::time_point now);
  // The key's engine and what its last run remembers (probe/warm.hpp: DNS answers to their TTL,
  // the 401s met), kept and dropped together.
  struct Warm {
    std::shared_ptr<HttpEngine> engine;
    std::shared_ptr<WarmMemory> memory;
  };
  Warm warm(const std::string& key, Clock::time_point now);
  [[nodiscard]] std::size_t size() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<HttpEngine> engine;
    std::shared_ptr<WarmMemory> memory;
    Clock::time_point used;
  };
  mutable std::mutex m_mutex;
  std::vector<Entry> m_entries;
  std::size_t m_max;
  std::chrono::milliseconds m_idle;
  std::size_t m_per_host;
};

}  // namespace adplan::probe
