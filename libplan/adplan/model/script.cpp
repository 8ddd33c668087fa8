#include <adplan/model/script.hpp>

#include <adplan/model/echo.hpp>

#include <algorithm>
#include <array>
#include <map>

namespace adplan {
namespace {

struct Range {
  char32_t first, last;
  Script script;
};

// Blocks of Unicode 15 Scripts.txt, coarse where a block is one script; sorted by first.
constexpr std::array k_ranges{
    Range{0x0041, 0x005A, Script::Latin},    Range{0x0061, 0x007A, Script::Latin},
    Range{0x00AA, 0x00AA, Script::Latin},    Range{0x00BA, 0x00BA, Script::Latin},
    Range{0x00C0, 0x00D6, Script::Latin},    Range{0x00D8, 0x00F6, Script::Latin},
    Range{0x00F8, 0x02AF, Script::Latin},    Range{0x0300, 0x036F, Script::Common},  // Inherited: marks
    Range{0x0370, 0x03FF, Script::Greek},    Range{0x0400, 0x052F, Script::Cyrillic},
    Range{0x0531, 0x058F, Script::Armenian}, Range{0x0591, 0x05FF, Script::Hebrew},
    Range{0x0600, 0x065F, Script::Arabic},   Range{0x0660, 0x0669, Script::Common},  // Arabic-Indic digits
    Range{0x066A, 0x06FF, Script::Arabic},   Range{0x0750, 0x077F, Script::Arabic},
    Range{0x08A0, 0x08FF, Script::Arabic},   Range{0x0900, 0x097F, Script::Devanagari},
    Range{0x0E00, 0x0E7F, Script::Thai},     Range{0x10A0, 0x10FF, Script::Georgian},
    Range{0x1100, 0x11FF, Script::Hangul},   Range{0x13A0, 0x13FF, Script::Cherokee},
    Range{0x1C80, 0x1C8F, Script::Cyrillic}, Range{0x1C90, 0x1CBF, Script::Georgian},
    Range{0x1D00, 0x1D7F, Script::Latin},    Range{0x1E00, 0x1EFF, Script::Latin},
    Range{0x1F00, 0x1FFF, Script::Greek},    Range{0x2C60, 0x2C7F, Script::Latin},
    Range{0x2D00, 0x2D2F, Script::Georgian}, Range{0x2DE0, 0x2DFF, Script::Cyrillic},
    Range{0x3040, 0x309F, Script::Hiragana}, Range{0x30A0, 0x30FB, Script::Katakana},
    Range{0x30FC, 0x30FC, Script::Common},   Range{0x30FD, 0x30FF, Script::Katakana},
    Range{0x3100, 0x312F, Script::Bopomofo}, Range{0x3130, 0x318F, Script::Hangul},
    Range{0x31A0, 0x31BF, Script::Bopomofo}, Range{0x31F0, 0x31FF, Script::Katakana},
    Range{0x3400, 0x4DBF, Script::Han},      Range{0x4E00, 0x9FFF, Script::Han},
    Range{0xA640, 0xA69F, Script::Cyrillic}, Range{0xA720, 0xA7FF, Script::Latin},
    Range{0xAB30, 0xAB6F, Script::Latin},    Range{0xAB70, 0xABBF, Script::Cherokee},
    Range{0xAC00, 0xD7AF, Script::Hangul},   Range{0xF900, 0xFAFF, Script::Han},
    Range{0xFB00, 0xFB06, Script::Latin},    Range{0xFB13, 0xFB17, Script::Armenian},
    Range{0xFB1D, 0xFB4F, Script::Hebrew},   Range{0xFB50, 0xFDFF, Script::Arabic},
    Range{0xFE70, 0xFEFF, Script::Arabic},   Range{0xFF21, 0xFF3A, Script::Latin},
    Range{0xFF41, 0xFF5A, Script::Latin},    Range{0xFF66, 0xFF9D, Script::Katakana},
    Range{0x20000, 0x3134F, Script::Han},
};

// TR39 5.2 Highly Restrictive: one script, or Latin + Han + Hiragana + Katakana,
// Latin + Han + Bopomofo, Latin + Han + Hangul.
bool allowed_combination(const std::vector<Script>& scripts) {
  using enum Script;
  constexpr std::array<std::array<Script, 4>, 3> k_sets{
      {{Latin, Han, Hiragana, Katakana}, {Latin, Han, Bopomofo, Bopomofo}, {Latin, Han, Hangul, Hangul}}};
  if (scripts.size() <= 1) return true;
  return std::ranges::any_of(k_sets, [&](const auto& set) {
    return std::ranges::all_of(scripts, [&](Script s) { return std::ranges::find(set, s) != set.end(); });
  });
}

std::string code_point(char32_t c) {
  constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string digits;
  for (auto v = static_cast<std::uint32_t>(c); v != 0 || digits.size() < 4; v >>= 4)
    digits.insert(digits.begin(), k_hex[v & 15]);
  return "U+" + digits;
}

}  // namespace

Script script_of(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? Script::Latin : Script::Common;
  auto it = std::ranges::upper_bound(k_ranges, c, {}, &Range::first);
  if (it == k_ranges.begin()) return Script::Other;
  --it;
  if (c <= it->last) return it->script;
  // Unlisted punctuation and symbols are Common; anything else is a letter of another script.
  if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || c < 0x0100) return Script::Common;
  return Script::Other;
}

