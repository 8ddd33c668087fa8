#pragma once
// Exchange's own way to make the key and request: the New-ExchangeCertificate command line
// equivalent to `adplan csr`, for administrators who keep the key on the Exchange server.
#include <adplan/model/deployment.hpp>
#include <adplan/model/error.hpp>
#include <adplan/pki/internal/key_spec.hpp>
#include <adplan/planner/exchange_request.hpp>
#include <adplan/planner/plan.hpp>

#include <string>
#include <vector>

namespace adplan {

struct ExchangeRequestOptions {
  ExchangeVersion version;
  Subject subject;
  KeySpec key;
  std::string server;  // Exchange server that makes the key (-Server, and the share)
};

// New-ExchangeCertificate takes RSA -KeySize 1024, 2048 or 4096: other keys are an Error.
Result<ExchangeRequest> exchange_request(const PlannedCertificate& cert, const ExchangeRequestOptions& options);

}  // namespace adplan
