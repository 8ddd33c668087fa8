#include <adplan/model/sanitize.hpp>

#include <cstdint>

namespace adplan {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed sequence at `pos` (Unicode 15, table 3-7), or 0 with `bad` set
// to the length of the maximal subpart to replace (at least 1).
std::size_t sequence_at(std::string_view s, std::size_t pos, std::size_t& bad) {
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(s[i]); };
  std::uint8_t b0 = byte(pos);
  bad = 1;
  if (b0 < 0x80) return 1;
  std::size_t need = 0;
  std::uint8_t lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // a continuation byte, C0/C1 (overlong lead) or F5..FF
  }
  for (std::size_t k = 1; k < need; ++k) {
    if (pos + k >= s.size()) {
      bad = k;
      return 0;
    }
    std::uint8_t b = byte(pos + k);
    bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
    if (!ok) {
      bad = k;
      return 0;
    }
  }
  return need;
}

// The code point of a well-formed sequence.
char32_t decode(std::string_view seq) {
  auto b = [&](std::size_t i) { return static_cast<char32_t>(static_cast<std::uint8_t>(seq[i])); };
  switch (seq.size()) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

bool needs_escape(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<std::uint8_t>(text[i]) < 0x80) {  // ASCII, most of every report: no call per byte
      ++i;
      continue;
    }
    std::size_t bad = 0;
    std::size_t n = sequence_at(text, i, bad);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size();) {
    std::size_t bad = 0;
    std::size_t n = sequence_at(text, i, bad);
    if (n == 0) {
      out += k_replacement;
      i += bad;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string escape_controls(std::string_view text) {
  const std::string valid = to_valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  static constexpr char k_hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < valid.size();) {
    std::size_t bad = 0;
    std::size_t n = sequence_at(valid, i, bad);  // never 0: valid is well-formed
    std::string_view seq(valid.data() + i, n);
    char32_t c = decode(seq);
    if (!needs_escape(c)) {
      out.append(seq);
    } else if (c < 0x80) {
      out += "\\x";
      out += k_hex[c >> 4];
      out += k_hex[c & 0xF];
    } else {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += k_hex[(c >> shift) & 0xF];
    }
    i += n;
  }
  return out;
}

std::string truncate_display(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back to the start of a character: never inside a multi-byte sequence.
  for (int k = 0; k < 3 && cut > 0 && (static_cast<std::uint8_t>(text[cut]) & 0xC0) == 0x80; ++k) --cut;
  return std::string(text.substr(0, cut)) + "\xE2\x80\xA6 (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace adplan