std::string_view script_name(Script s) {
  constexpr std::array<std::string_view, 17> k_names{
      "Common",     "Latin", "Greek",  "Cyrillic", "Armenian", "Hebrew",   "Arabic", "Georgian",      "Cherokee",
      "Devanagari", "Thai",  "Hangul", "Hiragana", "Katakana", "Bopomofo", "Han",    "another script"};
  return k_names[static_cast<std::size_t>(s)];
}

std::optional<std::string> mixed_script(std::string_view label) {
  // Letters per script, in order of first appearance, with the characters seen.
  std::map<Script, std::pair<std::size_t, std::vector<std::string>>> seen;
  std::vector<Script> order;
  for (std::size_t i = 0; i < label.size();) {
    std::size_t n = utf8_sequence_length(label.substr(i));
    char32_t c = 0;
    Script s = Script::Other;
    if (n != 0) {
      auto b = static_cast<unsigned char>(label[i]);
      c = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
      for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(label[i + k]) & 0x3F);
      s = script_of(c);
    } else {
      n = 1;
    }
    if (s != Script::Common) {
      auto& [count, chars] = seen[s];
      if (count++ == 0) order.push_back(s);
      std::string shown = quote_value(label.substr(i, n)) + " " + code_point(c);
      if (std::ranges::find(chars, shown) == chars.end()) chars.push_back(std::move(shown));
    }
    i += n;
  }
  if (allowed_combination(order)) return std::nullopt;
  // The script with the most letters is the one the name pretends to be in; name the others' letters.
  Script main = *std::ranges::max_element(order, {}, [&](Script s) { return seen[s].first; });
  std::string names, odd;
  for (std::size_t k = 0; k < order.size(); ++k) {
    names += (k == 0 ? "" : k + 1 == order.size() ? " and " : ", ") + std::string(script_name(order[k]));
    if (order[k] == main) continue;
    std::string list;
    for (const auto& ch : seen[order[k]].second) list += (list.empty() ? "" : ", ") + ch;
    odd += (odd.empty() ? "" : "; ") + std::string(script_name(order[k])) + ": " + list;
  }
  return "mixes " + names + " letters (" + odd + ")";
}

std::vector<std::string> mixed_script_labels(const HostName& host) {
  std::vector<std::string> out;
  std::string unicode = host.unicode();
  for (std::size_t start = 0; start <= unicode.size();) {
    auto dot = unicode.find('.', start);
    std::string_view label =
        std::string_view(unicode).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (auto why = mixed_script(label)) out.push_back(quote_value(label) + " " + *why);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

}  // namespace adplan
