#include <adplan/pki/renewal.hpp>

#include <adplan/openssl/ptr.hpp>

#include <openssl/pem.h>

namespace adplan {
namespace {

std::string hex(const unsigned char* data, unsigned int n, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 0xf];
  }
  return out;
}

}  // namespace

Result<CertificateDigests> certificate_digests(std::string_view pem, std::string_view place) {
  ossl::Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  ossl::X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) {
    return std::unexpected(
        Error{"input.certificate", std::string(place), "is not a PEM certificate", "give the file the CA sent back"});
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  CertificateDigests out;
  if (X509_digest(cert.get(), EVP_sha1(), md, &n) != 1) {
    return std::unexpected(Error{"input.certificate", std::string(place), "cannot be digested", ""});
  }
  out.thumbprint = hex(md, n, true);
  if (X509_digest(cert.get(), EVP_sha256(), md, &n) != 1) {
    return std::unexpected(Error{"input.certificate", std::string(place), "cannot be digested", ""});
  }
  out.sha256 = hex(md, n, false);
  return out;
}

Result<RenewalCheck> check_renewal(const CertCheckInput& input, const Plan& plan,
                                   std::chrono::system_clock::time_point now, const RenewalCertificate& files) {
  auto checked = check_certificate(input, plan, now);
  if (!checked) return std::unexpected(checked.error());
  auto digests = certificate_digests(input.cert_pem, input.cert_place);
  if (!digests) return std::unexpected(digests.error());
  RenewalCheck out{std::move(*checked), files};
  auto& c = out.certificate;
  c.planned_key = out.check.planned_key;
  c.common_name = out.check.facts.common_name;
  if (const auto* planned = plan.certificate(c.planned_key)) c.common_name = planned->common_name.str();
  c.thumbprint = digests->thumbprint;
  c.sha256 = digests->sha256;
  c.not_after = out.check.facts.not_after;
  c.tls_certificate_name = out.check.facts.tls_certificate_name;
  return out;
}

}  // namespace adplan
