#pragma once
// Issue 23 (verify/judge_doors.cpp): the mail doors judged, and their rows in the result.
#include <adplan/observe/observations.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/verify/result.hpp>

namespace adplan::verify {

struct Judge;

// smtp.*, submission.*, imap.*, pop.* (unreachable, starttls-missing, tls-failed, certificate-name,
// certificate-untrusted), tls.* dates and keys of door certificates, tls.door-mismatch, dns.mx-*,
// mta-sts.*. `given`: verify --cert's certificate, which every door must present (nullptr: compare
// each door with the web door of the same planned certificate).
void judge_doors(Judge& j, const Plan* plan, const observe::CertificateFacts* given);

// The doors and mail domains of the result, and a "door" check per door; after the findings.
void door_results(const observe::Observations& obs, VerifyResult& r);

}  // namespace adplan::verify
