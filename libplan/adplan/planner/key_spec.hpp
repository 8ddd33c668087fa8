#pragma once
// The key a certificate gets: "rsa:2048" (default), "rsa:3072", "rsa:4096", "ec:p256", "ec:p384".
// RSA below 2048 bits is refused everywhere, public or internal CA (CA/B Forum BR 6.1.5;
// OpenSSL 3 clients at security level 2 reject such certificates too).
#include <adplan/model/error.hpp>

#include <string>
#include <string_view>

namespace adplan {

enum class KeyAlgorithm { Rsa, Ecdsa };

struct KeySpec {
  KeyAlgorithm algorithm = KeyAlgorithm::Rsa;
  int bits = 2048;  // RSA modulus size or the curve's size (256, 384)

  [[nodiscard]] std::string str() const;    // "rsa:2048", "ec:p256"
  [[nodiscard]] std::string hash() const;   // Botan name: "SHA-256", "SHA-384"
  [[nodiscard]] std::string curve() const;  // Botan EC group: "secp256r1"; empty for RSA
  bool operator==(const KeySpec&) const = default;
};

inline constexpr int k_min_rsa_bits = 2048;

// Parses a --key value; every refusal says why and what to use instead.
Result<KeySpec> parse_key_spec(std::string_view text);

}  // namespace adplan
