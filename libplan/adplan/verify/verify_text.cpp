#include <adplan/verify/verify_text.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/render/report_text.hpp>

#include <algorithm>
#include <cstdio>

namespace adplan::verify {
namespace {

using render::sgr;

std::string_view sgr_of(CheckStatus status) {
  using enum CheckStatus;
  return status == Ok ? "32" : status == Skip ? "2" : status == Timeout ? "33" : "31";
}

std::string pad(const std::string& s, std::size_t w) {
  return s + std::string(w > s.size() ? w - s.size() : 0, ' ');
}

std::string error_ids(const VerifyResult& r) {
  std::string ids;
  for (const auto& f : r.findings) {
    if (f.severity == Severity::Error) ids += (ids.empty() ? "" : ", ") + f.id;
  }
  return ids;
}

// Issue 24: each pool door, consistent or not, and what each member presented.
std::string pools_text(const VerifyResult& r, bool color) {
  if (r.pools.empty()) return "";
  std::string out = "\n" + sgr(color, "Pools", "1") + "\n";
  for (const auto& p : r.pools) {
    out += "  " + escape_controls(p.name_space) + " " + p.door + ":" + std::to_string(p.port) + "  " +
           sgr(color, p.consistent ? "consistent" : "not consistent", p.consistent ? "32" : "31") +
           (p.sampled ? " (sampled through the load balancer)" : "") + "\n";
    for (const auto& m : p.members) {
      const std::string seen =
          !m.reachable || m.sha256.empty()
              ? std::string("unreachable")
              : "sha256 " + escape_controls(m.sha256) +
                    (m.connections > 1 ? " (" + std::to_string(m.connections) + " connections)" : "");
      out += "      " + escape_controls(m.member) + " " + escape_controls(m.address) + "  " + seen + "\n";
    }
  }
  return out;
}

// Issue 27: each MX host's TLSA records and whether the key its SMTP door presented matches.
std::string dane_text(const VerifyResult& r, bool color) {
  if (r.dane.empty()) return "";
  std::string out = "\n" + sgr(color, "DANE", "1") + "\n";
  for (const auto& d : r.dane) {
    const std::string_view match = d.match == 1 ? "match" : d.match == 0 ? "no match" : "nothing to judge";
    out += "  " + escape_controls(d.mx) + "  " + (d.dnssec.empty() ? "no answer" : escape_controls(d.dnssec)) + ", " +
           std::to_string(d.records.size()) + " TLSA record(s): " +
           sgr(color, match,
               d.match == 1   ? "32"
               : d.match == 0 ? "31"
                              : "2") +
           "\n";
  }
  return out;
}

constexpr std::string_view k_one_in_full = "; `adplan verify --email user@<domain>` shows one in full";

}  // namespace

std::string report_text(const VerifyResult& r, const ReportHeader& h, bool color) {
  const std::string title = "Autodiscover for " + h.domain + " (" + h.email + "), " +
                            (h.against.empty() ? "discovery only: no plan" : "against the plan (" + h.against + ")");
  std::string out = sgr(color, escape_controls(title), "1") + "\n\n" + sgr(color, "Checks", "1") + "\n";
  // Subjects aligned, so the details read as a column; a long one (a server's URL) does not widen it.
  constexpr std::size_t k_max_width = 48;
  std::size_t width = 0;
  for (const auto& c : r.checks) width = std::max(width, std::min(escape_controls(c.subject).size(), k_max_width));
  for (const auto& c : r.checks) {
    std::string_view status = to_string(c.status);
    out += "  " + sgr(color, status, sgr_of(c.status)) + std::string(9 - std::min<std::size_t>(8, status.size()), ' ') +
           pad(c.name, std::max<std::size_t>(6, c.name.size() + 1)) + pad(escape_controls(c.subject), width) + "  " +
           std::to_string(c.ms) + " ms  " + escape_controls(c.detail) + "\n";
  }
  out += "\n" + sgr(color, "Findings", "1") + "\n";
  if (r.findings.empty()) out += "  none\n";
  out += render::findings_text(r.findings, color);
  out += "\n" + sgr(color, "Clients", "1") + "\n";
  for (const auto& c : r.clients) {
    out += "  " + std::string(to_string(c.client)) + ": " +
           sgr(color, to_string(c.outcome), succeeded(c.outcome) ? "32" : "31") + " (" +
           std::string(to_string(c.method)) + ") " + escape_controls(c.summary) + "\n";
    for (const auto& p : c.prompts) out += "      prompt: " + escape_controls(p) + "\n";
    for (const auto& p : c.path) out += "      tried " + escape_controls(p) + "\n";
  }
  out += pools_text(r, color) + dane_text(r, color);
  int errors = 0, warnings = 0;
  for (const auto& f : r.findings) {
    errors += f.severity == Severity::Error;
    warnings += f.severity == Severity::Warning;
  }
  return out + "\n" + sgr(color, r.pass() ? "PASS" : "FAIL", r.pass() ? "1;32" : "1;31") + ": " +
         std::to_string(errors) + " error(s), " + std::to_string(warnings) + " warning(s); " +
         std::to_string(h.total_ms) + " ms (timeout " + std::to_string(h.timeout_ms) + " ms)\n";
}

std::string clients_summary(const VerifyResult& r) {
  std::string s;
  for (const auto& c : r.clients) {
    s += (s.empty() ? "" : ", ") + std::string(to_string(c.client)) + ": " + std::string(to_string(c.method)) +
         (succeeded(c.outcome) ? "" : " (failed)");
  }
  return s.empty() ? "no client" : s;
}

std::string domain_text(const DomainRun& run, bool color) {
  const std::string errors = error_ids(run.result);
  const std::string why = run.error.empty()
                              ? clients_summary(run.result) + (errors.empty() ? "" : "; errors: " + errors)
                              : escape_controls(run.error);
  return (run.pass() ? sgr(color, "PASS", "32") : sgr(color, "FAIL", "1;31")) + " " + escape_controls(run.domain) +
         "  (" + why + ")\n";
}

std::string domains_text(const std::vector<DomainRun>& runs, bool color) {
  std::string out;
  std::size_t failed = 0;
  for (const auto& r : runs) {
    out += domain_text(r, color);
    failed += r.pass() ? 0 : 1;
  }
  return out + std::to_string(runs.size()) + " domain(s) checked, " + std::to_string(failed) + " failed" +
         (failed ? std::string(k_one_in_full) : "") + "\n";
}

std::string bulk_summary_text(const BulkTotals& t) {
  const double rate = t.seconds > 0 ? static_cast<double>(t.done) / t.seconds : 0;
  char figures[256];
  std::snprintf(figures, sizeof figures,
                "; %.1f s, %.0f domains/s (%zu judged from DNS and %zu shared endpoint(s), %zu probed in full)",
                t.seconds, rate, t.shared, t.endpoints, t.full);
  return std::to_string(t.done) + " domain(s) checked, " + std::to_string(t.failed) + " failed" +
         (t.bad_lines ? ", " + std::to_string(t.bad_lines) + " bad line(s) skipped" : "") + figures +
         (t.failed ? std::string(k_one_in_full) : "") + "\n";
}

}  // namespace adplan::verify
