#include <adplan/scp/ldap_policy.hpp>

#include <doctest/doctest.h>

using namespace adplan;

namespace {

FirstDirectory first(std::string_view uri, bool start_tls, bool credentials, std::vector<std::string> trusted = {}) {
  auto u = parse_ldap_uri(uri);
  REQUIRE(u);
  return {*u, transport_of(*u, start_tls), credentials, std::move(trusted)};
}

}  // namespace

TEST_CASE("ldap policy: one URI with a host") {
  auto u = parse_ldap_uri("LDAPS://DC1.Contoso.COM.:3269/cn=Configuration");
  REQUIRE(u);
  CHECK(u->ldaps);
  CHECK(u->host == "dc1.contoso.com");
  CHECK(u->port == 3269);
  CHECK(u->str() == "ldaps://dc1.contoso.com:3269/");
  auto v6 = parse_ldap_uri("ldap://[::1]:389");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->str() == "ldap://[::1]:389/");
  CHECK(parse_ldap_uri("ldap://127.0.0.77")->str() == "ldap://127.0.0.77/");
  SUBCASE("refused") {
    for (std::string_view bad :
         {"http://dc1/", "ldap:///", "ldap://", "ldap://a/ ldap://b/", "ldap://a,ldap://b", "ldap://user@dc1/",
          "ldap://dc1:0/", "ldap://dc1:65536/", "ldap://dc1:/", "ldap://dc1:38x9/", "ldap://::1/", "ldap://[dc1]/",
          "ldap://dc1\t/", "ldaps://dc%31/"}) {
      CAPTURE(bad);
      auto r = parse_ldap_uri(bad);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == "input.ldap-uri");
    }
  }
}

TEST_CASE("ldap policy: loopback hosts") {
  for (std::string_view h : {"127.0.0.1", "127.0.0.77", "127.255.255.254", "::1", "[::1]", "localhost", "LOCALHOST."})
    CHECK_MESSAGE(is_loopback_host(h), h);
  for (std::string_view h :
       {"dc1.contoso.com", "10.0.0.1", "128.0.0.1", "::2", "localhost.contoso.com", "127.1", "0.0.0.0", "localhostx"})
    CHECK_FALSE_MESSAGE(is_loopback_host(h), h);
}

TEST_CASE("ldap policy: a simple bind over cleartext needs --allow-cleartext-bind, loopback excepted") {
  auto remote = *parse_ldap_uri("ldap://dc1.contoso.com/");
  auto r = check_cleartext_bind(remote, false, true, false);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "usage.cleartext-bind");
  CHECK(r.error().field == "--bind-dn");
  CHECK(r.error().message ==
        "a simple bind over cleartext ldap://dc1.contoso.com/ would send the bind DN and password unencrypted to "
        "dc1.contoso.com");
  CHECK(r.error().hint ==
        "use ldaps://dc1.contoso.com/ or --starttls (with --ca-file), or accept the risk with --allow-cleartext-bind");
  CHECK(check_cleartext_bind(remote, false, true, true) == true);     // allowed: warn and record
  CHECK(check_cleartext_bind(remote, true, true, false) == false);    // StartTLS
  CHECK(check_cleartext_bind(remote, false, false, false) == false);  // anonymous
  CHECK(check_cleartext_bind(*parse_ldap_uri("ldaps://dc1.contoso.com/"), false, true, false) == false);
  CHECK(check_cleartext_bind(*parse_ldap_uri("ldap://127.0.0.5/"), false, true, false) == false);
  CHECK(check_cleartext_bind(*parse_ldap_uri("ldap://[::1]/"), false, true, false) == false);
  CHECK(check_cleartext_bind(*parse_ldap_uri("ldap://localhost:3389/"), false, true, false) == false);
  CHECK_FALSE(check_cleartext_bind(*parse_ldap_uri("ldap://10.1.2.3/"), false, true, false));
}

