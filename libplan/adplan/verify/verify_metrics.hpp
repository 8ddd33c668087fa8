#pragma once
// A verification as Prometheus metrics (issue 22: the third rendering of the one result, beside
// the text and JSON): what `adplan exporter` answers to /probe?target= (blackbox_exporter's
// naming: adplan_probe_success, adplan_probe_duration_seconds), the exporter's own /metrics, and
// what `verify --prometheus-textfile` leaves for node_exporter's textfile collector.
#include <adplan/observe/observations.hpp>
#include <adplan/render/prom_text.hpp>
#include <adplan/verify/verify_json.hpp>

#include <cstdint>
#include <string>

namespace adplan::verify {

// One /probe answer: success and duration always; with a result (the probes ran), one series per
// finding id and severity, each client's method, each https host's certificate expiry, each
// mail door's success and expiry, each pool member's certificate and each pool namespace's
// consistency, and each MX host's DANE match.
std::string probe_metrics(const VerifyResult* result, const observe::Observations* obs, double seconds);

// The exporter's own counters, as /metrics shows them.
struct ExporterCounts {
  long probes = 0, failed = 0, refused = 0, busy = 0, in_flight = 0;
};
std::string exporter_metrics(const ExporterCounts& n);

// verify --prometheus-textfile: a success sample per domain as it is judged, the run's totals last.
class TextfileMetrics {
 public:
  TextfileMetrics();
  void domain(const std::string& domain, bool pass);
  // The whole file; `now`: when the run ended, seconds since the epoch.
  [[nodiscard]] std::string finish(const BulkTotals& t, std::int64_t now);

 private:
  render::PromText m_out;
};

}  // namespace adplan::verify
