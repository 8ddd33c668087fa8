#include <adplan/render/internal/escape.hpp>

#include <adplan/model/echo.hpp>

#include <algorithm>

namespace adplan::render {
namespace {

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

// The value as a message shows it: control characters escaped, cut after k_echo_max bytes.
std::string quoted(std::string_view v) {
  std::string out = "\"";
  for (unsigned char c : v.substr(0, k_echo_max)) {
    if (is_control(c)) {
      out += "\\x";
      constexpr std::string_view k_hex = "0123456789abcdef";
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (v.size() > k_echo_max) return out + "...\" (" + std::to_string(v.size()) + " bytes)";
  return out + "\"";
}

}  // namespace

std::string zone_escape(std::string_view value) {
  static constexpr std::string_view k_special = ";()\"$@\\";
  std::string out;
  for (unsigned char c : value) {
    if (is_control(c) || c >= 0x80) {
      // RFC 1035 5.1: \DDD, the octet as three decimal digits.
      out += '\\';
      out += static_cast<char>('0' + c / 100);
      out += static_cast<char>('0' + c / 10 % 10);
      out += static_cast<char>('0' + c % 10);
    } else if (k_special.find(static_cast<char>(c)) != std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Result<std::string> nginx_quote(std::string_view value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    if (c == '$') {
      return std::unexpected(Error{"render.unsafe-value", "", quoted(value) + " holds '$', which nginx would expand",
                                   "nginx cannot escape '$'; remove it from the value"});
    }
    if (is_control(c)) {
      return std::unexpected(Error{"render.unsafe-value", "", quoted(value) + " holds a control character",
                                   "nginx parameters are one line of printable text"});
    }
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<char>(c);
  }
  return out + "\"";
}

Result<std::string> xml_escape(std::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    switch (c) {
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
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (is_control(c) && c != 0x7f) {
          // XML 1.0 section 2.2: Char excludes C0 controls other than tab, LF and CR.
          return std::unexpected(Error{"render.unsafe-value", "", quoted(value) + " holds a control character",
                                       "XML 1.0 cannot carry it, not even as a character reference"});
        }
        out += static_cast<char>(c);
    }
  }
  return out;
}

std::string md_escape(std::string_view value) {
  static constexpr std::string_view k_special = "\\`*_{}[]<>#!|~&";
  std::string out;
  for (unsigned char c : value) {
    if (is_control(c)) {
      out += ' ';
      continue;
    }
    if (k_special.find(static_cast<char>(c)) != std::string_view::npos) out += '\\';
    out += static_cast<char>(c);
  }
  return out;
}

std::string md_fence(std::string_view content) {
  std::size_t longest = 0, run = 0;
  for (char c : content) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string one_line(std::string_view text) {
  std::string out;
  for (unsigned char c : text) out += is_control(c) ? ' ' : static_cast<char>(c);
  return out;
}

}  // namespace adplan::render
