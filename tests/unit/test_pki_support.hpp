#pragma once
// OpenSSL on the test side: an independent second implementation that parses what Botan
// wrote and builds certificates and requests with chosen flaws for our checks to find.
#include <adplan/openssl/ptr.hpp>

#include <botan/hmac_drbg.h>
#include <botan/mac.h>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace adplan::test {

// A seeded DRBG: the same seed gives the same keys, requests and serials (repeatable tests).
inline std::unique_ptr<Botan::HMAC_DRBG> seeded_rng(std::uint8_t seed) {
  auto rng = std::make_unique<Botan::HMAC_DRBG>(Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)"));
  std::vector<std::uint8_t> s(32, seed);
  rng->initialize_with(s.data(), s.size());
  return rng;
}

inline ossl::Pkey openssl_rsa(unsigned bits) {
  return ossl::Pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
}
inline ossl::Pkey openssl_ec(const char* group) {
  return ossl::Pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group));
}

inline ossl::X509Req parse_req(const std::string& pem) {
  auto bio = ossl::memory_bio(pem);
  ossl::X509Req r(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (!r) throw std::runtime_error("OpenSSL cannot parse the request");
  return r;
}

inline ossl::X509Ptr parse_cert(const std::string& pem) {
  auto bio = ossl::memory_bio(pem);
  ossl::X509Ptr c(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!c) throw std::runtime_error("OpenSSL cannot parse the certificate");
  return c;
}

inline std::set<std::string> dns_names(const GENERAL_NAMES* names) {
  std::set<std::string> out;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(names, i);
    if (g->type == GEN_DNS) {
      out.emplace(reinterpret_cast<const char*>(ASN1_STRING_get0_data(g->d.dNSName)),
                  static_cast<std::size_t>(ASN1_STRING_length(g->d.dNSName)));
    } else {
      out.insert("(non-DNS name)");
    }
  }
  return out;
}

inline std::set<std::string> san_set(X509* cert) {
  ossl::GeneralNames n(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  return dns_names(n.get());
}

inline std::set<std::string> san_set(X509_REQ* req) {
  STACK_OF(X509_EXTENSION)* exts = X509_REQ_get_extensions(req);
  std::set<std::string> out;
  int i = X509v3_get_ext_by_NID(exts, NID_subject_alt_name, -1);
  if (i >= 0) {
    ossl::GeneralNames n(static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(X509v3_get_ext(exts, i))));
    out = dns_names(n.get());
  }
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  return out;
}

inline std::string pem(X509* c) {
  ossl::Bio b(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(b.get(), c);
  char* data = nullptr;
  long n = BIO_get_mem_data(b.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

inline std::string pem(X509_REQ* r) {
  ossl::Bio b(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_REQ(b.get(), r);
  char* data = nullptr;
  long n = BIO_get_mem_data(b.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

inline std::string pem(EVP_PKEY* k) {
  ossl::Bio b(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(b.get(), k, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(b.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

inline void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer ? issuer : cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* e = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!e) throw std::runtime_error("bad extension " + value);
  X509_add_ext(cert, e, -1);
  X509_EXTENSION_free(e);
}

// A certificate built by OpenSSL with exactly the properties a test wants.
struct CertSpec {
  std::string cn;
  std::vector<std::string> sans;  // DNS names, or "IP:a.b.c.d"
  EVP_PKEY* key = nullptr;        // subject key
  X509* issuer = nullptr;         // nullptr: self-signed
  EVP_PKEY* issuer_key = nullptr;
  std::time_t not_before = 0;
  std::time_t not_after = 0;
  const EVP_MD* md = EVP_sha256();
  bool ca = false;
  std::string eku = "serverAuth";  // empty: no extension
};

inline ossl::X509Ptr make_cert(const CertSpec& s) {
  ossl::X509Ptr c(X509_new());
  X509_set_version(c.get(), 2);
  static long serial = 1000;
  ASN1_INTEGER_set(X509_get_serialNumber(c.get()), ++serial);
  ASN1_TIME_set(X509_getm_notBefore(c.get()), s.not_before);
  ASN1_TIME_set(X509_getm_notAfter(c.get()), s.not_after);
  X509_NAME* name = X509_get_subject_name(c.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(s.cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(c.get(), s.issuer ? X509_get_subject_name(s.issuer) : name);
  X509_set_pubkey(c.get(), s.key);
  add_ext(c.get(), s.issuer, NID_basic_constraints, s.ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  add_ext(c.get(), s.issuer, NID_key_usage,
          s.ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment");
  add_ext(c.get(), s.issuer, NID_subject_key_identifier, "hash");
  if (s.issuer) add_ext(c.get(), s.issuer, NID_authority_key_identifier, "keyid:always");
  if (!s.eku.empty()) add_ext(c.get(), s.issuer, NID_ext_key_usage, s.eku);
  if (!s.sans.empty()) {
    std::string v;
    // "IP:10.0.0.1" entries are taken as they are, everything else is a DNS name.
    for (const auto& n : s.sans) v += (v.empty() ? "" : ",") + (n.starts_with("IP:") ? n : "DNS:" + n);
    add_ext(c.get(), s.issuer, NID_subject_alt_name, v);
  }
  if (!X509_sign(c.get(), s.issuer_key ? s.issuer_key : s.key, s.md)) throw std::runtime_error("X509_sign failed");
  return c;
}

// A request built by OpenSSL; `extra` is one more extension as openssl.cnf text
// (e.g. basicConstraints "critical,CA:TRUE").
inline ossl::X509Req make_req(const std::string& cn, const std::vector<std::string>& sans, EVP_PKEY* key,
                              int extra_nid = NID_undef, const std::string& extra = {}) {
  ossl::X509Req r(X509_REQ_new());
  X509_REQ_set_version(r.get(), 0);
  X509_NAME* name = X509_REQ_get_subject_name(r.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_REQ_set_pubkey(r.get(), key);
  STACK_OF(X509_EXTENSION)* exts = sk_X509_EXTENSION_new_null();
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, nullptr, nullptr, r.get(), nullptr, 0);
  std::string v;
  for (const auto& n : sans) v += (v.empty() ? "DNS:" : ",DNS:") + n;
  if (!v.empty()) sk_X509_EXTENSION_push(exts, X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, v.c_str()));
  if (extra_nid != NID_undef)
    sk_X509_EXTENSION_push(exts, X509V3_EXT_conf_nid(nullptr, &ctx, extra_nid, extra.c_str()));
  X509_REQ_add_extensions(r.get(), exts);
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  X509_REQ_sign(r.get(), key, EVP_sha256());
  return r;
}

}  // namespace adplan::test
