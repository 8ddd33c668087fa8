// Cross-implementation: every request Botan writes is parsed and verified by OpenSSL.
#include "fixtures.hpp"
#include "test_pki_support.hpp"

#include <adplan/pki/csr.hpp>
#include <adplan/planner/exchange_request.hpp>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>

using namespace adplan;
using namespace adplan::test;

namespace {

std::set<std::string> plan_names(const PlannedCertificate& c) {
  std::set<std::string> out;
  for (const auto& h : c.sans) out.insert(h.str());
  return out;
}

nlohmann::json many_names() {
  auto j = contoso_json(1);
  j["domains"] = {"contoso.com", "fabrikam.com", "example.net"};
  j["servers"][0]["fqdn"] = "cas01.contoso.com";
  return j;
}

}  // namespace

TEST_CASE("csr: OpenSSL verifies every request with the plan's exact SAN set") {
  for (int scenario : {1, 2, 3, 4}) {
    for (const char* spec : {"rsa:2048", "ec:p256", "ec:p384"}) {
      CAPTURE(scenario);
      CAPTURE(spec);
      auto plan = plan_of(scenario == 1 ? many_names() : contoso_json(scenario));
      auto key = *parse_key_spec(spec);
      auto rng = seeded_rng(static_cast<std::uint8_t>(scenario));
      REQUIRE_FALSE(plan.certificates.empty());
      for (const auto& cert : plan.certificates) {
        auto pem = make_csr(cert, {key, Subject{"Contoso Ltd", "IT", "Redmond", "WA", "US"}, std::nullopt}, *rng);
        CHECK(pem.key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        auto req = parse_req(pem.csr_pem);
        EVP_PKEY* pub = X509_REQ_get0_pubkey(req.get());
        CHECK(X509_REQ_verify(req.get(), pub) == 1);
        // Exact SAN set, common name included.
        CHECK(san_set(req.get()) == plan_names(cert));
        CHECK(san_set(req.get()).contains(cert.common_name.str()));
        char cn[256] = {};
        X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(req.get()), NID_commonName, cn, sizeof cn);
        CHECK(std::string(cn) == cert.common_name.str());
        char o[256] = {};
        X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(req.get()), NID_countryName, o, sizeof o);
        CHECK(std::string(o) == "US");
        // Key type and size, and the hash that matches it.
        int md = 0, pk = 0;
        REQUIRE(OBJ_find_sigid_algs(X509_REQ_get_signature_nid(req.get()), &md, &pk));
        if (key.algorithm == KeyAlgorithm::Rsa) {
          CHECK(EVP_PKEY_get_base_id(pub) == EVP_PKEY_RSA);
          CHECK(EVP_PKEY_get_bits(pub) == 2048);
          CHECK(md == NID_sha256);
        } else {
          CHECK(EVP_PKEY_get_base_id(pub) == EVP_PKEY_EC);
          char group[64] = {};
          EVP_PKEY_get_utf8_string_param(pub, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr);
          CHECK(std::string(group) == (key.bits == 384 ? "secp384r1" : "prime256v1"));
          CHECK(md == (key.bits == 384 ? NID_sha384 : NID_sha256));
        }
        // The private key OpenSSL reads is the request's key.
        auto kb = ossl::memory_bio(pem.key_pem);
        ossl::Pkey priv(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
        REQUIRE(priv);
        CHECK(EVP_PKEY_eq(priv.get(), pub) == 1);
      }
    }
  }
}

TEST_CASE("csr: several names on one certificate (scenario 1, three SMTP domains)") {
  auto plan = plan_of(many_names());
  const auto& cert = plan.certificates.front();
  REQUIRE(cert.sans.size() >= 4);
  auto rng = seeded_rng(7);
  auto req = parse_req(make_csr(cert, {KeySpec{}, {}, std::nullopt}, *rng).csr_pem);
  CHECK(san_set(req.get()) == plan_names(cert));
}

TEST_CASE("csr: the RNG is a parameter, so output is repeatable") {
  auto plan = plan_of(contoso_json(2));
  const auto& cert = plan.certificates.front();
  auto a = seeded_rng(42), b = seeded_rng(42), c = seeded_rng(43);
  auto pa = make_csr(cert, {KeySpec{KeyAlgorithm::Ecdsa, 256}, {}, std::nullopt}, *a);
  auto pb = make_csr(cert, {KeySpec{KeyAlgorithm::Ecdsa, 256}, {}, std::nullopt}, *b);
  auto pc = make_csr(cert, {KeySpec{KeyAlgorithm::Ecdsa, 256}, {}, std::nullopt}, *c);
  CHECK(pa.csr_pem == pb.csr_pem);
  CHECK(pa.key_pem == pb.key_pem);
  CHECK(pa.key_pem != pc.key_pem);
}

