#pragma once
// Issue 27 item 3, `adplan renew`: a renewed certificate judged against the TLSA records of the MX
// hosts it will answer for, as a validating resolver saw them (probe/dane.cpp), before anything is
// written. A renewal that brings a new key while the records still name the old one is the usual
// way DANE stops mail: the next key's record must be out first, 2 x TTL ahead (RFC 7671 8.1), so
// renew refuses such a certificate and names the record to publish. Pure: the caller looked up.
#include <adplan/model/finding.hpp>
#include <adplan/model/tlsa.hpp>
#include <adplan/observe/doors.hpp>
#include <adplan/planner/plan.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::verify {

// The MX hosts whose TLSA records a renewal of the plan's certificate `certificate_key` must keep
// valid: the plan's DANE hosts where that certificate answers the smtp door; empty -- no look-up
// at all -- without DANE in the plan or for another certificate.
std::vector<std::string> renewal_dane_hosts(const Plan& plan, std::string_view certificate_key);

struct RenewalDane {
  std::vector<Finding> findings;  // one per MX host: dane.renewal-match, -mismatch, -bogus, -unchecked, ...
  bool refused = false;           // the renewal must not be written (an error among the findings)
};

// For each host's validated answer, whether the renewed certificate -- `chain`, its digests as it
// will be presented, leaf first (pki/tlsa.hpp tlsa_chain_digests) -- is authenticated by one usable
// record (dane_match, RFC 7672 3.1; cert check has refused a certificate without the plan's names
// or out of date, so the leaf counts as naming the host and in date):
//   secure, a record matches     dane.renewal-match (info)
//   secure, none matches         dane.renewal-mismatch (error): the exact record line to publish first
//   bogus                        dane.renewal-bogus (error): the zone is broken, fix it first
//   no validated answer          dane.renewal-unchecked (error): renew cannot tell
//   insecure with records        dane.unsigned (warning): senders ignore them (RFC 7672 2.2)
//   no records                   dane.no-record (info): nothing to break; the record to publish
//   no usable record             dane.unusable (warning): senders fall back (RFC 7672 2.2)
// `ignore_dane` (renew --ignore-dane, for emergencies): the errors become warnings saying so, and
// nothing is refused.
RenewalDane judge_renewal_dane(const Plan& plan, std::span<const observe::TlsaLookup> answers,
                               std::span<const TlsaDigests> chain, bool ignore_dane);

}  // namespace adplan::verify
