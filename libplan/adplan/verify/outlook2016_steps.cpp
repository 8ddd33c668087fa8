#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/verify/internal/outlook2016_steps.hpp>

namespace adplan::verify {

Step o365_step(const observe::Observations& obs) {
  if (!obs.o365) return {End::NotThere, "", "not asked"};
  const auto& o = *obs.o365;
  if (o.endpoint.empty()) return {End::NotThere, "", "not asked (--o365-endpoint none)"};
  const auto& ex = o.exchange;
  if (ex.transport != observe::Transport::Ok)
    return {End::NotThere, ex.url,
            "Exchange Online did not answer (" + std::string(observe::to_string(ex.transport)) + ")"};
  if (ex.status != 200)
    return {End::NotThere, ex.url,
            "HTTP " + std::to_string(ex.status) + ": Exchange Online does not claim the address"};
  if (o.claimed_url.empty()) return {End::NotThere, ex.url, "no claim: " + o.problem};
  if (!ex.tls || !ex.tls->trusted || !ex.tls->name_matches)
    return {End::NotThere, ex.url, "a claim over a certificate the client does not accept"};
  return {End::Works, o.claimed_url, "Exchange Online claims the address: Autodiscover at " + o.claimed_url};
}

const observe::PoxRedirect* find_redirect(const observe::Observations& obs, const observe::PoxResponse& pox) {
  const std::string target = ascii_lower(shown(pox.redirect, 200));
  for (const auto& r : obs.pox_redirects) {
    if (r.action == pox.action && ascii_lower(r.target) == target) return &r;
  }
  return nullptr;
}

}  // namespace adplan::verify
