#pragma once
// Issue 24, `adplan renew`: the new certificate judged by `cert check`'s rules, and the facts the
// rollout needs (Exchange's thumbprint, the fingerprint verify compares, TlsCertificateName).
#include <adplan/pki/cert_check.hpp>
#include <adplan/planner/renewal.hpp>

namespace adplan {

struct RenewalCheck {
  CertCheckResult check;  // an error among its findings refuses the renewal
  RenewalCertificate certificate;
};

// `files`: the names given on the command line (cert, key, chain) for the commands renew prints.
Result<RenewalCheck> check_renewal(const CertCheckInput& input, const Plan& plan,
                                   std::chrono::system_clock::time_point now, const RenewalCertificate& files);

// The SHA-1 (Exchange's Thumbprint, upper-case hex) and SHA-256 (lower-case hex) of the first
// certificate of a PEM text, over its DER encoding.
struct CertificateDigests {
  std::string thumbprint;
  std::string sha256;
};
Result<CertificateDigests> certificate_digests(std::string_view pem, std::string_view place);

}  // namespace adplan
