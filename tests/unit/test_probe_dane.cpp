// Issue 27: the pure parts of the TLSA look-up (probe/dane.cpp): trust anchor files as the
// validator takes them, and TLSA RDATA in wire form (RFC 6698 2.1).
#include <adplan/probe/internal/dane.hpp>

#include <doctest/doctest.h>

using namespace adplan;

TEST_CASE("trust anchor files: DS and DNSKEY lines, comments dropped, parentheses joined") {
  auto lines = probe::trust_anchor_lines(
      "; a dnssec-keygen key file\n"
      "contoso.com. IN DS 2050 13 2 F85BC839F315539FD0080E9128A4490A9FF342559C08D2912D7E8F5CE2A55129\n"
      "contoso.com. 3600 IN DNSKEY 257 3 13 (\n"
      "   mdsswUyr3DPW132mOi8V9xESWE8jTo0d ; the key\n"
      "   xQjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ== )\n"
      "contoso.com. IN A 192.0.2.1\n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "contoso.com. IN DS 2050 13 2 F85BC839F315539FD0080E9128A4490A9FF342559C08D2912D7E8F5CE2A55129");
  CHECK(lines[1].starts_with("contoso.com. 3600 IN DNSKEY 257 3 13"));
  CHECK(lines[1].find("xQjjnop") != std::string::npos);
  CHECK(lines[1].find(';') == std::string::npos);
  CHECK(probe::trust_anchor_lines("; nothing\n\n").empty());
  CHECK(probe::trust_anchor_lines("example. IN A 192.0.2.1\n").empty());
}

TEST_CASE("TLSA RDATA: usage, selector, matching type, then the data in hex") {
  const unsigned char rdata[] = {3, 1, 1, 0xab, 0x01, 0xff};
  auto r = probe::tlsa_from_rdata(rdata, sizeof rdata);
  REQUIRE(r);
  CHECK(r->str() == "3 1 1 ab01ff");
  CHECK(!probe::tlsa_from_rdata(rdata, 3));
  CHECK(!probe::tlsa_from_rdata(nullptr, 0));
}
