#pragma once
// The parts of an absolute http(s) URL the probes and the judge need. Not a general URL
// parser: Autodiscover URLs have no user info, and a query or fragment is kept in `path`.
#include <optional>
#include <string>
#include <string_view>

namespace adplan::observe {

struct Url {
  std::string scheme;  // "http" | "https", lower case
  std::string host;    // lower case, brackets removed from an IPv6 literal
  int port = 0;        // explicit or the scheme's default
  std::string path;    // "/autodiscover/autodiscover.xml" ("/" when empty)

  [[nodiscard]] std::string str() const;  // normalised: default port left out
};

std::optional<Url> parse_url(std::string_view text);

// Resolves a Location header against the URL it came from (absolute, or absolute path).
std::optional<Url> resolve_location(const Url& base, std::string_view location);

// MS-OXDISCO 3.1.5.4: the path an accepted redirect must carry, in any case.
bool is_autodiscover_path(std::string_view path);

// Case-insensitive URL comparison (host and path; IIS paths are case-insensitive).
bool same_url(std::string_view a, std::string_view b);

}  // namespace adplan::observe
