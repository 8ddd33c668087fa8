#include <adplan/pki/tls_name.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace adplan;

namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::filesystem::path(ADPLAN_SOURCE_DIR) / "tests/fixtures/pki" / name);
  std::stringstream s;
  s << in.rdbuf();
  REQUIRE_FALSE(s.str().empty());
  return s.str();
}

DnAttribute at(const char* oid, const char* value) {
  return {oid, value};
}

}  // namespace

TEST_CASE("TlsCertificateName: Microsoft's Set-HybridConfiguration example, from an OpenSSL-made certificate") {
  // Set-HybridConfiguration, example: -TlsCertificateName "<I>CN=A. Datum Corporation CA-3,
  // OU=www.adatum.com, O=A.Datum Corp, C=US<S>CN=mail.contoso.com, O=Barbara Zighetti, L=Seattle, S=WA, C=US"
  auto name = tls_certificate_name(fixture("adatum-leaf.crt"), "adatum-leaf.crt");
  REQUIRE(name.has_value());
  CHECK(*name ==
        "<I>CN=A. Datum Corporation CA-3, OU=www.adatum.com, O=A.Datum Corp, C=US"
        "<S>CN=mail.contoso.com, O=Barbara Zighetti, L=Seattle, S=WA, C=US");
}

TEST_CASE("TlsCertificateName: a certificate from an openssl CA named /C=US/O=Let's Encrypt/CN=R11") {
  auto name = tls_certificate_name(fixture("r11-leaf.crt"), "r11-leaf.crt");
  REQUIRE(name.has_value());
  CHECK(*name == "<I>CN=R11, O=Let's Encrypt, C=US<S>CN=mail.contoso.com");
  // The CA certificate itself: issuer and subject are the same name.
  auto ca = tls_certificate_name(fixture("r11-ca.crt"), "r11-ca.crt");
  REQUIRE(ca.has_value());
  CHECK(*ca == "<I>CN=R11, O=Let's Encrypt, C=US<S>CN=R11, O=Let's Encrypt, C=US");
}

TEST_CASE("TlsCertificateName: not a certificate") {
  auto name = tls_certificate_name("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n", "x.crt");
  REQUIRE_FALSE(name.has_value());
  CHECK(name.error().field == "x.crt");
  CHECK(name.error().code == "input.certificate");
}

TEST_CASE("windows_distinguished_name: CertNameToStr's quoting, key names and multi-valued RDNs") {
  SUBCASE("a comma, a quote, a leading space and an empty value are quoted; inner quotes doubled") {
    std::vector<Rdn> rdns{{at("2.5.4.6", "US")},
                          {at("2.5.4.10", "Contoso, Ltd")},
                          {at("2.5.4.11", "the \"mail\" team")},
                          {at("2.5.4.7", " Redmond")},
                          {at("2.5.4.12", "")},
                          {at("2.5.4.3", "mail.contoso.com")}};
    CHECK(windows_distinguished_name(rdns) ==
          "CN=mail.contoso.com, T=\"\", L=\" Redmond\", OU=\"the \"\"mail\"\" team\", O=\"Contoso, Ltd\", C=US");
  }
  SUBCASE("+ = < > # ; are quoted too; a value with inner spaces or an apostrophe is not") {
    for (const char* v : {"a+b", "a=b", "a<b", "a>b", "#1", "a;b"}) {
      CHECK(windows_distinguished_name({{at("2.5.4.10", v)}}) == "O=\"" + std::string(v) + "\"");
    }
    CHECK(windows_distinguished_name({{at("2.5.4.10", "Let's  Encrypt")}}) == "O=Let's  Encrypt");
  }
  SUBCASE("Windows key names: S for the state, E for e-mail, DC; unknown OIDs with OID.") {
    std::vector<Rdn> rdns{{at("0.9.2342.19200300.100.1.25", "com")},
                          {at("2.5.4.8", "WA")},
                          {at("1.2.840.113549.1.9.1", "pki@contoso.com")},
                          {at("2.5.4.97", "VATUS-1234")}};
    CHECK(windows_distinguished_name(rdns) == "OID.2.5.4.97=VATUS-1234, E=pki@contoso.com, S=WA, DC=com");
  }
  SUBCASE("a multi-valued RDN keeps its attributes in order, joined by ' + '") {
    std::vector<Rdn> rdns{{at("2.5.4.6", "US")}, {at("2.5.4.3", "mail"), at("2.5.4.11", "IT")}};
    CHECK(windows_distinguished_name(rdns) == "CN=mail + OU=IT, C=US");
  }
  CHECK(exchange_tls_certificate_name({{at("2.5.4.3", "R11")}}, {{at("2.5.4.3", "a.b")}}) == "<I>CN=R11<S>CN=a.b");
}
