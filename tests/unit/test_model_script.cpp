// Mixed-script labels (homoglyphs): Unicode TR39 5.2 Highly Restrictive (issue 10, item 18).
#include <adplan/model/script.hpp>

#include <doctest/doctest.h>

using namespace adplan;

TEST_CASE("script_of: the scripts of the blocks") {
  CHECK(script_of(U'a') == Script::Latin);
  CHECK(script_of(U'\u00FC') == Script::Latin);  // ü
  CHECK(script_of(U'\u0430') == Script::Cyrillic);
  CHECK(script_of(U'\u03BF') == Script::Greek);  // ο omicron
  CHECK(script_of(U'\u0585') == Script::Armenian);
  CHECK(script_of(U'\u13A0') == Script::Cherokee);
  CHECK(script_of(U'\u4E2D') == Script::Han);
  CHECK(script_of(U'\u3042') == Script::Hiragana);
  CHECK(script_of(U'7') == Script::Common);
  CHECK(script_of(U'-') == Script::Common);
  CHECK(script_of(U'\u0301') == Script::Common);  // combining acute: Inherited
  CHECK(script_of(U'\u0BA4') == Script::Other);   // Tamil: not named here
}

TEST_CASE("mixed_script: one script per label is fine") {
  CHECK_FALSE(mixed_script("mail"));
  CHECK_FALSE(mixed_script("m\xC3\xBCller"));                                // müller: Latin
  CHECK_FALSE(mixed_script("\xD0\xBF\xD0\xBE\xD1\x87\xD1\x82\xD0\xB0"));     // почта: Cyrillic only
  CHECK_FALSE(mixed_script("\xCE\xB1\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1"));     // αθήνα: Greek only
  CHECK_FALSE(mixed_script("\xD0\xBF\xD0\xBE\xD1\x87\xD1\x82\xD0\xB0-24"));  // digits and hyphen go with any
  CHECK_FALSE(mixed_script("123"));
  // TR39 allows Latin with Han and kana (Japanese), with Han and Hangul (Korean).
  CHECK_FALSE(mixed_script("abc\xE4\xB8\xAD\xE3\x81\x82"));  // abc中あ
  CHECK_FALSE(mixed_script("abc\xED\x95\x9C"));              // abc한
}

TEST_CASE("mixed_script: Latin with Cyrillic, Greek or Armenian letters is named with the odd letters") {
  // mаil with U+0430 CYRILLIC SMALL LETTER A
  auto m = mixed_script("m\xD0\xB0il");
  REQUIRE(m);
  CHECK(*m == "mixes Latin and Cyrillic letters (Cyrillic: \"\xD0\xB0\" U+0430)");
  auto g = mixed_script("g\xCE\xBF\xCE\xBFgle");  // gοοgle with Greek omicrons
  REQUIRE(g);
  CHECK(*g == "mixes Latin and Greek letters (Greek: \"\xCE\xBF\" U+03BF)");
  auto a = mixed_script("g\xD6\x85\xD6\x85gle");  // Armenian օ
  REQUIRE(a);
  CHECK(a->find("Latin and Armenian") != std::string::npos);
  // A mostly Cyrillic label with one Latin letter: the Latin one is the odd letter.
  auto c = mixed_script(
      "\xD0\xBF\xD0\xBE\xD1\x87\xD1\x82"
      "a");  // почтa (Latin a)
  REQUIRE(c);
  CHECK(*c == "mixes Cyrillic and Latin letters (Latin: \"a\" U+0061)");
  CHECK(mixed_script("\xD0\xB0\xCE\xB1"));         // Cyrillic with Greek
  CHECK(mixed_script("abc\xE4\xB8\xAD\xD0\xB0"));  // Latin, Han and Cyrillic
}

TEST_CASE("HostName: the Unicode form and the labels that mix scripts") {
  auto h = HostName::parse("m\xD0\xB0il.contoso.com");
  REQUIRE(h);
  CHECK(h->str() == "xn--mil-6cd.contoso.com");
  CHECK(h->unicode() == "m\xD0\xB0il.contoso.com");
  auto labels = mixed_script_labels(*h);
  REQUIRE(labels.size() == 1);
  CHECK(labels[0] == "\"m\xD0\xB0il\" mixes Latin and Cyrillic letters (Cyrillic: \"\xD0\xB0\" U+0430)");
  auto whole = HostName::parse("\xD0\xBF\xD0\xBE\xD1\x87\xD1\x82\xD0\xB0.contoso.com");  // почта.contoso.com
  REQUIRE(whole);
  CHECK(whole->str().starts_with("xn--"));
  CHECK(mixed_script_labels(*whole).empty());
  CHECK(HostName::parse("mail.contoso.com")->unicode() == "mail.contoso.com");
  CHECK(mixed_script_labels(*HostName::parse("mail.contoso.com")).empty());
}
