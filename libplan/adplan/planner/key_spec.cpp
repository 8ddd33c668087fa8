#include <adplan/planner/key_spec.hpp>

#include <adplan/model/echo.hpp>

#include <charconv>

namespace adplan {

std::string KeySpec::str() const {
  return algorithm == KeyAlgorithm::Rsa ? "rsa:" + std::to_string(bits) : "ec:p" + std::to_string(bits);
}

std::string KeySpec::hash() const {
  // The hash matches the key's strength: SHA-384 for P-384 (BR 7.1.3.2.2), SHA-256 otherwise.
  return algorithm == KeyAlgorithm::Ecdsa && bits == 384 ? "SHA-384" : "SHA-256";
}

std::string KeySpec::curve() const {
  if (algorithm == KeyAlgorithm::Rsa) return {};
  return bits == 384 ? "secp384r1" : "secp256r1";
}

Result<KeySpec> parse_key_spec(std::string_view text) {
  auto bad = [&](std::string message, std::string hint) {
    return std::unexpected(Error{"input.key", "key", quote_value(text) + " " + std::move(message), std::move(hint)});
  };
  const std::string_view choices = "use rsa:2048, rsa:3072, rsa:4096, ec:p256 or ec:p384";
  if (text.starts_with("rsa:")) {
    auto digits = text.substr(4);
    int bits = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (ec != std::errc{} || end != digits.data() + digits.size())
      return bad("is not a key size", std::string(choices));
    if (bits < k_min_rsa_bits) {
      return bad(
          "is refused: RSA keys must have at least 2048 bits (CA/Browser Forum Baseline Requirements 6.1.5; "
          "OpenSSL 3 clients reject smaller keys), for public and internal CAs alike; the paper's "
          "-KeySize 1024 is obsolete",
          "use rsa:2048 or larger");
    }
    if (bits != 2048 && bits != 3072 && bits != 4096) return bad("is not a supported RSA size", std::string(choices));
    return KeySpec{KeyAlgorithm::Rsa, bits};
  }
  if (text == "ec:p256") return KeySpec{KeyAlgorithm::Ecdsa, 256};
  if (text == "ec:p384") return KeySpec{KeyAlgorithm::Ecdsa, 384};
  if (text.starts_with("ec:")) {
    return bad(
        "is not an allowed curve: publicly trusted certificates use NIST P-256, P-384 or P-521 only "
        "(CA/Browser Forum Baseline Requirements 6.1.5)",
        std::string(choices));
  }
  return bad("is not a key type", std::string(choices));
}

}  // namespace adplan
