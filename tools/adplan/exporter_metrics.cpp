#include "exporter_metrics.hpp"

#include "prom_text.hpp"

#include <map>
#include <sstream>

namespace adplan::cli {

std::string probe_metrics(const verify::VerifyResult* r, const observe::Observations* obs, double seconds) {
  std::ostringstream out;
  prom_family(out, "adplan_probe_success", "gauge", "1 when the target's Autodiscover passed verify, else 0");
  prom_sample(out, "adplan_probe_success", {}, r && r->pass() ? 1 : 0);
  prom_family(out, "adplan_probe_duration_seconds", "gauge", "how long the probes and the judging took");
  prom_sample(out, "adplan_probe_duration_seconds", {}, seconds);
  if (!r || !obs) return out.str();
  // One series per finding id and severity, counting its findings (subjects vary; ids do not).
  std::map<std::pair<std::string, std::string>, int> findings;
  for (const auto& f : r->findings) ++findings[{f.id, std::string(to_string(f.severity))}];
  prom_family(out, "adplan_finding", "gauge", "findings of the target's verify, by id and severity");
  for (const auto& [k, n] : findings) prom_sample(out, "adplan_finding", {{"id", k.first}, {"severity", k.second}}, n);
  prom_family(out, "adplan_client_method", "gauge",
              "1 for the method each simulated client finds Autodiscover by (method none: it finds none)");
  for (const auto& c : r->clients) {
    prom_sample(out, "adplan_client_method",
                {{"client", verify::to_string(c.client)}, {"method", verify::to_string(c.method)}},
                verify::succeeded(c.outcome) ? 1 : 0);
  }
  std::map<std::string, std::int64_t> expiry;
  for (const auto& e : obs->endpoints) {
    if (const auto* tls = e.tls(); tls && !tls->chain.empty()) expiry.try_emplace(e.host, tls->chain.front().not_after);
  }
  prom_family(out, "adplan_certificate_expiry_timestamp_seconds", "gauge",
              "notAfter of the certificate each https host presented, seconds since the epoch");
  for (const auto& [host, t] : expiry)
    prom_sample(out, "adplan_certificate_expiry_timestamp_seconds", {{"host", host}}, static_cast<double>(t));
  return out.str();
}

}  // namespace adplan::cli