TEST_CASE("ldap policy: the forest is the first host's parent domain") {
  CHECK(forest_suffix("dc1.contoso.com") == "contoso.com");
  CHECK(forest_suffix("dc1.emea.contoso.local") == "emea.contoso.local");
  CHECK_FALSE(forest_suffix("contoso.com"));    // parent "com"
  CHECK_FALSE(forest_suffix("contoso.co.uk"));  // parent "co.uk", a public suffix
  CHECK_FALSE(forest_suffix("dc1"));
  CHECK_FALSE(forest_suffix("127.0.0.1"));
  CHECK(same_forest("dc1.contoso.com", "dc2.contoso.com"));
  CHECK(same_forest("dc1.contoso.com", "DC9.Emea.Contoso.com."));
  CHECK_FALSE(same_forest("dc1.emea.contoso.com", "dc2.contoso.com"));  // above the suffix
  CHECK_FALSE(same_forest("dc1.contoso.com", "contoso.com"));
  CHECK_FALSE(same_forest("dc1.contoso.com", "dc1.fabrikam.com"));
  CHECK_FALSE(same_forest("dc1.contoso.com", "dc1.evilcontoso.com"));
  CHECK_FALSE(same_forest("dc1.contoso.com", "contoso.com.evil.net"));
  CHECK_FALSE(same_forest("dc1.contoso.com", "127.0.0.77"));
  CHECK_FALSE(same_forest("127.0.0.1", "127.0.0.77"));
}

TEST_CASE("ldap policy: a pointer is asked with the first directory's transport security") {
  SUBCASE("LDAPS stays LDAPS, on the pointer's port") {
    auto d = decide_pointer(first("ldaps://dc1.contoso.com/", false, false), "LDAP://dc2.fabrikam.com");
    CHECK(d.access == PointerAccess::Anonymous);
    CHECK(d.uri == "ldaps://dc2.fabrikam.com/");
    CHECK_FALSE(d.start_tls);
    CHECK(d.transport == LdapTransport::Ldaps);
    CHECK(decide_pointer(first("ldaps://dc1.contoso.com/", false, false), "LDAP://dc2:3389").uri ==
          "ldaps://dc2:3389/");
  }
  SUBCASE("StartTLS stays StartTLS; an LDAPS pointer keeps LDAPS") {
    auto d = decide_pointer(first("ldap://dc1.contoso.com/", true, false), "LDAP://127.0.0.77");
    CHECK(d.uri == "ldap://127.0.0.77/");
    CHECK(d.start_tls);
    CHECK(d.transport == LdapTransport::StartTls);
    auto s = decide_pointer(first("ldap://dc1.contoso.com/", true, false), "LDAPS://dc2.contoso.com");
    CHECK(s.uri == "ldaps://dc2.contoso.com/");
    CHECK_FALSE(s.start_tls);
  }
  SUBCASE("cleartext: as the pointer names it") {
    auto d = decide_pointer(first("ldap://127.0.0.1/", false, false), "LDAP://127.0.0.1:3389");
    CHECK(d.access == PointerAccess::Anonymous);
    CHECK(d.uri == "ldap://127.0.0.1:3389/");
    CHECK(d.reason.empty());  // nothing withheld: no credentials given
  }
}

