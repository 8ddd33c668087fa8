// URL handling shared by probe and judge: parsing, Location resolution, the Autodiscover path rule.
#include <adplan/observe/srv_order.hpp>
#include <adplan/observe/url.hpp>

#include <doctest/doctest.h>

using namespace adplan::observe;

TEST_CASE("probe url: parse") {
  auto u = parse_url("HTTPS://Mail.Contoso.com./Autodiscover/Autodiscover.xml");
  REQUIRE(u);
  CHECK(u->scheme == "https");
  CHECK(u->host == "mail.contoso.com");
  CHECK(u->port == 443);
  CHECK(u->path == "/Autodiscover/Autodiscover.xml");
  CHECK(u->str() == "https://mail.contoso.com/Autodiscover/Autodiscover.xml");
  auto p = parse_url("http://[::1]:8080");
  REQUIRE(p);
  CHECK(p->host == "::1");
  CHECK(p->port == 8080);
  CHECK(p->str() == "http://[::1]:8080/");
  SUBCASE("rejected") {
    CHECK_FALSE(parse_url("ftp://x/"));
    CHECK_FALSE(parse_url("mail.contoso.com/autodiscover"));
    CHECK_FALSE(parse_url("https://user@host/"));
    CHECK_FALSE(parse_url("https://host:0/"));
    CHECK_FALSE(parse_url("https://host:99999/"));
    CHECK_FALSE(parse_url("https:///path"));
  }
}

TEST_CASE("probe url: Location resolution and the Autodiscover path") {
  auto base = *parse_url("http://autodiscover.contoso.com/autodiscover/autodiscover.xml");
  CHECK(resolve_location(base, "https://mail.contoso.com/autodiscover/autodiscover.xml")->host == "mail.contoso.com");
  CHECK(resolve_location(base, "/other")->str() == "http://autodiscover.contoso.com/other");
  CHECK(resolve_location(base, "//mail.contoso.com/x")->str() == "http://mail.contoso.com/x");
  CHECK_FALSE(resolve_location(base, "relative/path"));
  CHECK(is_autodiscover_path("/AutoDiscover/AutoDiscover.XML"));
  CHECK_FALSE(is_autodiscover_path("/autodiscover/autodiscover.xml/x"));
  CHECK(same_url("https://MAIL.contoso.com:443/EWS/Exchange.asmx", "https://mail.contoso.com/ews/exchange.asmx"));
  CHECK_FALSE(same_url("https://mail.contoso.com/EWS/Exchange.asmx", "https://cas01.contoso.com/EWS/Exchange.asmx"));
}

TEST_CASE("probe srv: RFC 2782 order, lowest priority first, heavier weight first among equals") {
  std::vector<SrvRecord> r{
      {10, 0, 443, "c.example"}, {0, 10, 443, "b.example"}, {0, 60, 443, "a2.example"}, {0, 60, 443, "a1.example"}};
  order_srv(r);
  CHECK(r[0].target == "a1.example");
  CHECK(r[1].target == "a2.example");
  CHECK(r[2].target == "b.example");
  CHECK(r[3].target == "c.example");
}
