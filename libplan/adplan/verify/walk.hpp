#pragma once
// What a verification walks, from what the user named: an e-mail address (its domain is the
// SMTP domain, as Outlook takes it), a host or domain, or the plan's primary domain; the plan's
// host names are resolved and POSTed to as well. Pure: no look-up happens here.
#include <adplan/model/error.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/planner/plan.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace adplan::verify {

struct Walk {
  HostName domain;                       // the SMTP domain discovery walks
  std::string email;                     // the address the POST asks about
  std::vector<std::string> hosts;        // more names to resolve (the plan's)
  std::vector<std::string> https_hosts;  // more Autodiscover endpoints to POST to
  std::vector<std::string> caa_names;    // certificate names whose CAA is read (a plan with caa_issuers)
};

// The names a CA checks CAA for when it issues the plan's certificates: every name a public CA
// is asked for, a wildcard as its base domain (RFC 8659 3); sorted, each once.
std::vector<std::string> caa_names(const Plan& plan);

inline constexpr std::string_view k_walk_local_part = "autodiscover-check";

// `target`: HOST|DOMAIN|EMAIL or empty; `email`: the address to walk or empty; `user`: the
// credentials' user, whose address the POST asks about when it is one. The SMTP domain is
// `email`'s, else the plan's primary domain, else `target`'s; `target` is an extra https host
// unless it is that domain. Errors (every one): field "email" (input.email), "target"
// (input.target), or input.no-target when nothing names a domain.
Checked<Walk> plan_walk(std::string_view target, std::string_view email, std::string_view user, const Plan* plan);

// Which of verify's modes go together: a walk over many domains (--all-domains, --domains-file)
// needs a plan and takes no --email or --ldap; --html shows one domain, and "-" (stdout) not with --json.
struct VerifyModes {
  bool plan = false;  // a plan was loaded
  bool all_domains = false, domains_file = false, email = false, ldap = false, json = false;
  std::string html;  // --html FILE|-
};
// Every conflict, as usage.<what> naming a flag. `reported`: a problem was reported already (a
// plan that did not load), so a missing plan is not reported again.
Errors check_verify_modes(const VerifyModes& m, bool reported);

}  // namespace adplan::verify
