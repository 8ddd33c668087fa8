#pragma once
// DANE's association data (RFC 6698 2.1.2, 2.1.3) of a certificate or a key, for pki (key and
// certificate files: `adplan dns`, `csr --next-key`) and probe (the chain an SMTP door presented).
// One implementation, so what adplan publishes and what it checks are hashed the same way.
#include <adplan/model/tlsa.hpp>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <string>

namespace adplan::ossl {

inline std::string hex_of(const unsigned char* p, std::size_t n) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += k_hex[p[i] >> 4];
    out += k_hex[p[i] & 0xf];
  }
  return out;
}

// Full (hex), SHA-256 and SHA-512 of DER bytes.
inline void fill_digests(const unsigned char* der, std::size_t n, std::string& full, std::string& sha256,
                         std::string& sha512) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  full = hex_of(der, n);
  if (EVP_Digest(der, n, md, &len, EVP_sha256(), nullptr)) sha256 = hex_of(md, len);
  if (EVP_Digest(der, n, md, &len, EVP_sha512(), nullptr)) sha512 = hex_of(md, len);
}

// Selector 1: the DER SubjectPublicKeyInfo of a key (what `openssl pkey -pubout -outform DER` writes).
inline bool fill_key_digests(const EVP_PKEY* key, TlsaDigests& d) {
  unsigned char* der = nullptr;
  int n = i2d_PUBKEY(const_cast<EVP_PKEY*>(key), &der);
  if (n <= 0) return false;
  fill_digests(der, static_cast<std::size_t>(n), d.spki_full, d.spki_sha256, d.spki_sha512);
  OPENSSL_free(der);
  return true;
}

// Both selectors of a certificate.
inline bool fill_certificate_digests(X509* x, TlsaDigests& d) {
  unsigned char* der = nullptr;
  int n = i2d_X509(x, &der);
  if (n <= 0) return false;
  fill_digests(der, static_cast<std::size_t>(n), d.cert_full, d.cert_sha256, d.cert_sha512);
  OPENSSL_free(der);
  const EVP_PKEY* key = X509_get0_pubkey(x);
  return key && fill_key_digests(key, d);
}

// A chain as sent (leaf first): each certificate's digests, and whether the next one's key
// verifies its signature (the links DANE-TA needs, RFC 7671 5.2.2).
inline std::vector<TlsaDigests> chain_digests(STACK_OF(X509) * chain, int max = 10) {
  std::vector<TlsaDigests> out;
  const int n = chain ? sk_X509_num(chain) : 0;
  for (int i = 0; i < n && i < max; ++i) {
    TlsaDigests d;
    X509* x = sk_X509_value(chain, i);
    fill_certificate_digests(x, d);
    if (i + 1 < n) {
      EVP_PKEY* issuer_key = X509_get0_pubkey(sk_X509_value(chain, i + 1));
      d.signed_by_next = issuer_key && X509_verify(x, issuer_key) == 1;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace adplan::ossl
