#pragma once
// `adplan acme --check-directory`: GET the ACME directory (RFC 8555 7.1.1) once, under a timeout
// and a size limit, and check that it names the resources every ACME client needs (newNonce,
// newAccount, newOrder) as https URLs. A tarpit, a reset, a 5xx, an oversized or non-JSON body
// ends as an Error with a dotted code (acme.directory-*) and the fix, never as a hang.
#include <adplan/model/error.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace adplan::probe {

inline constexpr std::size_t k_max_directory_bytes = 64 * 1024;

struct AcmeDirectoryCheck {
  std::string url;
  std::string new_nonce, new_account, new_order;
  std::optional<std::string> terms_of_service;  // meta.termsOfService
  int ms = 0;
};

struct AcmeDirectoryOptions {
  std::chrono::milliseconds timeout{10000};  // the whole request: connect, TLS, the body
  std::optional<std::string> ca_file;        // PEM roots besides the system store (pebble's)
  std::size_t max_bytes = k_max_directory_bytes;
};

// The directory document's check alone (pure; unit-tested): a JSON object whose newNonce,
// newAccount and newOrder are https URLs. Codes: acme.directory-not-json,
// acme.directory-incomplete.
Result<AcmeDirectoryCheck> parse_acme_directory_document(std::string_view url, std::string_view body);

// GET and check. Codes besides the above: acme.directory-timeout, acme.directory-unreachable,
// acme.directory-tls, acme.directory-too-large, acme.directory-status.
Result<AcmeDirectoryCheck> check_acme_directory(const std::string& url, const AcmeDirectoryOptions& options);

}  // namespace adplan::probe
