#include <adplan/model/sanitize.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace adplan;
using namespace std::string_literals;

namespace {
const std::string k_fffd = "\xEF\xBF\xBD";
}

TEST_CASE("to_valid_utf8: well-formed text is kept") {
  CHECK(to_valid_utf8("mail.contoso.com") == "mail.contoso.com");
  CHECK(to_valid_utf8("M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\x93\xA7") == "M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\x93\xA7");
  CHECK(to_valid_utf8("\xF4\x8F\xBF\xBF") == "\xF4\x8F\xBF\xBF");  // U+10FFFF, the last code point
  CHECK(to_valid_utf8("a\0b"s) == "a\0b"s);                        // NUL is valid UTF-8 (escaping shows it)
  CHECK(is_valid_utf8("\xED\x9F\xBF"));                            // U+D7FF, just below the surrogates
}

TEST_CASE("is_valid_utf8: ASCII is skipped quickly, whatever follows it is still checked") {
  const std::string ascii(3000, 'a');
  CHECK(is_valid_utf8(ascii));
  CHECK(is_valid_utf8(ascii + "M\xC3\xBCller"));
  CHECK_FALSE(is_valid_utf8(ascii + "\x80"));
  CHECK_FALSE(is_valid_utf8(ascii + "\xC3"));  // cut short at the end
  CHECK_FALSE(is_valid_utf8(ascii + "\xED\xA0\x80" + ascii));
  CHECK(is_valid_utf8(""));
}

TEST_CASE("to_valid_utf8: every ill-formed sequence becomes U+FFFD") {
  SUBCASE("a lone continuation byte") {
    CHECK(to_valid_utf8("a\x80z") == "a" + k_fffd + "z");
    CHECK(to_valid_utf8("\xBF\xBF") == k_fffd + k_fffd);
  }
  SUBCASE("bytes that never occur") {
    CHECK(to_valid_utf8("http://\xFF\xFE/") == "http://" + k_fffd + k_fffd + "/");
    CHECK(to_valid_utf8("\xC0\xAF") == k_fffd + k_fffd);  // C0/C1 leads are overlong by definition
  }
  SUBCASE("a truncated sequence: one U+FFFD for its maximal subpart") {
    CHECK(to_valid_utf8("\xE2\x82") == k_fffd);
    CHECK(to_valid_utf8("\xE2\x82z") == k_fffd + "z");
    CHECK(to_valid_utf8("\xF0\x9F\x93") == k_fffd);
    CHECK(to_valid_utf8("x\xC3") == "x" + k_fffd);
  }
  SUBCASE("overlong forms") {
    CHECK(to_valid_utf8("\xE0\x80\xAF") == k_fffd + k_fffd + k_fffd);  // '/' in three bytes
    CHECK(to_valid_utf8("\xF0\x80\x80\xAF") == k_fffd + k_fffd + k_fffd + k_fffd);
    CHECK_FALSE(is_valid_utf8("\xC1\xBF"));
  }
  SUBCASE("UTF-16 surrogates") {
    CHECK(to_valid_utf8("\xED\xA0\x80") == k_fffd + k_fffd + k_fffd);  // U+D800
    CHECK(to_valid_utf8("\xED\xBF\xBF") == k_fffd + k_fffd + k_fffd);  // U+DFFF
  }
  SUBCASE("above U+10FFFF") {
    CHECK(to_valid_utf8("\xF4\x90\x80\x80") == k_fffd + k_fffd + k_fffd + k_fffd);
    CHECK(to_valid_utf8("\xF5\x80\x80\x80") == k_fffd + k_fffd + k_fffd + k_fffd);
  }
  CHECK(is_valid_utf8(to_valid_utf8("\xFF\xE2\x82\xED\xA0\x80\xF4\x90\xC0")));
}

TEST_CASE("escape_controls: nothing reaches a terminal that drives it") {
  SUBCASE("ESC sequences: clear screen, OSC window title") {
    CHECK(escape_controls("\x1b[2Jowned") == "\\x1b[2Jowned");
    CHECK(escape_controls("\x1b]0;pwned\x07") == "\\x1b]0;pwned\\x07");
  }
  SUBCASE("other C0 controls, newline and tab included, and DEL") {
    CHECK(escape_controls("a\nb\rc\td") == "a\\x0ab\\x0dc\\x09d");
    CHECK(escape_controls("x\x7fy") == "x\\x7fy");
    CHECK(escape_controls("\0"s) == "\\x00");
  }
  SUBCASE("C1 controls: U+009B is CSI, U+009D OSC") {
    CHECK(escape_controls("\xC2\x9B"
                          "2J") == "\\u009b2J");
    CHECK(escape_controls("\xC2\x9D"
                          "0;t\xC2\x9C") == "\\u009d0;t\\u009c");
    CHECK(escape_controls("\xC2\xA0") == "\xC2\xA0");  // U+00A0 is printable
  }
  SUBCASE("bidirectional overrides") {
    CHECK(escape_controls("evil\xE2\x80\xAEgpj.exe") == "evil\\u202egpj.exe");
    CHECK(escape_controls("\xE2\x81\xA6x\xE2\x81\xA9") == "\\u2066x\\u2069");
  }
  SUBCASE("ill-formed input is replaced first, printable text kept") {
    CHECK(escape_controls("\xFF\x1b") == k_fffd + "\\x1b");
    CHECK(escape_controls("CN=M\xC3\xBCller") == "CN=M\xC3\xBCller");
  }
}

TEST_CASE("truncate_display: long values end with an ellipsis and their length") {
  CHECK(truncate_display("short") == "short");
  CHECK(truncate_display(std::string(200, 'a')) == std::string(200, 'a'));
  CHECK(truncate_display(std::string(61440, 'a')) == std::string(200, 'a') + "\xE2\x80\xA6 (61440 bytes)");
  CHECK(truncate_display("abcdef", 3) == "abc\xE2\x80\xA6 (6 bytes)");
  SUBCASE("never inside a character") {
    std::string text = "ab\xE2\x82\xAC\xE2\x82\xAC";  // ab€€
    CHECK(truncate_display(text, 3) == "ab\xE2\x80\xA6 (8 bytes)");
    CHECK(truncate_display(text, 5) == "ab\xE2\x82\xAC\xE2\x80\xA6 (8 bytes)");
    CHECK(is_valid_utf8(truncate_display(text, 4)));
  }
  CHECK(shown("\xFF" + std::string(300, 'x')).size() < 230);
  CHECK(is_valid_utf8(shown("\xFF" + std::string(300, 'x'))));
}
