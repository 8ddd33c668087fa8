#pragma once
// Issue 24: the load-balanced pools of a plan (planner/pool.cpp): planner.cpp, lint and the steps
// call these.
#include <adplan/planner/plan.hpp>

#include <optional>

namespace adplan {

// Plan::pools, Plan::extended_protection and Plan::hybrid; runs after the certificates are planned.
void plan_pools(Plan& p, const Deployment& d);
// The pool's rules with the Exchange version: offloading under Extended Protection, bridging's
// certificate, a namespace no certificate names, Extended Protection where the version has none.
std::vector<Finding> lint_pools(const Plan& p, const Deployment& d);
// The step that carries the one certificate to every server (and the load balancer when bridging):
// exported once as a PFX from the first server, imported and enabled on each other one in order.
// nullopt when the plan has no pool.
std::optional<PlanStep> pool_certificate_step(const Plan& p, const Deployment& d);
// The Exchange services the certificate `key` is enabled for: IIS when `iis`, then SMTP, IMAP and
// POP for the mail doors it answers ("IIS,SMTP"); shared with the mail-door and renewal steps.
std::string pool_exchange_services(const Plan& p, const std::string& key, bool iis);
// The PFX the pool step exports: \\<first server>\c$\pki\<common name>.pfx.
std::string pool_pfx_path(const Plan& p, const PlannedCertificate& c);

}  // namespace adplan
