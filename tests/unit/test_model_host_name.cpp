#include <adplan/model/host_name.hpp>

#include <doctest/doctest.h>

using adplan::HostName;

TEST_CASE("host names: valid forms are normalised") {
  CHECK(HostName::parse("Mail.Contoso.COM")->str() == "mail.contoso.com");
  CHECK(HostName::parse("mail.contoso.com.")->str() == "mail.contoso.com");
  CHECK(HostName::parse("mail.contoso.com")->fqdn() == "mail.contoso.com.");
  CHECK(HostName::parse("*.contoso.com")->is_wildcard());
  CHECK(HostName::parse("xn--bcher-kva.example")->str() == "xn--bcher-kva.example");
  CHECK(HostName::parse("cas01", true)->str() == "cas01");
}

TEST_CASE("host names: IDNA 2008 converts Unicode to A-labels") {
  CHECK(HostName::parse("bücher.example")->str() == "xn--bcher-kva.example");
  CHECK(HostName::parse("autodiscover.müller.de")->str() == "autodiscover.xn--mller-kva.de");
  // Non-transitional: sharp s stays (IDNA 2008), it is not mapped to "ss" (IDNA 2003).
  CHECK(HostName::parse("faß.de")->str() == "xn--fa-hia.de");
}

TEST_CASE("host names: every invalid class is refused with a reason") {
  SUBCASE("empty") {
    CHECK(HostName::parse("").error().message == "is empty");
  }
  SUBCASE("empty label") {
    CHECK(HostName::parse("cas01..contoso.com").error().message == "empty label");
  }
  SUBCASE("leading dot") {
    CHECK(HostName::parse(".contoso.com").error().message == "empty label");
  }
  SUBCASE("label over 63 octets") {
    CHECK(HostName::parse(std::string(64, 'a') + ".com").error().message.find("longer than 63") != std::string::npos);
    CHECK(HostName::parse(std::string(63, 'a') + ".com").has_value());
  }
  SUBCASE("name over 253 octets") {
    std::string name;
    for (int i = 0; i < 5; ++i) name += std::string(50, 'a') + ".";
    name += "com";  // 258 octets
    CHECK(HostName::parse(name).error().message == "is longer than 253 octets");
  }
  SUBCASE("bad characters") {
    CHECK(HostName::parse("mail_1.contoso.com").error().message.find("'_'") != std::string::npos);
    CHECK(HostName::parse("mail contoso.com").error().message == "contains a space");
    CHECK(HostName::parse("mail.contoso.com;rm").error().message.find("';'") != std::string::npos);
    CHECK(HostName::parse("mail.contoso.com\n").error().message == "contains a control character");
    CHECK(HostName::parse("a'b.contoso.com").error().message.find("'''") != std::string::npos);
    CHECK(HostName::parse("$(calc).contoso.com").has_value() == false);
    CHECK(HostName::parse("mail.contoso.com}").has_value() == false);
  }
  SUBCASE("trailing garbage") {
    CHECK_FALSE(HostName::parse("mail.contoso.com/x").has_value());
    CHECK_FALSE(HostName::parse("mail.contoso.com:443").has_value());
  }
  SUBCASE("hyphens") {
    CHECK(HostName::parse("-mail.contoso.com").error().message.find("hyphen") != std::string::npos);
    CHECK(HostName::parse("ab--cd.contoso.com").error().message.find("positions 3 and 4") != std::string::npos);
  }
  SUBCASE("single label") {
    CHECK(HostName::parse("cas01").error().message.find("single label") != std::string::npos);
  }
  SUBCASE("an IP typed as a host") {
    CHECK(HostName::parse("192.0.2.1").error().message.find("IP address") != std::string::npos);
  }
  SUBCASE("misplaced wildcard") {
    CHECK_FALSE(HostName::parse("mail.*.contoso.com").has_value());
    CHECK_FALSE(HostName::parse("*.com").has_value());
  }
  SUBCASE("invalid IDN") {
    CHECK(HostName::parse("a\xE2\x80\x8D"
                          "b.example")
              .error()
              .message.find("internationalised") != std::string::npos);
  }
}

TEST_CASE("host names: every refusal has the code input.host-name") {
  SUBCASE("empty") {
    CHECK(HostName::parse("").error().code == "input.host-name");
  }
  SUBCASE("empty label") {
    CHECK(HostName::parse("a..contoso.com").error().code == "input.host-name");
  }
  SUBCASE("bad character") {
    CHECK(HostName::parse("mail_1.contoso.com").error().code == "input.host-name");
  }
  SUBCASE("single label") {
    CHECK(HostName::parse("cas01").error().code == "input.host-name");
  }
  SUBCASE("wildcard") {
    CHECK(HostName::parse("*.com").error().code == "input.host-name");
  }
  SUBCASE("an IP") {
    CHECK(HostName::parse("192.0.2.1").error().code == "input.host-name");
  }
  SUBCASE("invalid IDN") {
    CHECK(HostName::parse("a\xE2\x80\x8D"
                          "b.example")
              .error()
              .code == "input.host-name");
  }
  SUBCASE("child") {
    CHECK(HostName::parse("contoso.com")->child("a b").error().code == "input.host-name");
  }
}

TEST_CASE("host names: structure") {
  auto h = *HostName::parse("mail.contoso.com");
  CHECK(h.first_label() == "mail");
  CHECK(h.parent() == "contoso.com");
  CHECK(h.label_count() == 3);
  CHECK(h.is_within(*HostName::parse("contoso.com")));
  CHECK_FALSE(h.is_within(*HostName::parse("toso.com")));
  CHECK(HostName::parse("contoso.com")->child("autodiscover")->str() == "autodiscover.contoso.com");
}

TEST_CASE("internal names per the Public Suffix List (CA/B BR 7.1.2.7.12)") {
  CHECK(adplan::is_internal_name("cas01"));
  CHECK(adplan::is_internal_name("cas01.contoso.local"));
  CHECK(adplan::is_internal_name("server.corp"));
  CHECK(adplan::is_internal_name("host.lan"));
  CHECK(adplan::is_internal_name("x.internal"));
  CHECK_FALSE(adplan::is_internal_name("mail.contoso.com"));
  CHECK_FALSE(adplan::is_internal_name("mail.contoso.co.uk"));
  CHECK(adplan::is_public_suffix("co.uk"));
  CHECK_FALSE(adplan::is_public_suffix("contoso.co.uk"));
}

TEST_CASE("host names: a NUL never cuts a name short (issue 10, item 8)") {
  // libidn2 reads C strings: "mail.evil.com\0ü.contoso.com" was accepted as mail.evil.com.
  auto h = HostName::parse(std::string_view("mail.evil.com\0\xC3\xBC.contoso.com", 28));
  REQUIRE_FALSE(h);
  CHECK(h.error().code == "input.host-name");
  CHECK(h.error().message == "contains a NUL character");
  CHECK_FALSE(HostName::parse(std::string_view("mail.contoso.com\0", 17)));
}

TEST_CASE("host names: parse_host refuses a wildcard where one host is expected (issue 10, item 10)") {
  CHECK(HostName::parse("*.contoso.com"));
  auto h = HostName::parse_host("*.contoso.com");
  REQUIRE_FALSE(h);
  CHECK(h.error().code == "input.host-name");
  CHECK(h.error().message.find("wildcard") != std::string::npos);
  CHECK(HostName::parse_host("mail.contoso.com")->str() == "mail.contoso.com");
}
