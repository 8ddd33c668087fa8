#pragma once
// Issue 27 (verify/judge_dane.cpp): each MX host's TLSA records, as a validating resolver saw them,
// matched against the chain its SMTP door presented after STARTTLS (RFC 7671, RFC 7672).
#include <adplan/observe/observations.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/verify/result.hpp>
#include <adplan/verify/verify.hpp>

namespace adplan::verify {

struct Judge;

// dane.bogus, dane.unsigned, dane.tlsa-mismatch, dane.unusable, dane.next-key-missing,
// dane.no-record, dane.lookup-failed.
void judge_dane(Judge& j, const Plan* plan, const VerifyOptions& options);

// One DaneResult per TLSA look-up (the exporter's adplan_dane_match{mx}); after the findings.
void dane_results(const observe::Observations& obs, const ClockRules& clock, VerifyResult& r);

}  // namespace adplan::verify
