#include <adplan/planner/powershell.hpp>

#include <array>

namespace adplan {

std::string ps_quote(std::string_view value) {
  static constexpr std::array<std::string_view, 4> k_smart_quotes{"\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9A",
                                                                  "\xE2\x80\x9B"};
  std::string out = "'";
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\'') {
      out += "''";
      continue;
    }
    bool smart = false;
    for (auto q : k_smart_quotes) {
      if (value.substr(i, q.size()) == q) {
        out += q;
        out += q;
        i += q.size() - 1;
        smart = true;
        break;
      }
    }
    if (!smart) out += value[i];
  }
  return out + "'";
}

std::string ps_list(std::span<const std::string> values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ",";
    out += ps_quote(v);
  }
  return out;
}

}  // namespace adplan
