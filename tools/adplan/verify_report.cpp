#include "verify_report.hpp"

#include "common.hpp"
#include "verify_bulk_out.hpp"

#include <adplan/probe/batch.hpp>
#include <adplan/verify/verify_json.hpp>

#include <algorithm>
#include <ostream>

namespace adplan::cli {
namespace {

std::string sgr_of(verify::CheckStatus status) {
  using enum verify::CheckStatus;
  return status == Ok ? "32" : status == Skip ? "2" : status == Timeout ? "33" : "31";
}

}  // namespace

void print_report(Context& ctx, const verify::VerifyResult& r, const observe::Observations& obs,
                  const probe::ProbeOptions& po, const Plan* plan, const std::string& plan_file) {
  const std::string title =
      "Autodiscover for " + po.domain + " (" + po.email + "), " +
      (plan ? "against the plan (scenario " + std::to_string(plan->scenario) + ", " + plan_file + ")"
            : std::string("discovery only: no plan"));
  const int total_ms = obs.total_ms;
  auto& out = ctx.out;
  out << style(ctx, term(title), "1") << "\n\n" << style(ctx, "Checks", "1") << "\n";
  // Subjects aligned, so the details read as a column; a long one (a server's URL) does not widen it.
  constexpr std::size_t k_max_width = 48;
  std::size_t width = 0;
  for (const auto& c : r.checks) width = std::max(width, std::min(term(c.subject).size(), k_max_width));
  auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); };
  for (const auto& c : r.checks) {
    std::string_view status = verify::to_string(c.status);
    out << "  " << style(ctx, status, sgr_of(c.status)) << std::string(9 - std::min<std::size_t>(8, status.size()), ' ')
        << pad(c.name, std::max<std::size_t>(6, c.name.size() + 1)) << pad(term(c.subject), width) << "  "
        << std::to_string(c.ms) << " ms  " << term(c.detail) << "\n";
  }
  out << "\n" << style(ctx, "Findings", "1") << "\n";
  if (r.findings.empty()) out << "  none\n";
  print_findings(ctx, r.findings);
  out << "\n" << style(ctx, "Clients", "1") << "\n";
  for (const auto& c : r.clients) {
    out << "  " << verify::to_string(c.client) << ": "
        << style(ctx, verify::to_string(c.outcome), verify::succeeded(c.outcome) ? "32" : "31") << " ("
        << verify::to_string(c.method) << ") " << term(c.summary) << "\n";
    for (const auto& p : c.prompts) out << "      prompt: " << term(p) << "\n";
    for (const auto& p : c.path) out << "      tried " << term(p) << "\n";
  }
  int errors = 0, warnings = 0;
  for (const auto& f : r.findings) {
    errors += f.severity == Severity::Error;
    warnings += f.severity == Severity::Warning;
  }
  out << "\n"
      << style(ctx, r.pass() ? "PASS" : "FAIL", r.pass() ? "1;32" : "1;31") << ": " << errors << " error(s), "
      << warnings << " warning(s); " << total_ms << " ms (timeout " << obs.timeout_ms << " ms)\n";
}

// --all-domains: every SMTP domain of the plan, --parallel at once (each with its own deadline, so
// the run ends within ceil(domains / parallel) x --timeout), one trust store for all.
int verify_all_domains(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, const verify::VerifyOptions& vo,
                       bool json) {
  auto trust = probe::TrustStore::load(base.anchors);
  if (!trust) return fail(ctx, as_error(trust.error(), "input.trust-store"));
  std::vector<probe::BatchTarget> targets;
  std::vector<DomainRun> runs;
  for (const auto& d : plan.domains) {
    targets.push_back({d.str(), "autodiscover-check@" + d.str()});
    runs.push_back({d.str(), {}, {}, 0});
  }
  probe::probe_batch(
      base, targets, *trust,
      [&](std::size_t i, probe::ProbeRun&& obs) {
        if (!obs) {
          runs[i].error = as_error(obs.error(), "probe.failed").to_string();
          return;
        }
        runs[i].ms = obs->total_ms;
        runs[i].result = verify::verify(*obs, &plan, vo);
      },
      base.parallel);
  return print_domains(ctx, runs, json);
}

int print_domains(Context& ctx, const std::vector<DomainRun>& runs, bool json) {
  std::size_t failed = 0;
  for (const auto& r : runs) {
    if (!r.error.empty() || !r.result.pass()) ++failed;
  }
  if (json) {
    nlohmann::ordered_json j;
    j["format"] = "adplan-verify-domains/1";  // schema/verify-domains.schema.json
    j["verdict"] = failed ? "fail" : "pass";
    j["domains_checked"] = runs.size();
    j["domains_failed"] = failed;
    auto list = nlohmann::ordered_json::array();
    for (const auto& r : runs) {
      nlohmann::ordered_json one{{"domain", r.domain}};
      if (!r.error.empty()) {
        one["verdict"] = "fail";
        one["error"] = r.error;
      } else {
        auto full = verify::to_json(r.result, r.ms);
        one["verdict"] = full["verdict"];
        one["findings"] = full["findings"];
        one["clients"] = full["clients"];
      }
      list.push_back(one);
    }
    j["domains"] = list;
    ctx.out << json_text(j) << "\n";
  } else {
    for (const auto& r : runs) {
      if (!r.error.empty()) {
        ctx.out << style(ctx, "FAIL", "1;31") << " " << term(r.domain) << ": " << term(r.error) << "\n";
        continue;
      }
      std::string errors;
      for (const auto& f : r.result.findings) {
        if (f.severity == Severity::Error) errors += (errors.empty() ? "" : ", ") + f.id;
      }
      ctx.out << (r.result.pass() ? style(ctx, "PASS", "32") : style(ctx, "FAIL", "1;31")) << " " << term(r.domain)
              << "  (" << clients_summary(r.result) << (errors.empty() ? "" : "; errors: " + errors) << ")\n";
    }
    ctx.out << runs.size() << " domain(s) checked, " << failed << " failed"
            << (failed ? "; `adplan verify --email user@<domain>` shows one in full" : "") << "\n";
  }
  return failed ? k_exit_findings : k_exit_ok;
}

}  // namespace adplan::cli
