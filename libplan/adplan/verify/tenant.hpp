#pragma once
// A hoster's tenant: a domain that shares the plan's front end without being named in the plan
// (verify --domains-file). It is judged with the expectations of the plan's primary domain with
// the tenant's name in its place: its own SRV record (scenario 2) or autodiscover record
// (scenario 4), pointing where the primary domain's point. The expectations are derived once per
// run (TenantJudge) and only the few names of the tenant substituted per domain.
#include <adplan/observe/observations.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/verify/verify.hpp>

#include <string>
#include <string_view>

namespace adplan::verify {

// The primary domain's expectations with `tenant` in its place: the names the primary domain
// owns (itself, autodiscover.<domain>, _autodiscover._tcp.<domain>) renamed, in keys and in the
// zone-file lines of the remedies; the shared hosts (the external host) unchanged.
Expectations tenant_expectations(const Expectations& primary, std::string_view primary_domain, std::string_view tenant);

class TenantJudge {
 public:
  TenantJudge(const Plan& plan, VerifyOptions options);
  // A domain of the plan is judged by the plan as it is; any other as a tenant of the primary.
  [[nodiscard]] VerifyResult judge(const observe::Observations& obs) const;
  // The same at `now` (seconds since the epoch) instead of the options' clock: a long-running
  // caller (the exporter, a bulk run) takes the time per judgement, never once at start-up.
  [[nodiscard]] VerifyResult judge(const observe::Observations& obs, std::int64_t now) const;

 private:
  const Plan& m_plan;
  VerifyOptions m_options;
  Expectations m_as_planned;  // the plan's domains
  Expectations m_primary;     // the primary domain's, its own SRV line: what a tenant's are renamed from
  std::string m_primary_domain;
};

}  // namespace adplan::verify
