#include <adplan/pki/internal/botan_io.hpp>

#include <botan/data_src.h>
#include <botan/ec_group.h>
#include <botan/ecc_key.h>
#include <botan/ecdsa.h>
#include <botan/pkcs8.h>
#include <botan/pkix_types.h>
#include <botan/rsa.h>

namespace adplan {
namespace {

// OWASP 2023 guidance for PBKDF2-HMAC-SHA-256; fixed so runs are repeatable.
constexpr std::size_t k_pbkdf2_iterations = 600000;

Error parse_error(const std::string& place, const std::string& what, const std::exception& e) {
  return {"input.pem", place, "is not " + what + " (" + e.what() + ")", "give a PEM file of that kind"};
}

}  // namespace

std::unique_ptr<Botan::Private_Key> generate_key(const KeySpec& spec, Botan::RandomNumberGenerator& rng) {
  if (spec.algorithm == KeyAlgorithm::Rsa) return std::make_unique<Botan::RSA_PrivateKey>(rng, spec.bits);
  return std::make_unique<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group(spec.curve()));
}

std::string private_key_pem(const Botan::Private_Key& key, const std::optional<std::string>& passphrase,
                            Botan::RandomNumberGenerator& rng) {
  if (!passphrase) return Botan::PKCS8::PEM_encode(key);
  return Botan::PKCS8::PEM_encode_encrypted_pbkdf_iter(key, rng, *passphrase, k_pbkdf2_iterations, "AES-256/CBC",
                                                       "SHA-256");
}

Result<std::unique_ptr<Botan::Private_Key>> load_private_key(const std::string& pem, const std::string& place,
                                                             const std::optional<std::string>& passphrase) {
  try {
    Botan::DataSource_Memory src(pem);
    std::unique_ptr<Botan::Private_Key> key =
        passphrase ? Botan::PKCS8::load_key(src, [&] { return *passphrase; }) : Botan::PKCS8::load_key(src);
    return key;
  } catch (const std::exception& e) {
    return std::unexpected(parse_error(place, "a readable PKCS#8 private key", e));
  }
}

Result<Botan::X509_Certificate> load_certificate(const std::string& pem, const std::string& place) {
  try {
    Botan::DataSource_Memory src(pem);
    return Botan::X509_Certificate(src);
  } catch (const std::exception& e) {
    return std::unexpected(parse_error(place, "an X.509 certificate", e));
  }
}

Result<Botan::PKCS10_Request> load_request(const std::string& pem, const std::string& place) {
  try {
    Botan::DataSource_Memory src(pem);
    return Botan::PKCS10_Request(src);
  } catch (const std::exception& e) {
    return std::unexpected(parse_error(place, "a PKCS#10 certificate request", e));
  }
}

KeyFacts key_facts(const Botan::Public_Key& key) {
  if (const auto* ec = dynamic_cast<const Botan::EC_PublicKey*>(&key)) {
    std::string curve = ec->domain().get_curve_oid().to_formatted_string();
    return {KeyAlgorithm::Ecdsa, static_cast<int>(ec->key_length()), curve};
  }
  return {KeyAlgorithm::Rsa, static_cast<int>(key.key_length()), {}};
}

RequestedNames requested_names(const Botan::PKCS10_Request& req) {
  RequestedNames n;
  auto cns = req.subject_dn().get_attribute("CN");
  if (!cns.empty()) n.common_name = cns.front();
  const auto& alt = req.subject_alt_name();
  n.dns = alt.get_attribute("DNS");
  n.ips = alt.get_attribute("IP");
  return n;
}

}  // namespace adplan
