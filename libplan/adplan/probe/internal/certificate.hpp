#pragma once
// The peer's chain judged with OpenSSL, apart from the handshake: trust (X509_verify_cert
// against the system store plus an optional CA file), the host name (X509_check_host) and the
// facts (dates, key, signature algorithm) the judge weighs. Every verification error is
// collected, not only the first.
#include <adplan/model/error.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/probe/trust.hpp>

#include <expected>
#include <string>
#include <vector>

namespace adplan::probe {

// The probe fills the plain observation types of observe/ (the judge reads them).
using namespace adplan::observe;

// `pem_chain`: the certificates as the server sent them, leaf first, PEM each.
Result<TlsFacts> judge_chain(const std::vector<std::string>& pem_chain, const std::string& host,
                             const TrustStore& store);

// The one TLS check after a request (probe.cpp, mobile_probe.cpp): the chain the server sent,
// judged for `host`, into exchange.tls, or its error into exchange.error unless the transport
// named one already. Returns the leaf's public_key_pin ("" when no chain came).
std::string judge_request_tls(HttpExchange& exchange, const std::vector<std::string>& pem_chain,
                              const std::string& host, const TrustStore& store);

// "sha256//<base64>" of the certificate's public key (SubjectPublicKeyInfo), as
// CURLOPT_PINNEDPUBLICKEY takes it; "" when the PEM cannot be read.
std::string public_key_pin(const std::string& pem);

// Facts of one PEM certificate (exposed for tests).
Result<CertificateFacts> certificate_facts(const std::string& pem);

}  // namespace adplan::probe
