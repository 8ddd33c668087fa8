#include <adplan/verify/verify_metrics.hpp>

#include <algorithm>
#include <map>
#include <tuple>

namespace adplan::verify {
namespace {

using Key = std::pair<std::string, std::string>;

// Issue 23: each mail door (door, host) -- 1 when every address of it passed -- and the earliest
// notAfter its addresses presented.
void door_metrics(render::PromText& out, const VerifyResult& r) {
  if (r.doors.empty()) return;
  std::map<Key, bool> success;
  std::map<Key, std::int64_t> expiry;
  for (const auto& d : r.doors) {
    const Key key{d.door, d.host};
    auto [it, fresh] = success.try_emplace(key, d.ok);
    if (!fresh) it->second = it->second && d.ok;
    if (d.not_after == 0) continue;
    auto [e, first] = expiry.try_emplace(key, d.not_after);
    if (!first) e->second = std::min(e->second, d.not_after);
  }
  out.family("adplan_door_success", "gauge",
             "1 when the mail door (SMTP, submission, IMAP, POP) answered with TLS and passed, else 0");
  for (const auto& [k, ok] : success) out.sample("adplan_door_success", {{"door", k.first}, {"host", k.second}}, ok);
  out.family("adplan_door_certificate_expiry_timestamp_seconds", "gauge",
             "notAfter of the certificate each mail door presented (the earliest of its addresses)");
  for (const auto& [k, t] : expiry) {
    out.sample("adplan_door_certificate_expiry_timestamp_seconds", {{"door", k.first}, {"host", k.second}},
               static_cast<double>(t));
  }
}

// Issue 24: each pool member's certificate (one series per member and fingerprint) and, per
// namespace, whether every member of every door presented the same one -- the alert's series.
void pool_metrics(render::PromText& out, const VerifyResult& r) {
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
  out.family("adplan_pool_member_certificate_info", "gauge",
             "1 for the certificate (SHA-256 fingerprint) each member of a load-balanced namespace presented");
  for (const auto& [k, v] : members) {
    out.sample("adplan_pool_member_certificate_info",
               {{"namespace", std::get<0>(k)}, {"member", std::get<1>(k)}, {"fingerprint", std::get<2>(k)}}, v);
  }
  out.family("adplan_pool_consistent", "gauge",
             "1 when every member of the load-balanced namespace presented the same certificate, else 0");
  for (const auto& [ns, ok] : consistent) out.sample("adplan_pool_consistent", {{"namespace", ns}}, ok ? 1 : 0);
}

// Issue 27: per MX host with TLSA records (or a bogus answer), 1 when a DNSSEC-validated record
// matches the key its SMTP door presented, else 0; hosts with nothing to judge have no series.
void dane_metrics(render::PromText& out, const VerifyResult& r) {
  if (std::ranges::none_of(r.dane, [](const DaneResult& d) { return d.match >= 0; })) return;
  out.family("adplan_dane_match", "gauge",
             "1 when a DNSSEC-validated TLSA record of the MX host matches the key its SMTP door presents, else 0");
  for (const auto& d : r.dane) {
    if (d.match >= 0) out.sample("adplan_dane_match", {{"mx", d.mx}}, d.match);
  }
}

}  // namespace

std::string probe_metrics(const VerifyResult* r, const observe::Observations* obs, double seconds) {
  render::PromText out;
  out.gauge("adplan_probe_success", "gauge", "1 when the target's Autodiscover passed verify, else 0",
            r && r->pass() ? 1 : 0);
  out.gauge("adplan_probe_duration_seconds", "gauge", "how long the probes and the judging took", seconds);
  if (!r || !obs) return out.str();
  // One series per finding id and severity, counting its findings (subjects vary; ids do not).
  std::map<Key, int> findings;
  for (const auto& f : r->findings) ++findings[{f.id, std::string(to_string(f.severity))}];
  out.family("adplan_finding", "gauge", "findings of the target's verify, by id and severity");
  for (const auto& [k, n] : findings) out.sample("adplan_finding", {{"id", k.first}, {"severity", k.second}}, n);
  out.family("adplan_client_method", "gauge",
             "1 for the method each simulated client finds Autodiscover by (method none: it finds none)");
  for (const auto& c : r->clients) {
    out.sample("adplan_client_method", {{"client", to_string(c.client)}, {"method", to_string(c.method)}},
               succeeded(c.outcome) ? 1 : 0);
  }
  std::map<std::string, std::int64_t> expiry;
  for (const auto& e : obs->endpoints) {
    if (const auto* tls = e.tls(); tls && !tls->chain.empty()) expiry.try_emplace(e.host, tls->chain.front().not_after);
  }
  out.family("adplan_certificate_expiry_timestamp_seconds", "gauge",
             "notAfter of the certificate each https host presented, seconds since the epoch");
  for (const auto& [host, t] : expiry)
    out.sample("adplan_certificate_expiry_timestamp_seconds", {{"host", host}}, static_cast<double>(t));
  door_metrics(out, *r);
  pool_metrics(out, *r);
  dane_metrics(out, *r);
  return out.str();
}

std::string exporter_metrics(const ExporterCounts& n) {
  render::PromText m;
  m.gauge("adplan_exporter_probes_total", "counter", "probes run", static_cast<double>(n.probes));
  m.gauge("adplan_exporter_probes_failed_total", "counter", "probes whose verify failed",
          static_cast<double>(n.failed));
  m.gauge("adplan_exporter_refused_total", "counter", "requests for a target not allowed or bad",
          static_cast<double>(n.refused));
  m.gauge("adplan_exporter_busy_total", "counter", "probes refused: --max-concurrent were running",
          static_cast<double>(n.busy));
  m.gauge("adplan_exporter_probes_in_flight", "gauge", "probes running now", static_cast<double>(n.in_flight));
  return m.str();
}

TextfileMetrics::TextfileMetrics() {
  m_out.family("adplan_probe_success", "gauge", "1 when the domain's Autodiscover passed verify");
}

void TextfileMetrics::domain(const std::string& domain, bool pass) {
  m_out.sample("adplan_probe_success", {{"target", domain}}, pass ? 1 : 0);
}

std::string TextfileMetrics::finish(const BulkTotals& t, std::int64_t now) {
  m_out.gauge("adplan_verify_domains", "gauge", "domains checked by the last run", static_cast<double>(t.done));
  m_out.gauge("adplan_verify_domains_failed", "gauge", "domains that failed in the last run",
              static_cast<double>(t.failed));
  m_out.gauge("adplan_verify_duration_seconds", "gauge", "how long the last run took", t.seconds);
  m_out.gauge("adplan_verify_last_run_timestamp_seconds", "gauge", "when the last run ended", static_cast<double>(now));
  return m_out.str();
}

}  // namespace adplan::verify
