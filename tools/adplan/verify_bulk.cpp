#include "verify_bulk.hpp"

#include "common.hpp"
#include "prom_text.hpp"
#include "verify_bulk_out.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/probe/bulk.hpp>
#include <adplan/verify/tenant.hpp>
#include <adplan/verify/walk.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

namespace adplan::cli {
namespace {

constexpr std::size_t k_chunk = 1000;  // tenants whose DNS questions are in flight at once

probe::BatchTarget target_of(const std::string& name) {
  auto at = name.find('@');
  if (at != std::string::npos) return {name.substr(at + 1), name};
  return {name, std::string(verify::k_walk_local_part) + "@" + name};
}

// --prometheus-textfile: kept in memory, then written through io::write_file_atomic (a random
// temporary name beside FILE, created exclusively and never through a link, removed on an error
// or a signal, renamed over FILE at the end: the collector never reads half).
class Textfile {
 public:
  explicit Textfile(const std::string& file) : m_file(file) {
    if (file.empty()) return;
    prom_family(m_out, "adplan_probe_success", "gauge", "1 when the domain's Autodiscover passed verify");
  }
  // Refused before anything is probed: a directory (or a path whose parent is missing) never takes the file.
  [[nodiscard]] std::optional<std::string> unwritable() const {
    if (m_file.empty()) return std::nullopt;
    std::error_code ec;
    const std::filesystem::path p(m_file);
    if (std::filesystem::is_directory(p, ec)) return "is a directory";
    auto parent = p.parent_path().empty() ? std::filesystem::path(".") : p.parent_path();
    if (!std::filesystem::is_directory(parent, ec)) return "is in a directory that does not exist";
    return std::nullopt;
  }
  void domain(const std::string& d, bool pass) {
    if (!m_file.empty()) prom_sample(m_out, "adplan_probe_success", {{"target", d}}, pass ? 1 : 0);
  }
  Result<void> finish(const BulkTotals& t, std::int64_t now) {
    if (m_file.empty()) return {};
    prom_family(m_out, "adplan_verify_domains", "gauge", "domains checked by the last run");
    prom_sample(m_out, "adplan_verify_domains", {}, static_cast<double>(t.done));
    prom_family(m_out, "adplan_verify_domains_failed", "gauge", "domains that failed in the last run");
    prom_sample(m_out, "adplan_verify_domains_failed", {}, static_cast<double>(t.failed));
    prom_family(m_out, "adplan_verify_duration_seconds", "gauge", "how long the last run took");
    prom_sample(m_out, "adplan_verify_duration_seconds", {}, t.seconds);
    prom_family(m_out, "adplan_verify_last_run_timestamp_seconds", "gauge", "when the last run ended");
    prom_sample(m_out, "adplan_verify_last_run_timestamp_seconds", {}, static_cast<double>(now));
    return write_file_atomic(m_file, m_out.str(), {0644, true});
  }

 private:
  std::string m_file;
  std::ostringstream m_out;
};

}  // namespace

int verify_bulk(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, const verify::VerifyOptions& vo,
                const BulkFlags& flags, double stdin_seconds) {
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
  Textfile textfile(flags.prometheus_textfile);
  if (auto why = textfile.unwritable())
    return fail(ctx, usage_error("prometheus-textfile", "--prometheus-textfile",
                                 "\"" + flags.prometheus_textfile + "\" " + *why,
                                 "give a file path in node_exporter's textfile directory"));
  for (const auto& e : list.bad_lines()) out.bad_line(e);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> plan_domains;
  for (const auto& d : plan.domains) plan_domains.push_back(d.str());
  probe::BulkProbe engine(base, *trust, {flags.deep, k_chunk, flags.max_rate, std::move(plan_domains)});
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
      auto result = judge.judge(*run, ctx.unix_seconds());
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
  if (auto w = textfile.finish(out.totals(), ctx.unix_seconds()); !w)
    return fail(ctx, with_flag(w.error(), "--prometheus-textfile"));
  return out.totals().failed || out.totals().bad_lines ? k_exit_findings : k_exit_ok;
}

}  // namespace adplan::cli
