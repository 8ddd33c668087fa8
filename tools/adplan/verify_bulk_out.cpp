#include "verify_bulk_out.hpp"

#include "common.hpp"

#include <adplan/model/sanitize.hpp>

#include <cstdio>
#include <ostream>

namespace adplan::cli {
namespace {

// A JSON string, written straight into the line (no document per domain). Every byte valid
// UTF-8: an ill-formed sequence (a --domains-file line is anyone's bytes) becomes U+FFFD; C0
// controls, DEL and the C1 controls (U+0080..U+009F) are \u-escaped, so a line read by a terminal
// or a strict parser carries no control character.
void str(std::string& out, std::string_view raw) {
  const std::string s = to_valid_utf8(raw);
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    char esc[8];
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(u));
          out += esc;
        } else if (u == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xa0) {
          std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(s[i + 1])));
          out += esc;  // a C1 control: U+0080..U+009F is 0xC2 0x80..0x9F
          ++i;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void field(std::string& out, std::string_view name, std::string_view value, bool comma = true) {
  if (comma) out += ',';
  str(out, name);
  out += ':';
  str(out, value);
}

void strings(std::string& out, std::string_view name, const std::vector<std::string>& list) {
  out += ',';
  str(out, name);
  out += ":[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    str(out, list[i]);
  }
  out += ']';
}

std::string rate_text(const BulkTotals& t, double rate) {
  char line[256];
  std::snprintf(line, sizeof line,
                "; %.1f s, %.0f domains/s (%zu judged from DNS and %zu shared endpoint(s), %zu "
                "probed in full)",
                t.seconds, rate, t.shared, t.endpoints, t.full);
  return line;
}

}  // namespace

std::string clients_summary(const verify::VerifyResult& r) {
  std::string s;
  for (const auto& c : r.clients) {
    s += (s.empty() ? "" : ", ") + std::string(verify::to_string(c.client)) + ": " +
         std::string(verify::to_string(c.method)) + (verify::succeeded(c.outcome) ? "" : " (failed)");
  }
  return s.empty() ? "no client" : s;
}

BulkWriter::BulkWriter(Context& ctx, bool json_lines, bool progress)
    : m_ctx(ctx),
      m_json(json_lines),
      m_progress(progress),
      m_start(std::chrono::steady_clock::now()),
      m_last(m_start) {}

void BulkWriter::bad_line(const Error& e) {
  ++m_totals.bad_lines;
  if (!m_json) {
    m_ctx.err << "adplan: error: " << term(e.to_string()) << "\n";
    return;
  }
  m_line = "{\"type\":\"input-error\"";
  field(m_line, "id", e.code);
  field(m_line, "place", e.field);
  field(m_line, "message", e.message);
  m_line += "}\n";
  m_ctx.out << m_line;
}

void BulkWriter::domain(const std::string& domain, const verify::VerifyResult* r, const std::string& error, int ms) {
  ++m_totals.done;
  const bool pass = r && error.empty() && r->pass();
  if (!pass) ++m_totals.failed;
  if (m_json) {
    m_line = "{\"type\":\"domain\"";
    field(m_line, "domain", domain);
    field(m_line, "verdict", pass ? "pass" : "fail");
    if (!error.empty()) field(m_line, "error", error);
    m_line += ",\"findings\":[";
    for (std::size_t i = 0; r && i < r->findings.size(); ++i) {
      const auto& f = r->findings[i];
      m_line += i ? ",{" : "{";
      field(m_line, "id", f.id, false);
      field(m_line, "severity", to_string(f.severity));
      field(m_line, "subject", f.subject);
      field(m_line, "message", f.message);
      field(m_line, "remedy", f.remedy);
      field(m_line, "evidence", f.evidence);
      m_line += '}';
    }
    m_line += "],\"clients\":[";
    for (std::size_t i = 0; r && i < r->clients.size(); ++i) {
      const auto& c = r->clients[i];
      m_line += i ? ",{" : "{";
      field(m_line, "client", verify::to_string(c.client), false);
      field(m_line, "method", verify::to_string(c.method));
      field(m_line, "url", c.url);
      strings(m_line, "prompts", c.prompts);
      field(m_line, "outcome", verify::to_string(c.outcome));
      field(m_line, "summary", c.summary);
      m_line += '}';
    }
    m_line += "],\"ms\":" + std::to_string(ms) + "}\n";
    m_ctx.out << m_line;
  } else if (!pass) {
    std::string errors;
    for (const auto& f : r ? r->findings : std::vector<Finding>{}) {
      if (f.severity == Severity::Error) errors += (errors.empty() ? "" : ", ") + f.id;
    }
    m_ctx.out << style(m_ctx, "FAIL", "1;31") << " " << term(domain) << "  ("
              << (error.empty() ? clients_summary(*r) + (errors.empty() ? "" : "; errors: " + errors) : term(error))
              << ")\n";
  }
  progress();
}

void BulkWriter::progress() {
  if (!m_progress) return;
  auto now = std::chrono::steady_clock::now();
  if (now - m_last < std::chrono::milliseconds(250) && m_totals.done != m_totals.total) return;
  m_last = now;
  double s = std::chrono::duration<double>(now - m_start).count();
  char line[128];
  std::snprintf(line, sizeof line, "\r%zu/%zu domains, %.0f/s, %zu failed ", m_totals.done, m_totals.total,
                s > 0 ? static_cast<double>(m_totals.done) / s : 0.0, m_totals.failed);
  m_ctx.err << line << std::flush;
  if (m_totals.done == m_totals.total) m_ctx.err << "\n";
}

void BulkWriter::summary(BulkTotals t) {
  t.done = m_totals.done;
  t.failed = m_totals.failed;
  t.bad_lines = m_totals.bad_lines;
  t.total = m_totals.total;
  m_totals = t;
  const bool fail = t.failed > 0 || t.bad_lines > 0;
  const double rate = t.seconds > 0 ? static_cast<double>(t.done) / t.seconds : 0;
  if (m_json) {
    char line[512];
    std::snprintf(
        line, sizeof line,
        "{\"type\":\"summary\",\"format\":\"adplan-verify-lines/1\",\"verdict\":\"%s\",\"domains_checked\":%zu,"
        "\"domains_failed\":%zu,\"bad_lines\":%zu,\"shared\":%zu,\"full\":%zu,\"endpoints\":%zu,"
        "\"seconds\":%.3f,\"domains_per_second\":%.1f}\n",
        fail ? "fail" : "pass", t.done, t.failed, t.bad_lines, t.shared, t.full, t.endpoints, t.seconds, rate);
    m_ctx.out << line;
  } else {
    m_ctx.out << t.done << " domain(s) checked, " << t.failed << " failed"
              << (t.bad_lines ? ", " + std::to_string(t.bad_lines) + " bad line(s) skipped" : "") << rate_text(t, rate)
              << (t.failed ? "; `adplan verify --email user@<domain>` shows one in full" : "") << "\n";
  }
  m_ctx.out.flush();
}

}  // namespace adplan::cli
