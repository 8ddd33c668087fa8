#include <adplan/model/ip_address.hpp>

#include <doctest/doctest.h>

using adplan::IpAddress;
using adplan::IpScope;

TEST_CASE("ip addresses: parsing") {
  CHECK(IpAddress::parse("192.0.2.10")->str() == "192.0.2.10");
  CHECK(IpAddress::parse("2001:DB8::1")->str() == "2001:db8::1");
  CHECK(IpAddress::parse("2001:db8::1")->record_type() == "AAAA");
  CHECK(IpAddress::parse("2001:db8::1")->url_host() == "[2001:db8::1]");
  SUBCASE("bad forms") {
    CHECK_FALSE(IpAddress::parse("").has_value());
    CHECK_FALSE(IpAddress::parse("300.1.1.1").has_value());
    CHECK_FALSE(IpAddress::parse("1.2.3").has_value());
    CHECK_FALSE(IpAddress::parse("1.2.3.4.5").has_value());
    CHECK_FALSE(IpAddress::parse("010.0.0.1").has_value());
    CHECK_FALSE(IpAddress::parse("1.2.3.4 ").has_value());
    CHECK_FALSE(IpAddress::parse("mail.contoso.com").has_value());
    CHECK_FALSE(IpAddress::parse("::g").has_value());
  }
}

TEST_CASE("ip addresses: every refusal has the code input.ip-address") {
  SUBCASE("empty") {
    CHECK(IpAddress::parse("").error().code == "input.ip-address");
  }
  SUBCASE("too long") {
    CHECK(IpAddress::parse(std::string(46, '1')).error().code == "input.ip-address");
  }
  SUBCASE("bad IPv4") {
    CHECK(IpAddress::parse("300.1.1.1").error().code == "input.ip-address");
  }
  SUBCASE("leading zero") {
    CHECK(IpAddress::parse("010.0.0.1").error().code == "input.ip-address");
  }
  SUBCASE("bad IPv6") {
    CHECK(IpAddress::parse("::g").error().code == "input.ip-address");
  }
}

TEST_CASE("ip addresses: scopes") {
  CHECK(IpAddress::parse("10.1.2.3")->scope() == IpScope::Private);
  CHECK(IpAddress::parse("172.16.0.1")->scope() == IpScope::Private);
  CHECK(IpAddress::parse("172.32.0.1")->scope() == IpScope::Public);
  CHECK(IpAddress::parse("192.168.1.1")->scope() == IpScope::Private);
  CHECK(IpAddress::parse("127.0.0.2")->scope() == IpScope::Loopback);
  CHECK(IpAddress::parse("203.0.113.10")->scope() == IpScope::Documentation);
  CHECK(IpAddress::parse("100.64.0.1")->scope() == IpScope::SharedCgnat);
  CHECK(IpAddress::parse("240.0.0.1")->scope() == IpScope::Reserved);
  CHECK(IpAddress::parse("8.8.8.8")->scope() == IpScope::Public);
  CHECK(IpAddress::parse("::1")->scope() == IpScope::Loopback);
  CHECK(IpAddress::parse("fd00::1")->scope() == IpScope::Private);
  CHECK(IpAddress::parse("2001:db8::1")->scope() == IpScope::Documentation);
  CHECK(IpAddress::parse("2a00:1450::1")->scope() == IpScope::Public);
}
