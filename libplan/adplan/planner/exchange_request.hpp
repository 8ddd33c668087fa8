#pragma once
// New-ExchangeCertificate and Import-ExchangeCertificate command lines for a planned
// certificate, in the form the Exchange version takes. One source for the runbook's steps,
// the Exchange script and `adplan csr --exchange` (Exchange's own way to make the key and
// request, for administrators who keep the key on the Exchange server).
#include <adplan/model/deployment.hpp>
#include <adplan/model/error.hpp>
#include <adplan/planner/key_spec.hpp>
#include <adplan/planner/plan.hpp>

#include <string>
#include <vector>

namespace adplan {

struct ExchangeRequest {
  std::string request_path;           // where the request file lands
  std::vector<std::string> generate;  // PowerShell lines that make key and request
  std::string import_only;            // the expression that imports the issued certificate
  std::string import;                 // ... and enables it for IIS on the Default Web Site
};

// "C=US, S=WA, O=Contoso, CN=mail.contoso.com" (X.500 order, values with separators quoted).
std::string exchange_subject_name(const Subject& subject, const HostName& common_name);

// -RequestFile with a UNC path from Exchange 2013 on; Set-Content on 2007 and 2010.
// `key_bits` is what -KeySize gets (callers make sure it is 2048 or 4096).
ExchangeRequest exchange_request_commands(const PlannedCertificate& cert, ExchangeVersion version,
                                          const Subject& subject, int key_bits, const std::string& server);

struct ExchangeRequestOptions {
  ExchangeVersion version;
  Subject subject;
  KeySpec key;
  std::string server;  // Exchange server that makes the key (-Server, and the share)
};

// New-ExchangeCertificate takes RSA -KeySize 1024, 2048 or 4096: other keys are an Error.
Result<ExchangeRequest> exchange_request(const PlannedCertificate& cert, const ExchangeRequestOptions& options);

}  // namespace adplan
