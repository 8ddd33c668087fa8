// The tenant list of a run over many domains (verify --domains-file, --shard; the exporter's
// allowed targets): lines, names, shards, and what each name walks.
#include <adplan/verify/tenant_list.hpp>

#include <doctest/doctest.h>
#include <set>

using namespace adplan::verify;

TEST_CASE("tenant list: --domains-file lines") {
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

TEST_CASE("tenant list: --domains-file names are checked at 253 octets in their A-label form") {
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

TEST_CASE("tenant list: --shard partitions, FNV-1a 64") {
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
  CHECK(parse_shard("")->index == 0);  // no --shard: the whole list
  CHECK(parse_shard("")->count == 1);
  CHECK_FALSE(parse_shard("/"));
}

TEST_CASE("tenant list: the walk of a name, and the domains the exporter may probe") {
  CHECK(tenant_walk("contoso.com").domain == "contoso.com");
  CHECK(tenant_walk("contoso.com").email == "autodiscover-check@contoso.com");
  CHECK(tenant_walk("alice@fabrikam.com").domain == "fabrikam.com");
  CHECK(tenant_walk("alice@fabrikam.com").email == "alice@fabrikam.com");
  TenantList list(Shard{});
  list.read("alice@fabrikam.com\nbob@fabrikam.com\ncontoso.com\n", "t.txt");
  CHECK(list.domains() == std::set<std::string, std::less<>>{"contoso.com", "fabrikam.com"});
}

TEST_CASE("tenant list: a bad line keeps its bytes for the message, whatever they are") {
  TenantList list(Shard{});
  list.read("a.example\n\xff\xc2\x9b.example\n\xed\xa0\x80\n", "t.txt");
  REQUIRE(list.bad_lines().size() == 2);
  CHECK(list.bad_lines()[0].field == "t.txt:2");
  CHECK(list.bad_lines()[0].message.find("\xff") != std::string::npos);  // quoted as read: the printers escape
  CHECK(list.bad_lines()[1].field == "t.txt:3");
}
