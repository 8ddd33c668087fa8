#include <adplan/probe/internal/certificate.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/openssl/ptr.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>
#include <vector>

namespace adplan::probe {
namespace {

using ossl::X509Ptr;

std::string openssl_error() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

X509Ptr read_pem(const std::string& pem) {
  auto bio = ossl::memory_bio(pem);
  if (!bio) return nullptr;
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

std::string name_text(const X509_NAME* name) {
  ossl::Bio bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::int64_t epoch_of(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

// One index for our collector in X509_STORE_CTX's ex_data.
int collector_index() {
  static const int index = X509_STORE_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// Called for every problem: record it and go on, so every error is reported.
int collect_errors(int ok, X509_STORE_CTX* ctx) {
  if (ok) return 1;
  auto* errors = static_cast<std::vector<std::string>*>(X509_STORE_CTX_get_ex_data(ctx, collector_index()));
  int err = X509_STORE_CTX_get_error(ctx);
  std::string text =
      "depth " + std::to_string(X509_STORE_CTX_get_error_depth(ctx)) + ": " + X509_verify_cert_error_string(err);
  if (errors) {
    bool seen = false;
    for (const auto& e : *errors) seen = seen || e == text;
    if (!seen) errors->push_back(text);
  }
  return 1;
}

}  // namespace

Result<CertificateFacts> certificate_facts(const std::string& pem) {
  X509Ptr x = read_pem(pem);
  if (!x) return std::unexpected(Error{"input.pem", {}, "not a PEM certificate: " + openssl_error(), {}});
  CertificateFacts f;
  // Names are the server's bytes: kept as valid UTF-8 (escaped for a terminal when printed).
  f.subject = to_valid_utf8(name_text(X509_get_subject_name(x.get())));
  f.issuer = to_valid_utf8(name_text(X509_get_issuer_name(x.get())));
  char cn[256] = {};
  if (X509_NAME_get_text_by_NID(X509_get_subject_name(x.get()), NID_commonName, cn, sizeof cn) > 0)
    f.common_name = to_valid_utf8(ascii_lower(cn));
  ossl::GeneralNames sans(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x.get(), NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans.get()); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(sans.get(), i);
    if (g->type != GEN_DNS) continue;
    const auto* s = g->d.dNSName;
    f.dns_names.push_back(to_valid_utf8(ascii_lower(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                                                static_cast<std::size_t>(ASN1_STRING_length(s))))));
  }
  f.not_before = epoch_of(X509_get0_notBefore(x.get()));
  f.not_after = epoch_of(X509_get0_notAfter(x.get()));
  if (EVP_PKEY* key = X509_get0_pubkey(x.get())) {
    f.key_bits = EVP_PKEY_get_bits(key);
    switch (EVP_PKEY_get_base_id(key)) {
      case EVP_PKEY_RSA:
        f.key_type = "RSA";
        break;
      case EVP_PKEY_EC: {
        char group[64] = {};
        std::size_t len = 0;
        f.key_type = "EC";
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len)) {
          f.key_type += std::string(" ") + group;
        }
        break;
      }
      case EVP_PKEY_ED25519:
        f.key_type = "ED25519";
        break;
      case EVP_PKEY_ED448:
        f.key_type = "ED448";
        break;
      case EVP_PKEY_DSA:
        f.key_type = "DSA";
        break;
      default:
        f.key_type = OBJ_nid2sn(EVP_PKEY_get_base_id(key));
        break;
    }
  }
  int sig_nid = X509_get_signature_nid(x.get());
  f.signature_algorithm = OBJ_nid2ln(sig_nid) ? OBJ_nid2ln(sig_nid) : "unknown";
  int md_nid = NID_undef;
  int pk_nid = NID_undef;
  if (OBJ_find_sigid_algs(sig_nid, &md_nid, &pk_nid) && md_nid != NID_undef) f.signature_digest = OBJ_nid2sn(md_nid);
  f.self_signed = (X509_get_extension_flags(x.get()) & EXFLAG_SS) != 0;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (X509_digest(x.get(), EVP_sha256(), md, &md_len)) {
    static constexpr char k_hex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < md_len; ++i) {
      f.sha256 += k_hex[md[i] >> 4];
      f.sha256 += k_hex[md[i] & 0xf];
    }
  }
  // Issue 24: Exchange's Thumbprint (SHA-1, upper case) and the serial, to name a pool member's certificate.
  if (X509_digest(x.get(), EVP_sha1(), md, &md_len)) {
    static constexpr char k_upper[] = "0123456789ABCDEF";
    for (unsigned int i = 0; i < md_len; ++i) {
      f.thumbprint += k_upper[md[i] >> 4];
      f.thumbprint += k_upper[md[i] & 0xf];
    }
  }
  if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x.get()), nullptr)) {
    if (char* hex = BN_bn2hex(bn)) {
      f.serial = hex;
      OPENSSL_free(hex);
    }
    BN_free(bn);
  }
  return f;
}

