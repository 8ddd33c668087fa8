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

TEST_CASE("ip addresses: a URL host is read as clients read it, in every spelling") {
  auto host = [](std::string_view text) {
    auto ip = IpAddress::parse_host(text);
    return ip ? ip->str() : std::string("(not an address)");
  };
  // 169.254.169.254, the cloud metadata address, spelled every way inet_aton and curl accept.
  CHECK(host("169.254.169.254") == "169.254.169.254");
  CHECK(host("2852039166") == "169.254.169.254");
  CHECK(host("0xa9fea9fe") == "169.254.169.254");
  CHECK(host("0XA9FEA9FE") == "169.254.169.254");
  CHECK(host("0251.0376.0251.0376") == "169.254.169.254");
  CHECK(host("0xa9.0xfe.0xa9.0xfe") == "169.254.169.254");
  CHECK(host("169.254.43518") == "169.254.169.254");
  CHECK(host("169.16689662") == "169.254.169.254");
  CHECK(host("0251.0xfe.43518") == "169.254.169.254");
  CHECK(host("169.254.169.254.") == "169.254.169.254");
  CHECK(host("[::ffff:169.254.169.254]") == "::ffff:169.254.169.254");
  CHECK(host("::ffff:a9fe:a9fe") == "::ffff:169.254.169.254");
  CHECK(host("[fe80::1]") == "fe80::1");
  CHECK(host("0") == "0.0.0.0");
  CHECK(host("0x") == "0.0.0.0");
  CHECK(host("127.1") == "127.0.0.1");
  SUBCASE("host names and broken forms are not addresses") {
    CHECK(host("mail.contoso.com") == "(not an address)");
    CHECK(host("1.2.3.4.5") == "(not an address)");
    CHECK(host("256.1.1.1") == "(not an address)");
    CHECK(host("1.2.3.256") == "(not an address)");
    CHECK(host("1.2.65536") == "(not an address)");
    CHECK(host("4294967296") == "(not an address)");
    CHECK(host("99999999999999999999999") == "(not an address)");
    CHECK(host("08.1.1.1") == "(not an address)");
    CHECK(host("0xg.1.1.1") == "(not an address)");
    CHECK(host("1..2.3") == "(not an address)");
    CHECK(host("1.2.3.4 x") == "(not an address)");
    CHECK(host("") == "(not an address)");
    CHECK(host("[1.2.3.4]") == "(not an address)");
    CHECK(host("[fe80::1%25eth0]") == "(not an address)");
    CHECK(host("1e2.1.1.1") == "(not an address)");
  }
}

TEST_CASE("ip addresses: forbidden targets for redirects and DNS answers, by range") {
  auto why = [](std::string_view text) {
    auto ip = IpAddress::parse_host(text);
    REQUIRE(ip.has_value());
    auto f = adplan::forbidden_target(*ip);
    return f ? f->range : std::string("allowed");
  };
  CHECK(why("169.254.169.254") == "169.254.0.0/16");
  CHECK(why("2852039166") == "169.254.0.0/16");
  CHECK(why("0xa9fea9fe") == "169.254.0.0/16");
  CHECK(why("0251.0376.0251.0376") == "169.254.0.0/16");
  CHECK(why("169.254.43518") == "169.254.0.0/16");
  CHECK(why("::ffff:169.254.169.254") == "169.254.0.0/16");
  CHECK(why("::169.254.169.254") == "169.254.0.0/16");
  CHECK(why("64:ff9b::169.254.169.254") == "169.254.0.0/16");
  CHECK(why("fe80::1") == "fe80::/10");
  CHECK(why("febf::1") == "fe80::/10");
  CHECK(why("0.0.0.0") == "0.0.0.0/8");
  CHECK(why("0") == "0.0.0.0/8");
  CHECK(why("0.1.2.3") == "0.0.0.0/8");
  CHECK(why("::") == "::/128");
  CHECK(why("::ffff:0.0.0.0") == "0.0.0.0/8");
  CHECK(why("224.0.0.1") == "224.0.0.0/4");
  CHECK(why("239.255.255.250") == "224.0.0.0/4");
  CHECK(why("ff02::1") == "ff00::/8");
  CHECK(why("255.255.255.255") == "255.255.255.255/32");
  CHECK(why("4294967295") == "255.255.255.255/32");
  CHECK(why("fd00:ec2::254") == "fd00:ec2::254/128");
  CHECK(why("100.100.100.200") == "100.100.100.200/32");
  SUBCASE("loopback, private and public ranges stay allowed") {
    for (auto ok : {"127.0.0.1", "127.0.0.2", "2130706433", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                    "8.8.8.8", "::1", "::ffff:127.0.0.1", "fd00::1", "2a00:1450::1", "169.253.255.255", "169.255.0.0",
                    "223.255.255.255", "fec0::1"}) {
      CAPTURE(ok);
      CHECK(why(ok) == "allowed");
    }
  }
  SUBCASE("the reason names what lives there") {
    auto f = adplan::forbidden_target(*IpAddress::parse_host("169.254.169.254"));
    REQUIRE(f.has_value());
    CHECK(f->why.find("cloud metadata") != std::string::npos);
  }
}
