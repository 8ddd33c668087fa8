#pragma once
// The internal CA (the paper's Windows Certificate Services option; the local lab's CA):
// a self-signed root and the server certificates it issues. The CA builds every extension
// of an issued certificate itself: Botan's X509_CA::sign_request would copy all requested
// extensions, CA:TRUE included, so only the SAN is taken over, after checking it against
// the Plan.
#include <adplan/model/error.hpp>
#include <adplan/model/finding.hpp>
#include <adplan/planner/key_spec.hpp>
#include <adplan/planner/plan.hpp>

#include <botan/rng.h>

#include <chrono>
#include <string>
#include <vector>

namespace adplan {

inline constexpr int k_root_validity_days = 3652;        // ~10 years
inline constexpr int k_max_private_validity_days = 825;  // Apple platforms refuse longer TLS certificates

struct CaInitOptions {
  std::string common_name = "adplan Internal Root CA";
  std::string organization;
  KeySpec key{KeyAlgorithm::Rsa, 4096};
  int days = k_root_validity_days;
};

struct CaPem {
  std::string key_pem;
  std::string cert_pem;
};

// Root: CA:TRUE (critical, pathLen 0), keyCertSign + cRLSign (critical), SKI, random 128-bit serial.
CaPem make_root_ca(const CaInitOptions& options, std::chrono::system_clock::time_point now,
                   Botan::RandomNumberGenerator& rng);

struct SignOptions {
  int days;                                   // validity, notBefore through notAfter inclusive
  std::chrono::system_clock::time_point now;  // notBefore
};

struct Issued {
  std::string cert_pem;     // empty when findings hold errors
  std::string planned_key;  // the plan certificate the request belongs to
  std::string common_name;
  std::vector<Finding> findings;
};

// The default validity of an issued certificate: today's public maximum (ballot SC-081).
int default_validity_days(std::chrono::year_month_day today);

// Checks the request (signature, key, names against the Plan, BR rules as warnings for an
// internal CA) and issues the certificate when nothing is an error. Unreadable input is an Error.
Result<Issued> sign_request(const std::string& ca_cert_pem, const std::string& ca_key_pem, const std::string& csr_pem,
                            const std::string& csr_place, const Plan& plan, const SignOptions& options,
                            Botan::RandomNumberGenerator& rng);

}  // namespace adplan
