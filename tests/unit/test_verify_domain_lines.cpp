// A --domains-file's lines (issue 21): split from text, bounded per line, numbered.
#include <adplan/verify/domain_lines.hpp>

#include <doctest/doctest.h>

using namespace adplan::verify;

TEST_CASE("domains file: comments, blanks and spaces") {
  auto r = split_domain_lines("a.example\r\n# comment\n\n  b.example  # trailing\n\tc.example", "t.txt");
  REQUIRE(r.lines.size() == 3);
  CHECK(r.lines[0].number == 1);
  CHECK(r.lines[0].text == "a.example");
  CHECK(r.lines[1].number == 4);
  CHECK(r.lines[1].text == "b.example");
  CHECK(r.lines[2].number == 5);
  CHECK(r.lines[2].text == "c.example");
  CHECK(r.bad.empty());
}

TEST_CASE("domains file: a line over 1 KiB is a bad line with its number, the rest still read") {
  std::string text = "a.example\n" + std::string(k_max_domains_line + 1, 'x') + "\nb.example\n";
  auto r = split_domain_lines(text, "t.txt");
  REQUIRE(r.lines.size() == 2);
  CHECK(r.lines[1].number == 3);
  REQUIRE(r.bad.size() == 1);
  CHECK(r.bad[0].field == "t.txt:2");
  CHECK(r.bad[0].code == "input.domains-file");
  CHECK(r.bad[0].message.find("1024") != std::string::npos);
  SUBCASE("exactly the limit is a line") {
    auto ok = split_domain_lines(std::string(k_max_domains_line, 'y'), "t.txt");
    CHECK(ok.lines.size() == 1);
    CHECK(ok.bad.empty());
  }
}

TEST_CASE("domains file: NULs make a bad line, never a cut name") {
  using namespace std::string_literals;
  auto r = split_domain_lines("evil.example\0.contoso.com\n"s + std::string(4096, '\0'), "t.txt");
  CHECK(r.lines.empty());
  REQUIRE(r.bad.size() == 2);
  CHECK(r.bad[0].field == "t.txt:1");
  CHECK(r.bad[1].field == "t.txt:2");
}

TEST_CASE("domains file: nothing but comments gives no line") {
  auto r = split_domain_lines("# a\n\n   \n#b", "t.txt");
  CHECK(r.lines.empty());
  CHECK(r.bad.empty());
}

TEST_CASE("domains file: why it could not be read, as the usage error with the fix that fits") {
  auto big = domains_file_error({"io.too-large", "x", "is larger than 512 MiB", ""}, "t.txt");
  CHECK(big.code == "usage.domains-file");
  CHECK(big.field == "--domains-file");
  CHECK(big.message == "\"t.txt\" is larger than 512 MiB");
  CHECK(big.hint.find("--shard") != std::string::npos);
  auto slow = domains_file_error({"io.timeout", "x", "did not end", ""}, "-");
  CHECK(slow.message == "standard input did not end");
  CHECK(slow.hint.find("--timeout") != std::string::npos);
  auto missing = domains_file_error({"io.read", "x", "cannot be read", ""}, "t.txt");
  CHECK(missing.hint.find("regular file") != std::string::npos);
}
