#pragma once
// verify for a hoster's tenants (issue 13): the plan's domains and --domains-file, sharded, probed
// by the bulk engine (libplan/probe/bulk.hpp), judged as tenants (libplan/verify/tenant.hpp) and
// written as each is judged (verify/verify_json.hpp, verify_text.hpp): nothing per domain is kept.
#include "context.hpp"
#include "verify_bulk_flags.hpp"

#include <adplan/planner/plan.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/verify/verify.hpp>

namespace adplan::cli {

// Returns the exit code: 0 all passed, 1 a domain failed or a line was bad, 2 usage (nothing probed).
int verify_bulk(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, const verify::VerifyOptions& vo,
                const BulkFlags& flags, double stdin_seconds);

}  // namespace adplan::cli
