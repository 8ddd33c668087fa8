#pragma once
// How verify's results read: one domain in full (checks, findings, clients), or --all-domains'
// one line per domain (and the run of --all-domains). Probing is libplan/probe, judging libplan/verify.
#include "context.hpp"

#include <adplan/model/error.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/verify/verify.hpp>

#include <string>
#include <vector>

namespace adplan::cli {

// One domain of --all-domains.
struct DomainRun {
  std::string domain;
  std::string error;  // the probes could not run at all
  verify::VerifyResult result;
  int ms = 0;
};

// One domain in full; `plan_file` names the plan in the title (discovery only without a plan).
void print_report(Context& ctx, const verify::VerifyResult& r, const observe::Observations& obs,
                  const probe::ProbeOptions& po, const Plan* plan, const std::string& plan_file);
// --all-domains: `base` for every SMTP domain of the plan (libplan/probe/batch.hpp), judged and
// printed one line each. Returns the exit code.
int verify_all_domains(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, const verify::VerifyOptions& vo,
                       bool json);
// Text or JSON for every domain; returns the exit code (1 when any failed).
int print_domains(Context& ctx, const std::vector<DomainRun>& runs, bool json);

}  // namespace adplan::cli
