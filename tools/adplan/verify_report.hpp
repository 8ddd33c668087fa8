#pragma once
// How verify's results are printed: one domain in full, or --all-domains' one line per domain.
// Probing is libplan/probe, judging libplan/verify, and the text and JSON are libplan's renderings
// of the one result (verify/verify_text.hpp, verify/verify_json.hpp): this file only prints.
#include "context.hpp"

#include <adplan/observe/observations.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/verify/verify.hpp>

#include <string>

namespace adplan::cli {

// One domain in full; `plan_file` names the plan in the title (discovery only without a plan).
void print_report(Context& ctx, const verify::VerifyResult& r, const observe::Observations& obs,
                  const probe::ProbeOptions& po, const Plan* plan, const std::string& plan_file);
// --all-domains: `base` for every SMTP domain of the plan (libplan/probe/batch.hpp), judged and
// printed one line each (or as one JSON document). Returns the exit code.
int verify_all_domains(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, const verify::VerifyOptions& vo,
                       bool json);

}  // namespace adplan::cli
