#pragma once
// The judge: Observations (+ the Plan, when there is one) -> findings, checks and the client
// simulation. Pure: no network, no clock (the caller passes "now"), no files.
#include <adplan/model/tlsa.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/verify/clock_rules.hpp>
#include <adplan/verify/expectations.hpp>
#include <adplan/verify/result.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan::verify {

struct VerifyOptions {
  ClockRules clock;
  std::vector<Method> exclude;  // issue 11, verify --exclude: the outlook-2016 client's Exclude* policy values
  std::vector<std::string> redirect_servers;  // verify --redirect-servers: hosts under RedirectServers (no prompt)
  std::optional<observe::CertificateFacts> door_certificate;  // issue 23, verify --cert: what every door presents
  // Issue 27: the smtp door's next key (csr --next-key's file, read by the caller), whose TLSA
  // record must be out before a next-key rollover; `dane_next_key_file` names it in findings.
  std::optional<TlsaDigests> dane_next_key;
  std::string dane_next_key_file;
};

VerifyResult verify(const observe::Observations& obs, const Plan* plan, const VerifyOptions& options);
// The same with the expectations given (a hoster's tenant: verify/tenant.hpp), computed once, not per run.
VerifyResult verify(const observe::Observations& obs, const Plan* plan, const Expectations& expect,
                    const VerifyOptions& options);

}  // namespace adplan::verify
