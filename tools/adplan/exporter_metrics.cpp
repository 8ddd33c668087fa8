#include "exporter_metrics.hpp"

#include "prom_text.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

namespace adplan::cli {
namespace {

// Issue 23: each mail door (door, host) -- 1 when every address of it passed -- and the earliest
// notAfter its addresses presented.
void door_metrics(std::ostringstream& out, const verify::VerifyResult& r) {
  if (r.doors.empty()) return;
  std::map<std::pair<std::string, std::string>, bool> success;
  std::map<std::pair<std::string, std::string>, std::int64_t> expiry;
  for (const auto& d : r.doors) {
    const std::pair<std::string, std::string> key{d.door, d.host};
    auto [it, fresh] = success.try_emplace(key, d.ok);
    if (!fresh) it->second = it->second && d.ok;
    if (d.not_after == 0) continue;
    auto [e, first] = expiry.try_emplace(key, d.not_after);
    if (!first) e->second = std::min(e->second, d.not_after);
  }
  prom_family(out, "adplan_door_success", "gauge",
              "1 when the mail door (SMTP, submission, IMAP, POP) answered with TLS and passed, else 0");
  for (const auto& [k, ok] : success)
    prom_sample(out, "adplan_door_success", {{"door", k.first}, {"host", k.second}}, ok ? 1 : 0);
  prom_family(out, "adplan_door_certificate_expiry_timestamp_seconds", "gauge",
              "notAfter of the certificate each mail door presented (the earliest of its addresses)");
  for (const auto& [k, t] : expiry) {
    prom_sample(out, "adplan_door_certificate_expiry_timestamp_seconds", {{"door", k.first}, {"host", k.second}},
                static_cast<double>(t));
  }
}

// Issue 24: each pool member's certificate (one series per member and fingerprint) and, per
// namespace, whether every member of every door presented the same one -- the alert's series.
void pool_metrics(std::ostringstream& out, const verify::VerifyResult& r) {
  if (r.pools.empty()) return;
  std::map<std::tuple<std::string, std::string, std::string>, int> members;
  std::map<std::string, bool> consistent;
  for (const auto& p : r.pools) {
    auto [it, fresh] = consistent.try_emplace(p.name_space, p.consistent);
    if (!fresh) it->second = it->second && p.consistent;
    for (const auto& m : p.members) {
      if (m.sha256.empty()) continue;
      const std::string member = m.load_balancer ? "load balancer " + m.address : m.member;
      members[{p.name_space, member, m.sha256}] = 1;
    }
  }
  prom_family(out, "adplan_pool_member_certificate_info", "gauge",
              "1 for the certificate (SHA-256 fingerprint) each member of a load-balanced namespace presented");
  for (const auto& [k, v] : members) {
    prom_sample(out, "adplan_pool_member_certificate_info",
                {{"namespace", std::get<0>(k)}, {"member", std::get<1>(k)}, {"fingerprint", std::get<2>(k)}}, v);
  }
  prom_family(out, "adplan_pool_consistent", "gauge",
              "1 when every member of the load-balanced namespace presented the same certificate, else 0");
  for (const auto& [ns, ok] : consistent) prom_sample(out, "adplan_pool_consistent", {{"namespace", ns}}, ok ? 1 : 0);
}

// Issue 27: per MX host with TLSA records (or a bogus answer), 1 when a DNSSEC-validated record
// matches the key its SMTP door presented, else 0; hosts with nothing to judge have no series.
void dane_metrics(std::ostringstream& out, const verify::VerifyResult& r) {
  if (std::ranges::none_of(r.dane, [](const verify::DaneResult& d) { return d.match >= 0; })) return;
  prom_family(out, "adplan_dane_match", "gauge",
              "1 when a DNSSEC-validated TLSA record of the MX host matches the key its SMTP door presents, else 0");
  for (const auto& d : r.dane) {
    if (d.match >= 0) prom_sample(out, "adplan_dane_match", {{"mx", d.mx}}, d.match);
  }
}

}  // namespace

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
  door_metrics(out, *r);
  pool_metrics(out, *r);
  dane_metrics(out, *r);
  return out.str();
}

}  // namespace adplan::cli
