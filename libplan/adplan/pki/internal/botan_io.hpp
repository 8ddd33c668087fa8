#pragma once
// Botan 2 at the edge of libplan: make keys, read and write PEM, never throw past here.
// Botan reports bad input with exceptions; these helpers turn them into Error values.
#include <adplan/model/error.hpp>
#include <adplan/pki/name_rules.hpp>
#include <adplan/planner/key_spec.hpp>

#include <botan/pk_keys.h>
#include <botan/pkcs10.h>
#include <botan/rng.h>
#include <botan/x509cert.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace adplan {

std::unique_ptr<Botan::Private_Key> generate_key(const KeySpec& spec, Botan::RandomNumberGenerator& rng);

// PKCS#8 PEM; with a passphrase, PBES2 (PBKDF2-HMAC-SHA-256) with AES-256-CBC.
std::string private_key_pem(const Botan::Private_Key& key, const std::optional<std::string>& passphrase,
                            Botan::RandomNumberGenerator& rng);

// `place` names the file in errors.
Result<std::unique_ptr<Botan::Private_Key>> load_private_key(const std::string& pem, const std::string& place,
                                                             const std::optional<std::string>& passphrase = {});
Result<Botan::X509_Certificate> load_certificate(const std::string& pem, const std::string& place);
Result<Botan::PKCS10_Request> load_request(const std::string& pem, const std::string& place);

KeyFacts key_facts(const Botan::Public_Key& key);
RequestedNames requested_names(const Botan::PKCS10_Request& req);

}  // namespace adplan
