#include "verify_bulk.hpp"

#include "common.hpp"
#include "prom_text.hpp"
#include "verify_bulk_out.hpp"

#include <adplan/probe/bulk.hpp>
#include <adplan/verify/tenant.hpp>
#include <adplan/verify/walk.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

namespace adplan::cli {
namespace {

constexpr std::size_t k_chunk = 1000;  // tenants whose DNS questions are in flight at once

probe::BatchTarget target_of(const std::string& name) {
  auto at = name.find('@');
  if (at != std::string::npos) return {name.substr(at + 1), name};
  return {name, std::string(verify::k_walk_local_part) + "@" + name};
}

// --prometheus-textfile: written beside FILE, renamed over it at the end (the collector never reads half).
class Textfile {
 public:
  explicit Textfile(const std::string& file) : m_file(file), m_tmp(file + ".tmp") {
    if (file.empty()) return;
    m_out.open(m_tmp, std::ios::trunc);
    prom_family(m_out, "adplan_probe_success", "gauge", "1 when the domain's Autodiscover passed verify");
  }
  [[nodiscard]] bool failed() const { return !m_file.empty() && !m_out; }
  void domain(const std::string& d, bool pass) {
    if (!m_file.empty()) prom_sample(m_out, "adplan_probe_success", {{"target", d}}, pass ? 1 : 0);
  }
  bool finish(const BulkTotals& t, std::int64_t now) {
    if (m_file.empty()) return true;
    prom_family(m_out, "adplan_verify_domains", "gauge", "domains checked by the last run");
    prom_sample(m_out, "adplan_verify_domains", {}, static_cast<double>(t.done));
    prom_family(m_out, "adplan_verify_domains_failed", "gauge", "domains that failed in the last run");
    prom_sample(m_out, "adplan_verify_domains_failed", {}, static_cast<double>(t.failed));
    prom_family(m_out, "adplan_verify_duration_seconds", "gauge", "how long the last run took");
    prom_sample(m_out, "adplan_verify_duration_seconds", {}, t.seconds);
    prom_family(m_out, "adplan_verify_last_run_timestamp_seconds", "gauge", "when the last run ended");
    prom_sample(m_out, "adplan_verify_last_run_timestamp_seconds", {}, static_cast<double>(now));
    m_out.close();
    std::error_code ec;
    if (!m_out) return false;
    std::filesystem::rename(m_tmp, m_file, ec);
    return !ec;
  }

 private:
  std::string m_file, m_tmp;
  std::ofstream m_out;
};

}  // namespace

int verify_bulk(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, const verify::VerifyOptions& vo,
                const BulkFlags& flags) {
  Shard shard;
  if (!flags.shard.empty()) {
    auto s = parse_shard(flags.shard);
    if (!s) return fail(ctx, s.error());
    shard = *s;
  }
  if (flags.max_rate < 0) return fail(ctx, usage_error("max-rate", "--max-rate", "must be 0 (no limit) or more"));
  TenantList list(shard);
  for (const auto& d : plan.domains) list.add(d.str());
  if (!flags.domains_file.empty()) {
    if (flags.domains_file == "-") {
      list.read(ctx.in, "stdin");
    } else {
      std::ifstream in(flags.domains_file);
      if (!in)
        return fail(ctx, usage_error("domains-file", "--domains-file", "\"" + flags.domains_file + "\" cannot be read",
                                     "give a file of domains, one a line, or - for stdin"));
      list.read(in, flags.domains_file);
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
  Textfile textfile(flags.prometheus_textfile);
  if (textfile.failed())
    return fail(ctx, usage_error("prometheus-textfile", "--prometheus-textfile",
                                 "\"" + flags.prometheus_textfile + ".tmp\" cannot be written"));
  for (const auto& e : list.bad_lines()) out.bad_line(e);
  const auto start = std::chrono::steady_clock::now();
  probe::BulkProbe engine(base, *trust, {flags.deep, k_chunk, flags.max_rate});
  verify::TenantJudge judge(plan, vo);
  const auto& names = list.names();
  out.set_total(names.size());
  std::vector<probe::BatchTarget> chunk;
  for (std::size_t first = 0; first < names.size(); first += k_chunk) {
    chunk.clear();
    for (std::size_t i = first; i < std::min(names.size(), first + k_chunk); ++i) chunk.push_back(target_of(names[i]));
    engine.probe(chunk, [&](std::size_t i, probe::ProbeRun&& run) {
      if (!run) {
        out.domain(chunk[i].domain, nullptr, as_error(run.error(), "probe.failed").to_string(), 0);
        textfile.domain(chunk[i].domain, false);
        return;
      }
      auto result = judge.judge(*run);
      out.domain(names[first + i], &result, {}, run->total_ms);
      textfile.domain(names[first + i], result.pass());
    });
  }
  auto stats = engine.stats();
  BulkTotals t;
  t.shared = stats.shared;
  t.full = stats.full;
  t.endpoints = stats.endpoints;
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.summary(t);
  if (!textfile.finish(out.totals(), ctx.unix_seconds()))
    return fail(ctx, usage_error("prometheus-textfile", "--prometheus-textfile",
                                 "\"" + flags.prometheus_textfile + "\" could not be written"));
  return out.totals().failed || out.totals().bad_lines ? k_exit_findings : k_exit_ok;
}

}  // namespace adplan::cli