std::string public_key_pin(const std::string& pem) {
  X509Ptr x = read_pem(pem);
  EVP_PKEY* key = x ? X509_get0_pubkey(x.get()) : nullptr;
  if (!key) return {};
  int len = i2d_PUBKEY(key, nullptr);
  if (len <= 0) return {};
  std::vector<unsigned char> der(static_cast<std::size_t>(len));
  unsigned char* p = der.data();
  i2d_PUBKEY(key, &p);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (!EVP_Digest(der.data(), der.size(), md, &md_len, EVP_sha256(), nullptr)) return {};
  unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1] = {};
  int n = EVP_EncodeBlock(b64, md, static_cast<int>(md_len));
  ERR_clear_error();
  return "sha256//" + std::string(reinterpret_cast<const char*>(b64), static_cast<std::size_t>(n));
}

Result<TrustStore> TrustStore::load(const TrustAnchors& anchors) {
  std::shared_ptr<X509_STORE> store(X509_STORE_new(), X509_STORE_free);
  if (!store) return std::unexpected(Error{"internal.openssl", {}, "X509_STORE_new: " + openssl_error(), {}});
  if (anchors.system) X509_STORE_set_default_paths(store.get());
  if (anchors.ca_file && X509_STORE_load_file(store.get(), anchors.ca_file->c_str()) != 1) {
    return std::unexpected(
        Error{"input.pem", "ca_file", "\"" + anchors.ca_file->string() + "\": " + openssl_error(), {}});
  }
  ERR_clear_error();
  return TrustStore(std::move(store));
}

Result<TlsFacts> judge_chain(const std::vector<std::string>& pem_chain, const std::string& host,
                             const TrustStore& store) {
  if (pem_chain.empty()) return std::unexpected(Error{"tls.no-certificate", {}, "the server sent no certificate", {}});
  TlsFacts t;
  std::vector<X509Ptr> certs;
  for (const auto& pem : pem_chain) {
    auto facts = certificate_facts(pem);
    if (!facts) return std::unexpected(facts.error());
    t.chain.push_back(std::move(*facts));
    certs.push_back(read_pem(pem));
  }
  X509* leaf = certs.front().get();

  ossl::X509StackView untrusted(sk_X509_new_null());
  for (std::size_t i = 1; i < certs.size(); ++i) sk_X509_push(untrusted.get(), certs[i].get());
  ossl::StoreCtx ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get());
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  // Dates and key strength are judged from the facts, with the caller's clock and rules;
  // this verification answers only "does the chain lead to an anchor we trust".
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
  X509_VERIFY_PARAM_set_auth_level(param, 0);
  X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
  X509_STORE_CTX_set_ex_data(ctx.get(), collector_index(), &t.trust_errors);
  X509_STORE_CTX_set_verify_cb(ctx.get(), collect_errors);
  int ok = X509_verify_cert(ctx.get());
  t.trusted = ok == 1 && t.trust_errors.empty();
  if (ok != 1 && t.trust_errors.empty())
    t.trust_errors.push_back(X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
  ERR_clear_error();

  char* peer = nullptr;
  t.name_matches = X509_check_host(leaf, host.c_str(), host.size(), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, &peer) == 1;
  if (peer) {
    t.matched_name = ascii_lower(peer);
    OPENSSL_free(peer);
  }
  return t;
}

std::string judge_request_tls(HttpExchange& exchange, const std::vector<std::string>& pem_chain,
                              const std::string& host, const TrustStore& store) {
  if (pem_chain.empty()) return "";
  auto tls = judge_chain(pem_chain, host, store);
  if (tls)
    exchange.tls = std::move(*tls);
  else if (exchange.error.empty())
    exchange.error = tls.error().message;
  return public_key_pin(pem_chain.front());
}

}  // namespace adplan::probe
