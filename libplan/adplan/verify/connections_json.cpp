#include <adplan/verify/connections_json.hpp>

#include <cmath>

namespace adplan::verify {

nlohmann::json to_json(const observe::ConnectionSummary& c, int total_ms) {
  nlohmann::json j;
  j["endpoints"] = nlohmann::json::array();
  int requests = 0;
  int connections = 0;
  int handshakes = 0;
  int resumed = 0;
  for (const auto& e : c.endpoints) {
    j["endpoints"].push_back({{"host", e.host},
                              {"address", e.address},
                              {"port", e.port},
                              {"requests", e.requests},
                              {"connections", e.connections},
                              {"handshakes", e.handshakes},
                              {"resumed", e.resumed}});
    requests += e.requests;
    connections += e.connections;
    handshakes += e.handshakes;
    resumed += e.resumed;
  }
  j["requests"] = requests;
  j["connections"] = connections;
  j["handshakes"] = handshakes;
  j["resumed"] = resumed;
  j["rtt_ms"] = c.rtt_ms;
  if (c.rtt_ms > 0)
    j["round_trips"] = std::round(10.0 * total_ms / c.rtt_ms) / 10.0;
  else
    j["round_trips"] = nullptr;
  return j;
}

}  // namespace adplan::verify
