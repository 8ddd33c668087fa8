// Values shown back in messages: quoted, escaped, cut (issue 10, items 4 and 15).
#include <adplan/model/echo.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace adplan;

TEST_CASE("quote_value: short values are quoted as they are") {
  CHECK(quote_value("mail.contoso.com") == "\"mail.contoso.com\"");
  CHECK(quote_value("") == "\"\"");
  CHECK(quote_value("m\xD0\xB0il") == "\"m\xD0\xB0il\"");  // UTF-8 stays
}

TEST_CASE("quote_value: what could break a terminal or the quoting is escaped") {
  CHECK(quote_value("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(quote_value("Site\nA") == "\"Site\\nA\"");
  CHECK(quote_value(std::string("a\0b", 3)) == "\"a\\x00b\"");
  CHECK(quote_value("\x1b[2J") == "\"\\x1b[2J\"");
  CHECK(quote_value("\xff\xfe") == "\"\\xff\\xfe\"");  // not UTF-8
  CHECK(quote_value("\xC2\x9B"
                    "31m") == "\"\\u009b31m\"");                // C1 CSI
  CHECK(quote_value("\xED\xA0\x80") == "\"\\xed\\xa0\\x80\"");  // a surrogate is not UTF-8
}

TEST_CASE("quote_value: a long value is cut and its length given") {
  std::string big(120000, 'a');
  auto q = quote_value(big);
  CHECK(q == "\"" + std::string(k_echo_max, 'a') + "...\" (120000 bytes)");
  CHECK(quote_value(std::string(k_echo_max, 'b')) == "\"" + std::string(k_echo_max, 'b') + "\"");
  // Cut between characters, never inside one: 100 Cyrillic letters of 2 bytes each.
  std::string cyr;
  for (int i = 0; i < 100; ++i) cyr += "\xD0\xB0";
  std::string want = "\"";
  for (std::size_t i = 0; i < k_echo_max; ++i) want += "\xD0\xB0";
  CHECK(quote_value(cyr) == want + "...\" (200 bytes)");
}

TEST_CASE("shorten: long messages keep their start and end") {
  CHECK(shorten("short") == "short");
  std::string msg = "\"" + std::string(120000, 'x') + "\" is not a command";
  auto s = shorten(msg);
  CHECK(s.size() < 500);
  CHECK(s.starts_with("\"xxx"));
  CHECK(s.ends_with("\" is not a command"));
  CHECK(s.find("bytes cut") != std::string::npos);
}

TEST_CASE("utf8_sequence_length: RFC 3629 well-formed sequences only") {
  CHECK(utf8_sequence_length("a") == 1);
  CHECK(utf8_sequence_length("\xC3\xBC") == 2);
  CHECK(utf8_sequence_length("\xE2\x82\xAC") == 3);
  CHECK(utf8_sequence_length("\xF0\x9F\x98\x80") == 4);
  CHECK(utf8_sequence_length("\xC0\xAF") == 0);          // overlong
  CHECK(utf8_sequence_length("\xE0\x80\xAF") == 0);      // overlong
  CHECK(utf8_sequence_length("\xF4\x90\x80\x80") == 0);  // above U+10FFFF
  CHECK(utf8_sequence_length("\xC3") == 0);              // cut short
  CHECK(utf8_sequence_length("") == 0);
}
