#include "prom_text.hpp"
#include "verify_bulk_flags.hpp"

#include <doctest/doctest.h>
#include <set>
#include <sstream>

using namespace adplan::cli;

TEST_CASE("bulk: --domains-file lines") {
  TenantList list(Shard{});
  list.read("a.example\n# comment\n\n  B.Example  # trailing\nnot..valid\nuser@c.example\na.example\n", "t.txt");
  CHECK(std::vector<std::string>(list.names().begin(), list.names().end()) ==
        std::vector<std::string>{"a.example", "b.example", "user@c.example"});
  REQUIRE(list.bad_lines().size() == 1);
  CHECK(list.bad_lines()[0].field == "t.txt:5");
  CHECK(list.bad_lines()[0].code == "input.domains-file");
  CHECK(list.bad_lines()[0].message.find("not..valid") != std::string::npos);
  CHECK(list.duplicates() == 1);
  CHECK(list.read_names() == 4);
}

TEST_CASE("bulk: --domains-file names are checked at 253 octets in their A-label form") {
  // 60 two-octet letters a label: 120 octets of UTF-8, far fewer as an A-label ("xn--" + 63).
  std::string label;
  for (int i = 0; i < 30; ++i) label += "\xc3\xa9";                  // é
  std::string idn = label + "." + label + "." + label + ".example";  // 3 * 60 + 8 = 188 octets of UTF-8
  TenantList ok(Shard{});
  ok.read(idn + "\n", "t.txt");
  CHECK(ok.bad_lines().empty());
  CHECK(ok.names().size() == 1);
  std::string long_name;
  for (int i = 0; i < 5; ++i) long_name += std::string(60, 'a') + ".";
  long_name += "example";  // 312 octets
  TenantList bad(Shard{});
  bad.read("a.example\n" + long_name + "\n", "t.txt");
  REQUIRE(bad.bad_lines().size() == 1);
  CHECK(bad.bad_lines()[0].field == "t.txt:2");
  CHECK(bad.bad_lines()[0].message.find("253") != std::string::npos);
}

TEST_CASE("bulk: --shard partitions, FNV-1a 64") {
  CHECK(fnv1a64("") == 14695981039346656037ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);  // the published FNV-1a 64 test vector
  std::set<std::string> all;
  std::size_t total = 0;
  for (std::uint64_t i = 0; i < 3; ++i) {
    TenantList list(Shard{i, 3});
    for (int n = 0; n < 300; ++n) list.add("t" + std::to_string(n) + ".example");
    total += list.names().size();
    all.insert(list.names().begin(), list.names().end());
    CHECK(list.names().size() > 50);
  }
  CHECK(total == 300);
  CHECK(all.size() == 300);
  CHECK_FALSE(parse_shard("3/3"));
  CHECK_FALSE(parse_shard("1/0"));
  CHECK_FALSE(parse_shard("x/2"));
  CHECK(parse_shard("2/4")->index == 2);
}

TEST_CASE("exporter: the text format") {  // requests: test_serve_http_request.cpp
  CHECK(prom_escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  std::ostringstream m;
  prom_sample(m, "x", {{"l", "v\n"}}, 1.5);
  CHECK(m.str() == "x{l=\"v\\n\"} 1.5\n");
}