TEST_CASE("csr: a passphrase gives PKCS#8 PBES2 with AES-256 that OpenSSL opens") {
  auto plan = plan_of(contoso_json(2));
  auto rng = seeded_rng(9);
  auto pem =
      make_csr(plan.certificates.front(), {KeySpec{KeyAlgorithm::Ecdsa, 256}, {}, std::string("s3cret pass")}, *rng);
  REQUIRE(pem.key_pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  // The encryption scheme, read by OpenSSL's ASN.1 parser.
  auto bio = ossl::memory_bio(pem.key_pem);
  std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG_free>> sig(PEM_read_bio_PKCS8(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(sig);
  const X509_ALGOR* alg = nullptr;
  X509_SIG_get0(sig.get(), &alg, nullptr);
  REQUIRE(OBJ_obj2nid(alg->algorithm) == NID_pbes2);
  std::unique_ptr<PBE2PARAM, ossl::Deleter<PBE2PARAM_free>> pbe2(
      static_cast<PBE2PARAM*>(ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter)));
  REQUIRE(pbe2);
  CHECK(OBJ_obj2nid(pbe2->encryption->algorithm) == NID_aes_256_cbc);
  CHECK(OBJ_obj2nid(pbe2->keyfunc->algorithm) == NID_id_pbkdf2);
  // Right passphrase opens it; a wrong one does not.
  auto open = [&](const char* pass) {
    auto b = ossl::memory_bio(pem.key_pem);
    ossl::Pkey k(PEM_read_bio_PrivateKey(b.get(), nullptr, nullptr, const_cast<char*>(pass)));
    ERR_clear_error();
    return k;
  };
  auto key = open("s3cret pass");
  REQUIRE(key);
  auto req = parse_req(pem.csr_pem);
  CHECK(EVP_PKEY_eq(key.get(), X509_REQ_get0_pubkey(req.get())) == 1);
  CHECK_FALSE(open("wrong"));
}

TEST_CASE("csr --exchange: New-ExchangeCertificate per Exchange version") {
  auto plan = plan_of(many_names());
  const auto& cert = plan.certificates.front();
  Subject s{"Contoso, Ltd", "", "", "", "US"};
  SUBCASE("2013 and later: -RequestFile with a UNC path") {
    auto r = exchange_request(cert, {ExchangeVersion::Ex2019, s, KeySpec{}, "CAS01"});
    REQUIRE(r);
    REQUIRE(r->generate.size() == 1);
    const auto& line = r->generate[0];
    CHECK(line.starts_with("New-ExchangeCertificate -GenerateRequest -SubjectName 'C=US, O=\"Contoso, Ltd\", CN=" +
                           cert.common_name.str() + "' -DomainName '"));
    for (const auto& n : cert.sans) CHECK(line.find("'" + n.str() + "'") != std::string::npos);
    CHECK(line.find(" -KeySize 2048 -PrivateKeyExportable $true") != std::string::npos);
    CHECK(line.find("-RequestFile '\\\\CAS01\\c$\\pki\\" + cert.common_name.str() + ".req'") != std::string::npos);
    CHECK(r->import.find("Import-ExchangeCertificate -Server 'CAS01' -FileData") == 0);
  }
  SUBCASE("2007 and 2010: Set-Content") {
    auto r = exchange_request(cert, {ExchangeVersion::Ex2010, s, *parse_key_spec("rsa:4096"), "CAS01"});
    REQUIRE(r);
    REQUIRE(r->generate.size() == 2);
    CHECK(r->generate[0].starts_with("$request = New-ExchangeCertificate -GenerateRequest"));
    CHECK(r->generate[0].find("-KeySize 4096") != std::string::npos);
    CHECK(r->generate[0].find("-RequestFile") == std::string::npos);
    CHECK(r->generate[1] == "Set-Content -Path 'C:\\pki\\" + cert.common_name.str() + ".req' -Value $request");
  }
  SUBCASE("keys New-ExchangeCertificate cannot make") {
    CHECK(exchange_request(cert, {ExchangeVersion::Ex2019, s, *parse_key_spec("ec:p256"), "CAS01"})
              .error()
              .message.find("RSA") != std::string::npos);
    CHECK(exchange_request(cert, {ExchangeVersion::Ex2019, s, *parse_key_spec("rsa:3072"), "CAS01"})
              .error()
              .message.find("-KeySize") != std::string::npos);
  }
  SUBCASE("a quote in the organisation cannot end the PowerShell literal") {
    Subject evil{"O'Brien'; Remove-Item C:\\ -Recurse; '", "", "", "", ""};
    auto r = exchange_request(cert, {ExchangeVersion::Ex2019, evil, KeySpec{}, "CAS01"});
    REQUIRE(r);
    CHECK(r->generate[0].find("O''Brien''; Remove-Item") != std::string::npos);
  }
}
