#include <adplan/pki/exchange_request.hpp>

namespace adplan {

Result<ExchangeRequest> exchange_request(const PlannedCertificate& cert, const ExchangeRequestOptions& o) {
  if (o.key.algorithm != KeyAlgorithm::Rsa) {
    return std::unexpected(Error{"input.key", "key",
                                 "\"" + o.key.str() +
                                     "\" cannot be made by New-ExchangeCertificate, which generates RSA "
                                     "keys only",
                                 "use --key rsa:2048 with --exchange, or drop --exchange to make the ECDSA key here"});
  }
  if (o.key.bits != 2048 && o.key.bits != 4096) {
    return std::unexpected(Error{"input.key", "key",
                                 "\"" + o.key.str() +
                                     "\": New-ExchangeCertificate -KeySize accepts 1024, 2048 or 4096 "
                                     "(and 1024 is refused by every CA today)",
                                 "use --key rsa:2048 or rsa:4096"});
  }
  return exchange_request_commands(cert, o.version, o.subject, static_cast<int>(o.key.bits), o.server);
}

}  // namespace adplan
