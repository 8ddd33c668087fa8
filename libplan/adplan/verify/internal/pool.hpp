#pragma once
// Issue 24 (verify/judge_pool.cpp): the pool's findings and its part of the result.
#include <adplan/verify/internal/judge.hpp>
#include <adplan/verify/pool_plan.hpp>

namespace adplan::verify {

// tls.pool-mismatch, tls.pool-member-unreachable, tls.pool-sampled, tls.pool-unreachable and
// tls.pool-extended-protection. `expected`: verify --cert, the certificate every member must present.
void judge_pool(Judge& j, const observe::CertificateFacts* expected);
// VerifyResult::pools from the observations.
void pool_results(const observe::Observations& obs, VerifyResult& r);

}  // namespace adplan::verify
