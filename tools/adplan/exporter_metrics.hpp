#pragma once
// What `adplan exporter` answers to /probe?target=: one verify as Prometheus metrics
// (blackbox_exporter's naming: *_probe_success, *_probe_duration_seconds).
#include <adplan/observe/observations.hpp>
#include <adplan/verify/verify.hpp>

#include <string>

namespace adplan::cli {

std::string probe_metrics(const verify::VerifyResult* result, const observe::Observations* obs, double seconds);

}  // namespace adplan::cli
