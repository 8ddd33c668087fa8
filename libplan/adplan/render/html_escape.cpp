#include <adplan/render/html_escape.hpp>

#include <adplan/model/sanitize.hpp>

#include <cstdint>

namespace adplan::render {
namespace {

constexpr char k_hex[] = "0123456789abcdef";

// U+061C ARABIC LETTER MARK, U+200E/F LRM/RLM, U+202A..E embeddings and overrides,
// U+2066..9 isolates (Unicode TR 9, 2.1-2.6).
bool is_bidi_control(std::uint32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

std::string visible_code_point(std::uint32_t cp) {
  std::string out = cp < 0x80 ? "\\x" : "\\u";
  const int digits = cp < 0x80 ? 2 : 4;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += k_hex[(cp >> shift) & 0xF];
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  const std::string valid = to_valid_utf8(text);
  std::string out;
  out.reserve(valid.size() + valid.size() / 8);
  for (std::size_t i = 0; i < valid.size();) {
    const auto b = static_cast<unsigned char>(valid[i]);
    // Well-formed UTF-8 (to_valid_utf8): the lead byte gives the length.
    const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    std::uint32_t cp = len == 1 ? b : len == 2 ? b & 0x1Fu : len == 3 ? b & 0x0Fu : b & 0x07u;
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(valid[i + k]) & 0x3Fu);
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
      case '\n':
        out += static_cast<char>(cp);
        break;
      default:
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp))
          out += visible_code_point(cp);
        else
          out.append(valid, i, len);
    }
    i += len;
  }
  return out;
}

std::string html_value(std::string_view text, std::size_t max_bytes) {
  return html_escape(truncate_display(to_valid_utf8(text), max_bytes));
}

std::string html_id(std::string_view prefix, std::string_view key) {
  std::string out(prefix);
  for (char c : key) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    out += keep ? c : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : '_';
  }
  return out;
}

}  // namespace adplan::render
