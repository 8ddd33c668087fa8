#pragma once
// Issue 25: "connections" of `adplan verify --json` (schema/verify.schema.json).
#include <adplan/observe/connections.hpp>

#include <nlohmann/json.hpp>

namespace adplan::verify {

// Per endpoint, the totals, the round trip measured and the run's wall time (`total_ms`) in
// round trips (null when the round trip was below a millisecond: loopback).
nlohmann::json to_json(const observe::ConnectionSummary& c, int total_ms);

}  // namespace adplan::verify
