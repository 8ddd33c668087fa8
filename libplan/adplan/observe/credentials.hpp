#pragma once
// Where verify may send the user's password (issue 10): the one rule, used by the probe before
// every request with credentials and quoted by the judge when they were withheld.
//   - never over plain http (Basic is the password in base64);
//   - only to an https endpoint whose certificate passed: trusted, naming the host, within its
//     dates; for the domain-joined client's SCP URLs the white paper's exception applies (Outlook
//     in the domain skips the chain-of-trust check), the name and the dates are still required;
//   - never across a redirect the user has not approved: a URL reached by a redirect (HTTP 3xx,
//     POX redirectUrl) or an SRV target outside the domain gets them only when its host is in the
//     plan, is one of the domain's own discovery names, or was named with --allow-redirect;
//   - never to a host of a domain someone other than the plan named (issue 21): a tenant's line
//     in --domains-file, a scraper's /probe?target=. Such a domain's own names are the tenant's or
//     the scraper's choice, so only the plan's hosts and --allow-redirect's get them there.
#include <adplan/observe/observations.hpp>
#include <adplan/observe/url.hpp>

#include <cstdint>
#include <string>

namespace adplan::observe {

struct CredentialScope {
  bool needs_approval = false;            // reached by a redirect, or an SRV target outside the domain
  bool approved = false;                  // the host is approved (plan, discovery names, --allow-redirect)
  std::string reached_by = "a redirect";  // for the reason: "a redirect", "the SRV record"
  bool trust_exception = false;           // an SCP URL: the chain's trust is not required
  std::int64_t now = 0;                   // seconds since the epoch, for the certificate's dates
  std::string named_by;                   // "": the plan named the domain; else who did ("--domains-file")
};

struct CredentialDecision {
  bool allowed = false;
  std::string code;    // "" when allowed; "plain-http", "certificate", "redirect-not-approved" or
                       // "not-plan-host" (the first)
  std::string reason;  // every reason, "; "-separated: what the report says
};

// `tls`: the chain this endpoint presented to the unauthenticated request (nullptr: none seen).
CredentialDecision credentials_allowed(const Url& url, const TlsFacts* tls, const CredentialScope& scope);
// The parts of the rule that need no certificate (plain http, approval, who named the domain):
// what can be told before a connection (issue 25: a warm target's request sent ahead; the rest
// is judged on the connection that carries it).
bool scope_allows_credentials(const Url& url, const CredentialScope& scope);

}  // namespace adplan::observe
