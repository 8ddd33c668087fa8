#pragma once
// `adplan verify --json`: verdict, findings, checks, clients (documented in README).
#include <adplan/verify/result.hpp>

#include <nlohmann/json.hpp>

namespace adplan::verify {

nlohmann::json to_json(const VerifyResult& r, int total_ms);

}  // namespace adplan::verify
