#pragma once
// Everything wrong with a presented chain, judged from the probe's facts and the caller's
// clock, as (finding id, evidence) pairs: every problem, not only the first.
#include <adplan/model/date.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/verify/clock_rules.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace adplan::verify {

struct CertificateProblem {
  std::string id;  // tls.untrusted, tls.name-mismatch, tls.expired, tls.not-yet-valid,
                   // tls.expiring-soon, tls.weak-key, tls.weak-signature, tls.wildcard
  std::string evidence;
  [[nodiscard]] bool warns_user() const;  // a client shows a certificate warning for it
};

std::vector<CertificateProblem> certificate_problems(const observe::TlsFacts& tls, const std::string& host,
                                                     const ClockRules& clock);

// "CN=mail.contoso.com, SAN mail.contoso.com autodiscover.contoso.com, until 2027-01-01"
std::string certificate_summary(const observe::CertificateFacts& leaf);

}  // namespace adplan::verify
