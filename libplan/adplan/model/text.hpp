#pragma once
// Small text helpers the layers share (ASCII only: host names, keywords, URLs).
#include <string>
#include <string_view>

namespace adplan {

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace adplan
