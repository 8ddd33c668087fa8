#pragma once
// Small text helpers the layers share (ASCII only: host names, keywords, URLs, header names).
// ASCII on purpose: the C library's tolower() follows the locale.
#include <algorithm>
#include <string>
#include <string_view>

namespace adplan {

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = ascii_lower(c);
  return out;
}

// Equal but for ASCII letter case.
constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::ranges::equal(a, b, [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

}  // namespace adplan
