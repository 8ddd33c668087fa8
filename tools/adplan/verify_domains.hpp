#pragma once
// verify --all-domains: a hoster's every SMTP domain of the plan, each walked as its users'
// Outlook would, several at once, with one summary line per domain.
#include "context.hpp"

#include <adplan/planner/plan.hpp>
#include <adplan/probe/probe.hpp>

namespace adplan::cli {

// `base` carries everything but the domain and the e-mail address; `now` is the judge's clock.
int verify_all_domains(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, std::int64_t now, bool json);

}  // namespace adplan::cli
