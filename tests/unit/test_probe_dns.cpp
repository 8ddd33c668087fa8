// The DNS piece of the probe: which server to ask.
#include <adplan/probe/internal/dns.hpp>

#include <doctest/doctest.h>

using namespace adplan::probe;

TEST_CASE("probe dns: --dns-server IP[:PORT]") {
  CHECK(parse_dns_server("127.0.0.1")->str() == "127.0.0.1:53");
  CHECK(parse_dns_server("127.0.0.1:5353")->port == 5353);
  CHECK(parse_dns_server("::1")->str() == "[::1]:53");
  CHECK(parse_dns_server("[::1]:5353")->str() == "[::1]:5353");
  CHECK_FALSE(parse_dns_server("ns1.contoso.com"));
  CHECK_FALSE(parse_dns_server("127.0.0.1:0"));
  CHECK_FALSE(parse_dns_server("127.0.0.1:x"));
  CHECK(parse_dns_server("300.1.1.1").error().message.find("300.1.1.1") != std::string::npos);
  SUBCASE("errors have the code input.dns-server and name the field") {
    CHECK(parse_dns_server("ns1.contoso.com").error().code == "input.dns-server");
    CHECK(parse_dns_server("127.0.0.1:0").error().code == "input.dns-server");
    CHECK(parse_dns_server("[::1").error().code == "input.dns-server");
    CHECK(parse_dns_server("[::1]x").error().field == "dns_server");
  }
}
