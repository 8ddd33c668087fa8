#pragma once
// `adplan cert check`: judges a certificate a CA sent back against the Plan before anyone
// installs it, with OpenSSL (what real clients use): names, key match, chain, dates, key
// and signature algorithm. Every finding at once.
#include <adplan/model/deployment.hpp>
#include <adplan/model/error.hpp>
#include <adplan/model/finding.hpp>
#include <adplan/planner/plan.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace adplan {

struct CertCheckInput {
  std::string cert_pem;
  std::string cert_place;                 // file name for messages
  std::optional<std::string> chain_pem;   // intermediates (untrusted)
  std::optional<std::string> roots_pem;   // trust anchors; nullopt: the system's store
  std::optional<std::string> key_pem;     // the private key made for it
  std::optional<std::string> csr_pem;     // the request made for it
  std::optional<std::string> passphrase;  // for an encrypted key
};

struct CertFacts {
  std::string common_name;
  std::vector<std::string> dns;
  std::string not_before;  // ISO 8601 UTC
  std::string not_after;
  std::string key;                   // "rsa:2048", "ec:prime256v1"
  std::string signature;             // "sha256WithRSAEncryption"
  std::string renewal_due;           // ISO date: a third of the lifetime before notAfter (planner/lifetime.hpp)
  int next_max_validity_days = 0;    // SC-081 maximum for a certificate issued on that day (or today, if past)
  std::string tls_certificate_name;  // "<I>issuer<S>subject" as Exchange names it (pki/tls_name.hpp)
};

struct CertCheckResult {
  CertFacts facts;
  std::string planned_key;  // the plan's certificate it was matched to; empty if none
  std::vector<Finding> findings;
};

// The plan certificate a certificate belongs to: its subject CN, else the first plan
// certificate whose common name is among its SANs. Unreadable PEM is an Error.
Result<const PlannedCertificate*> planned_certificate_for(const std::string& cert_pem, const std::string& place,
                                                          const Plan& plan);

Result<CertCheckResult> check_certificate(const CertCheckInput& input, const Plan& plan,
                                          std::chrono::system_clock::time_point now);

}  // namespace adplan