TEST_CASE("ldap policy: credentials go to a pointer only over TLS and inside the forest or --ldap-trust") {
  struct Case {
    std::string_view first_uri;
    bool start_tls;
    std::vector<std::string> trusted;
    std::string_view pointer;
    PointerAccess access;
    std::string_view reason;
  };
  const Case cases[] = {
      {"ldaps://dc1.contoso.com/", false, {}, "LDAP://dc2.contoso.com", PointerAccess::Bind, ""},
      {"ldap://dc1.contoso.com/", true, {}, "LDAP://dc3.emea.contoso.com", PointerAccess::Bind, ""},
      {"ldaps://dc1.contoso.com/",
       false,
       {},
       "LDAP://dc1.fabrikam.com",
       PointerAccess::Anonymous,
       "dc1.fabrikam.com is not listed with --ldap-trust and not in the first directory's forest (contoso.com)"},
      {"ldaps://dc1.contoso.com/", false, {"DC1.Fabrikam.com"}, "LDAP://dc1.fabrikam.com", PointerAccess::Bind, ""},
      {"ldaps://127.0.0.1:3636/",
       false,
       {},
       "LDAP://127.0.0.77",
       PointerAccess::Anonymous,
       "127.0.0.77 is not listed with --ldap-trust and the first directory's host 127.0.0.1 implies no forest (an "
       "IP address, a single label or a name right under a public suffix)"},
      {"ldap://127.0.0.1/", true, {"127.0.0.77"}, "LDAP://127.0.0.77", PointerAccess::Bind, ""},
      // Trusted or in the forest, but no TLS: still no credentials.
      {"ldap://127.0.0.1/",
       false,
       {"127.0.0.77"},
       "LDAP://127.0.0.77",
       PointerAccess::Anonymous,
       "credentials go to a pointed-to directory only over TLS, and ldap://127.0.0.77/ is asked in cleartext (as the "
       "first directory, ldap:// without --starttls)"},
      {"ldap://dc1.contoso.com/",
       false,
       {},
       "LDAP://dc2.contoso.com",
       PointerAccess::Anonymous,
       "credentials go to a pointed-to directory only over TLS, and ldap://dc2.contoso.com/ is asked in cleartext (as "
       "the first directory, ldap:// without --starttls)"},
      // The cloud metadata address and friends: not followed at all.
      {"ldaps://dc1.contoso.com/",
       false,
       {"169.254.169.254"},
       "LDAP://169.254.169.254",
       PointerAccess::Refuse,
       "169.254.169.254 is a link-local, unspecified, multicast or reserved address, where no directory lives"},
      {"ldaps://dc1.contoso.com/",
       false,
       {},
       "LDAP://0.0.0.0",
       PointerAccess::Refuse,
       "0.0.0.0 is a link-local, unspecified, multicast or reserved address, where no directory lives"},
      {"ldaps://dc1.contoso.com/",
       false,
       {},
       "LDAP://dc2 ldap://evil",
       PointerAccess::Refuse,
       "the pointer's serviceBindingInformation is not one LDAP URI: \"LDAP://dc2 ldap://evil\" holds a space, a "
       "comma or a control character (one URI only)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.first_uri);
    CAPTURE(c.pointer);
    auto d = decide_pointer(first(c.first_uri, c.start_tls, true, c.trusted), c.pointer);
    CHECK(to_string(d.access) == to_string(c.access));
    CHECK(d.reason == c.reason);
  }
}

TEST_CASE("ldap flags: --ldap, --ldap-trust and a cleartext bind checked before any connection") {
  std::vector<std::string> trusted{"DC1.Fabrikam.COM", "[::1]", "not a host"};
  Errors errors;
  auto warning = check_ldap_flags("ldap://dc1.contoso.com", trusted, false, true, true, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "usage.ldap-trust");
  CHECK(trusted[0] == "dc1.fabrikam.com");
  CHECK(trusted[1] == "::1");
  REQUIRE(warning);  // allowed by --allow-cleartext-bind: a warning to print
  CHECK(warning->field == "--allow-cleartext-bind");
  std::vector<std::string> none;
  Errors refused;
  CHECK_FALSE(check_ldap_flags("ldap://dc1.contoso.com", none, false, true, false, refused));
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].code == "usage.cleartext-bind");
  Errors bad_uri;
  CHECK_FALSE(check_ldap_flags("http://x", none, false, false, false, bad_uri));
  REQUIRE(bad_uri.size() == 1);
  CHECK(bad_uri[0].field == "--ldap");
  Errors fine;
  CHECK_FALSE(check_ldap_flags("ldaps://dc1.contoso.com", none, false, true, false, fine));
  CHECK(fine.empty());
}
