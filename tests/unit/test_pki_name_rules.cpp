#include <adplan/pki/name_rules.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace adplan;

namespace {

const Finding* find(const std::vector<Finding>& fs, std::string_view id) {
  auto it = std::ranges::find(fs, id, &Finding::id);
  return it == fs.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("name rules: a clean public request has no findings") {
  RequestedNames n{"mail.contoso.com", {"mail.contoso.com", "autodiscover.contoso.com"}, {}};
  CHECK(check_names(n, CertificateSource::Public).empty());
  CHECK(check_key(key_facts(KeySpec{}), "x", CertificateSource::Public).empty());
}

TEST_CASE("name rules: internal names (BR 4.2.2, 7.1.2.7.12)") {
  RequestedNames n{"mail.contoso.com", {"mail.contoso.com", "cas01.contoso.local", "cas01"}, {}};
  SUBCASE("errors for a public CA") {
    auto fs = check_names(n, CertificateSource::Public);
    REQUIRE(fs.size() == 2);
    for (const auto& f : fs) {
      CHECK(f.id == "csr.internal-name");
      CHECK(f.severity == Severity::Error);
      CHECK(f.message.find("7.1.2.7.12") != std::string::npos);
    }
    CHECK(fs[0].subject == "cas01.contoso.local");
    CHECK(fs[1].subject == "cas01");
  }
  SUBCASE("warnings for the internal CA") {
    auto fs = check_names(n, CertificateSource::Internal);
    REQUIRE(fs.size() == 2);
    CHECK(std::ranges::all_of(fs, [](const Finding& f) { return f.severity == Severity::Warning; }));
  }
}

TEST_CASE("name rules: reserved IP addresses") {
  RequestedNames n{"mail.contoso.com", {"mail.contoso.com"}, {"10.0.0.5", "203.0.113.7", "8.8.8.8"}};
  auto fs = check_names(n, CertificateSource::Public);
  REQUIRE(fs.size() == 2);  // private and documentation ranges; 8.8.8.8 is public
  CHECK(fs[0].id == "csr.reserved-ip");
  CHECK(fs[0].subject == "10.0.0.5");
  CHECK(fs[1].subject == "203.0.113.7");
  CHECK(fs[0].severity == Severity::Error);
  CHECK(check_names(n, CertificateSource::Internal)[0].severity == Severity::Warning);
}

TEST_CASE("name rules: wildcards") {
  auto one = [](std::string name) { return check_names({"", {name}, {}}, CertificateSource::Public); };
  CHECK(one("*.contoso.com").empty());
  SUBCASE("not the whole leftmost label") {
    auto fs = one("mail*.contoso.com");
    REQUIRE(find(fs, "csr.wildcard"));
    CHECK(find(fs, "csr.wildcard")->message.find("leftmost label") != std::string::npos);
  }
  SUBCASE("not leftmost") {
    CHECK(find(one("mail.*.contoso.com"), "csr.wildcard"));
  }
  SUBCASE("under a public suffix (BR 3.2.2.6)") {
    auto fs = one("*.co.uk");
    REQUIRE(find(fs, "csr.wildcard"));
    CHECK(find(fs, "csr.wildcard")->message.find("3.2.2.6") != std::string::npos);
  }
}

TEST_CASE("name rules: the CN must be one of the SANs; a SAN is required") {
  auto fs = check_names({"mail.contoso.com", {"autodiscover.contoso.com"}, {}}, CertificateSource::Public);
  REQUIRE(find(fs, "csr.cn-not-in-san"));
  CHECK(find(fs, "csr.cn-not-in-san")->severity == Severity::Error);
  CHECK(check_names({"Mail.Contoso.com", {"mail.contoso.com"}, {}}, CertificateSource::Public).empty());
  auto none = check_names({"mail.contoso.com", {}, {}}, CertificateSource::Internal);
  REQUIRE(find(none, "csr.no-san"));
  CHECK(find(none, "csr.no-san")->severity == Severity::Error);
}

TEST_CASE("key rules (BR 6.1.5)") {
  SUBCASE("RSA 1024 is an error for every CA") {
    for (auto ca : {CertificateSource::Public, CertificateSource::Internal}) {
      auto fs = check_key({KeyAlgorithm::Rsa, 1024, {}}, "x", ca);
      REQUIRE(fs.size() == 1);
      CHECK(fs[0].id == "csr.key-too-small");
      CHECK(fs[0].severity == Severity::Error);
    }
  }
  SUBCASE("modulus not divisible by 8") {
    CHECK(check_key({KeyAlgorithm::Rsa, 2049, {}}, "x", CertificateSource::Public)[0].id == "csr.key-size");
  }
  SUBCASE("curves") {
    CHECK(check_key({KeyAlgorithm::Ecdsa, 256, "prime256v1"}, "x", CertificateSource::Public).empty());
    CHECK(check_key({KeyAlgorithm::Ecdsa, 384, "secp384r1"}, "x", CertificateSource::Public).empty());
    CHECK(check_key({KeyAlgorithm::Ecdsa, 521, "secp521r1"}, "x", CertificateSource::Public).empty());
    auto fs = check_key({KeyAlgorithm::Ecdsa, 256, "secp256k1"}, "x", CertificateSource::Public);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].id == "csr.curve");
    CHECK(fs[0].message.find("6.1.5") != std::string::npos);
  }
}

TEST_CASE("ECDSA on an Exchange plan says what Exchange supports") {
  CHECK(check_exchange_key(KeySpec{}, ExchangeVersion::Ex2019, "x").empty());
  auto fs = check_exchange_key({KeyAlgorithm::Ecdsa, 256}, ExchangeVersion::Ex2019, "mail.contoso.com");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].id == "csr.ecc-exchange");
  CHECK(fs[0].severity == Severity::Warning);
  CHECK(fs[0].message.find("2024 hotfix updates") != std::string::npos);
  CHECK(fs[0].message.find("not for every use") != std::string::npos);
  CHECK(check_exchange_key({KeyAlgorithm::Ecdsa, 256}, ExchangeVersion::Ex2013, "x")[0].severity == Severity::Error);
}
