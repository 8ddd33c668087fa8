#include <adplan/observe/credentials.hpp>

#include <adplan/model/date.hpp>

namespace adplan::observe {
namespace {

// What is wrong with the chain for sending a password to `host`; "" when nothing.
std::string certificate_failure(const TlsFacts* tls, const std::string& host, const CredentialScope& scope) {
  if (!tls || tls->chain.empty()) return "no certificate was presented and judged";
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  if (!tls->trusted && !scope.trust_exception) {
    std::string why;
    for (const auto& e : tls->trust_errors) why += (why.empty() ? "" : "; ") + e;
    add("not trusted" + (why.empty() ? std::string() : " (" + why + ")"));
  }
  if (!tls->name_matches) add("does not name " + host);
  for (std::size_t i = 0; i < tls->chain.size(); ++i) {
    const auto& c = tls->chain[i];
    std::string which = i == 0 ? "" : " (chain certificate " + std::to_string(i) + ")";
    if (c.not_after < scope.now) add("expired on " + iso_date(c.not_after) + which);
    if (c.not_before > scope.now) add("not valid before " + iso_date(c.not_before) + which);
  }
  return out.empty() ? "" : "the certificate failed: " + out;
}

}  // namespace

CredentialDecision credentials_allowed(const Url& url, const TlsFacts* tls, const CredentialScope& scope) {
  CredentialDecision d;
  auto refuse = [&](std::string code, const std::string& reason) {
    if (d.code.empty()) d.code = std::move(code);
    d.reason += (d.reason.empty() ? "" : "; ") + reason;
  };
  if (url.scheme != "https") {
    refuse("plain-http", "plain http: Basic credentials would cross the network readable by anyone on the path");
    return d;
  }
  if (auto cert = certificate_failure(tls, url.host, scope); !cert.empty()) refuse("certificate", cert);
  if (scope.needs_approval && !scope.approved) {
    refuse("redirect-not-approved", "reached by " + scope.reached_by + " to " + url.host +
                                        ", a host outside the plan; approve it with --allow-redirect " + url.host);
  }
  if (!scope.named_by.empty() && !scope.approved && !scope.needs_approval) {
    refuse("not-plan-host", url.host + " belongs to a domain named by " + scope.named_by +
                                ", not by the plan: credentials go only to the plan's hosts; approve it with "
                                "--allow-redirect " +
                                url.host);
  }
  d.allowed = d.code.empty();
  return d;
}

bool scope_allows_credentials(const Url& url, const CredentialScope& scope) {
  if (url.scheme != "https") return false;
  if (scope.needs_approval && !scope.approved) return false;
  return scope.named_by.empty() || scope.approved || scope.needs_approval;
}

}  // namespace adplan::observe
