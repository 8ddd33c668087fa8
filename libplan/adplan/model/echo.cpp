#include <adplan/model/echo.hpp>

namespace adplan {

std::size_t utf8_sequence_length(std::string_view s) {
  if (s.empty()) return 0;
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  // RFC 3629 4, the table of well-formed byte sequences.
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(1) > 0x9F) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

std::string quote_value(std::string_view value, std::size_t max_chars) {
  constexpr std::string_view k_hex = "0123456789abcdef";
  std::string out = "\"";
  std::size_t chars = 0;
  std::size_t i = 0;
  while (i < value.size() && chars < max_chars) {
    auto c = static_cast<unsigned char>(value[i]);
    std::size_t n = utf8_sequence_length(value.substr(i));
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += '\t';  // harmless on a terminal
    } else if (n == 0 || c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
      n = 1;
    } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(value[i + 1]) < 0xA0) {
      // C1 controls (U+0080..U+009F): CSI and OSC for some terminals.
      out += "\\u00";
      out += k_hex[static_cast<unsigned char>(value[i + 1]) >> 4];
      out += k_hex[static_cast<unsigned char>(value[i + 1]) & 15];
    } else {
      out.append(value.substr(i, n));
    }
    i += n;
    ++chars;
  }
  out += '"';
  if (i < value.size()) {
    out.insert(out.size() - 1, "...");
    out += " (" + std::to_string(value.size()) + " bytes)";
  }
  return out;
}

std::string shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  auto boundary = [&](std::size_t i) {
    while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    return i;
  };
  std::size_t head = boundary(max_bytes / 2);
  std::size_t tail = boundary(text.size() - max_bytes / 2);
  return std::string(text.substr(0, head)) + "... [" + std::to_string(tail - head) + " bytes cut] ..." +
         std::string(text.substr(tail));
}

}  // namespace adplan
