#pragma once
// Issue 25: what a run's requests cost in connections, per endpoint (host, address, port), as
// libcurl counted them, and the round trip the run measured. The probe fills it; verify --json
// reports it ("connections").
#include <string>
#include <vector>

namespace adplan::observe {

struct EndpointCost {
  std::string host;
  std::string address;
  int port = 0;
  int requests = 0;
  int connections = 0;  // TCP connects
  int handshakes = 0;   // full TLS handshakes
  int resumed = 0;      // TLS handshakes that resumed a session
};

struct ConnectionSummary {
  std::vector<EndpointCost> endpoints;  // sorted by host, address and port
  int rtt_ms = 0;                       // the run's shortest TCP connect: one round trip (0: below 1 ms)
};

}  // namespace adplan::observe
