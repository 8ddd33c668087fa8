#include "verify_report.hpp"

#include "common.hpp"

#include <adplan/probe/batch.hpp>
#include <adplan/verify/tenant_list.hpp>
#include <adplan/verify/verify_text.hpp>

#include <ostream>

namespace adplan::cli {

void print_report(Context& ctx, const verify::VerifyResult& r, const observe::Observations& obs,
                  const probe::ProbeOptions& po, const Plan* plan, const std::string& plan_file) {
  const std::string against = plan ? "scenario " + std::to_string(plan->scenario) + ", " + plan_file : "";
  ctx.out << verify::report_text(r, {po.domain, po.email, against, obs.total_ms, obs.timeout_ms}, ctx.color);
}

// --all-domains: every SMTP domain of the plan, --parallel at once (each with its own deadline, so
// the run ends within ceil(domains / parallel) x --timeout), one trust store for all.
int verify_all_domains(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, const verify::VerifyOptions& vo,
                       bool json) {
  auto trust = probe::TrustStore::load(base.anchors);
  if (!trust) return fail(ctx, as_error(trust.error(), "input.trust-store"));
  std::vector<probe::BatchTarget> targets;
  std::vector<verify::DomainRun> runs;
  for (const auto& d : plan.domains) {
    auto walk = verify::tenant_walk(d.str());
    targets.push_back({walk.domain, walk.email});
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
  ctx.out << (json ? json_text(verify::domains_json(runs)) + "\n" : verify::domains_text(runs, ctx.color));
  return std::ranges::all_of(runs, &verify::DomainRun::pass) ? k_exit_ok : k_exit_findings;
}

}  // namespace adplan::cli
