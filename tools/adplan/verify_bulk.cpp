#include "verify_bulk.hpp"

#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/probe/bulk.hpp>
#include <adplan/probe/handoff.hpp>
#include <adplan/verify/tenant.hpp>
#include <adplan/verify/tenant_list.hpp>
#include <adplan/verify/verify_metrics.hpp>
#include <adplan/verify/verify_text.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

namespace adplan::cli {
namespace {

constexpr std::size_t k_chunk = 1000;  // tenants whose DNS questions are in flight at once

// How a bulk run reads: --json-lines (verify/verify_json.hpp: a line per domain as it is judged,
// then a summary), or the human form (failures as they happen, a summary at the end); a progress
// line on a terminal's stderr. Nothing per domain is kept once written.
class BulkWriter {
 public:
  BulkWriter(Context& ctx, bool json_lines, bool progress) : m_ctx(ctx), m_json(json_lines), m_progress(progress) {}
  void bad_line(const Error& e) {
    ++m_totals.bad_lines;
    if (m_json)
      m_ctx.out << json_line(verify::input_error_json(e)) << "\n";
    else
      m_ctx.err << "adplan: error: " << term(e.to_string()) << "\n";
  }
  void domain(const verify::DomainRun& run) {
    ++m_totals.done;
    if (!run.pass()) ++m_totals.failed;
    if (m_json)
      m_ctx.out << json_line(verify::domain_line_json(run)) << "\n";
    else if (!run.pass())
      m_ctx.out << verify::domain_text(run, m_ctx.color);
    progress();
  }
  void summary(verify::BulkTotals t) {
    t.done = m_totals.done;
    t.failed = m_totals.failed;
    t.bad_lines = m_totals.bad_lines;
    t.total = m_totals.total;
    m_totals = t;
    m_ctx.out << (m_json ? json_line(verify::summary_json(t)) + "\n" : verify::bulk_summary_text(t)) << std::flush;
  }
  [[nodiscard]] const verify::BulkTotals& totals() const { return m_totals; }
  void set_total(std::size_t total) { m_totals.total = total; }

 private:
  void progress() {
    if (!m_progress) return;
    auto now = std::chrono::steady_clock::now();
    if (now - m_last < std::chrono::milliseconds(250) && m_totals.done != m_totals.total) return;
    m_last = now;
    double s = std::chrono::duration<double>(now - m_start).count();
    char line[128];
    std::snprintf(line, sizeof line, "\r%zu/%zu domains, %.0f/s, %zu failed ", m_totals.done, m_totals.total,
                  s > 0 ? static_cast<double>(m_totals.done) / s : 0.0, m_totals.failed);
    m_ctx.err << line << (m_totals.done == m_totals.total ? "\n" : "") << std::flush;
  }
  Context& m_ctx;
  bool m_json, m_progress;
  verify::BulkTotals m_totals;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now(), m_last = m_start;
};

}  // namespace

int verify_bulk(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, const verify::VerifyOptions& vo,
                const BulkFlags& flags, double stdin_seconds) {
  const auto shard = verify::parse_shard(flags.shard);  // "" the whole list
  if (!shard) return fail(ctx, shard.error());
  if (flags.max_rate < 0) return fail(ctx, usage_error("max-rate", "--max-rate", "must be 0 (no limit) or more"));
  verify::TenantList list(*shard);
  for (const auto& d : plan.domains) list.add(d.str());
  if (!flags.domains_file.empty()) {
    auto text = read_domains_file(flags.domains_file, stdin_seconds);
    if (!text) return fail(ctx, text.error());
    list.read(*text, flags.domains_file == "-" ? "stdin" : flags.domains_file);
    if (list.read_names() == 0) {
      for (const auto& e : list.bad_lines()) ctx.err << "adplan: " << term(e.to_string()) << "\n";
      return fail(ctx, usage_error("domains-file", "--domains-file",
                                   "\"" + flags.domains_file + "\" names no domain (" +
                                       std::to_string(list.bad_lines().size()) + " bad line(s))",
                                   "give a file of domains, one a line, or - for stdin"));
    }
  }
  BulkWriter out(ctx, flags.json_lines, &ctx.err == &std::cerr && isatty(STDERR_FILENO) != 0);
  if (flags.list_only) {
    for (const auto& e : list.bad_lines()) out.bad_line(e);
    for (const auto& n : list.names()) ctx.out << n << "\n";
    return list.bad_lines().empty() ? k_exit_ok : k_exit_findings;
  }
  auto trust = probe::TrustStore::load(base.anchors);
  if (!trust) return fail(ctx, as_error(trust.error(), "input.trust-store"));
  const std::string& textfile = flags.prometheus_textfile;
  if (auto bad = check_output_file(textfile); !bad.empty())
    return fail(ctx, with_flag(bad.front(), "--prometheus-textfile"));
  verify::TextfileMetrics metrics;
  for (const auto& e : list.bad_lines()) out.bad_line(e);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> plan_domains;
  for (const auto& d : plan.domains) plan_domains.push_back(d.str());
  probe::BulkProbe engine(base, *trust, {flags.deep, k_chunk, flags.max_rate, std::move(plan_domains)});
  verify::TenantJudge judge(plan, vo);
  const auto& names = list.names();
  out.set_total(names.size());
  // A chunk is judged and written on the hand-off's thread while the next chunk's DNS is asked.
  probe::Handoff<std::pair<std::size_t, probe::ProbeRun>> writer(k_chunk, [&](auto&& done) {
    auto& [index, run] = done;
    verify::DomainRun one{names[index], {}, {}, 0};
    if (run) {
      one.result = judge.judge(*run, ctx.unix_seconds());
      one.ms = run->total_ms;
    } else {
      one.domain = verify::tenant_walk(names[index]).domain;
      one.error = as_error(run.error(), "probe.failed").to_string();
    }
    out.domain(one);
    metrics.domain(one.domain, one.pass());
  });
  std::vector<probe::BatchTarget> chunk;
  for (std::size_t first = 0; first < names.size(); first += k_chunk) {
    chunk.clear();
    for (std::size_t i = first; i < std::min(names.size(), first + k_chunk); ++i) {
      auto walk = verify::tenant_walk(names[i]);
      chunk.push_back({std::move(walk.domain), std::move(walk.email)});
    }
    engine.probe(chunk, [&](std::size_t i, probe::ProbeRun&& run) { writer.push({first + i, std::move(run)}); });
  }
  writer.finish();
  auto stats = engine.stats();
  verify::BulkTotals t;
  t.shared = stats.shared;
  t.full = stats.full;
  t.endpoints = stats.endpoints;
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.summary(t);
  if (!textfile.empty()) {
    if (auto w = write_file_atomic(textfile, metrics.finish(out.totals(), ctx.unix_seconds()), {0644, true}); !w)
      return fail(ctx, with_flag(w.error(), "--prometheus-textfile"));
  }
  return out.totals().pass() ? k_exit_ok : k_exit_findings;
}

}  // namespace adplan::cli
