#pragma once
// A private key and a PKCS#10 request for one planned certificate (Botan 2). The names come
// from the Plan only; the SAN holds every name, the common name included (Botan's
// create_cert_req does not add the CN to the SAN, so the request is built here).
#include <adplan/model/deployment.hpp>
#include <adplan/planner/key_spec.hpp>
#include <adplan/planner/plan.hpp>

#include <botan/rng.h>

#include <optional>
#include <string>

namespace adplan {

struct CsrOptions {
  KeySpec key;
  Subject subject;                        // O/OU/L/ST/C; empty fields are left out
  std::optional<std::string> passphrase;  // encrypts the PKCS#8 key
};

struct CsrPem {
  std::string key_pem;  // PKCS#8 ("PRIVATE KEY" or "ENCRYPTED PRIVATE KEY")
  std::string csr_pem;  // PKCS#10 ("CERTIFICATE REQUEST")
};

CsrPem make_csr(const PlannedCertificate& cert, const CsrOptions& options, Botan::RandomNumberGenerator& rng);

}  // namespace adplan
