#pragma once
// What a public CA will refuse, checked before a key or request is made: the CA/Browser
// Forum Baseline Requirements applied to the names and the key of one request. For a public
// CA each breach is an error; for the internal CA the same finding is a warning.
#include <adplan/model/deployment.hpp>
#include <adplan/model/finding.hpp>
#include <adplan/planner/key_spec.hpp>
#include <adplan/planner/plan.hpp>

#include <string>
#include <vector>

namespace adplan {

// The names a request or certificate carries, as text (from the plan, a CSR or a certificate).
struct RequestedNames {
  std::string common_name;       // empty when the subject has none
  std::vector<std::string> dns;  // subjectAltName dNSName entries
  std::vector<std::string> ips;  // subjectAltName iPAddress entries, text form
};

// The public key of a request or certificate.
struct KeyFacts {
  KeyAlgorithm algorithm = KeyAlgorithm::Rsa;
  int bits = 0;
  std::string curve;  // OpenSSL/Botan name ("prime256v1", "secp256r1"); empty for RSA
};

RequestedNames requested_names(const PlannedCertificate& cert);
KeyFacts key_facts(const KeySpec& spec);

// Internal names, reserved IPs, wildcards, CN in SAN, SAN present (BR 4.2.2, 3.2.2.6, 7.1.2.7.12).
std::vector<Finding> check_names(const RequestedNames& names, CertificateSource ca);
// Key size and curve (BR 6.1.5). RSA below 2048 is an error for every CA.
std::vector<Finding> check_key(const KeyFacts& key, const std::string& subject, CertificateSource ca);
// ECDSA on a plan for Exchange: what Exchange supports (an empty list for RSA).
std::vector<Finding> check_exchange_key(const KeySpec& key, ExchangeVersion version, const std::string& subject);

}  // namespace adplan
