// TLSA data from key, request and certificate files equals what the openssl CLI computes
// (`openssl pkey -pubout -outform DER | sha256sum`, tests/fixtures/dane/expected.txt), and the
// RFC 7671 rules on a recorded chain (tests/fixtures/dane/chain.pem, as an SMTP server sends it).
#include <adplan/model/tlsa.hpp>
#include <adplan/openssl/ptr.hpp>
#include <adplan/openssl/tlsa.hpp>
#include <adplan/pki/tlsa.hpp>

#include <doctest/doctest.h>
#include <openssl/pem.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace adplan;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(ADPLAN_SOURCE_DIR) / "tests" / "fixtures" / "dane" / name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::map<std::string, std::string> expected() {
  std::map<std::string, std::string> out;
  std::istringstream in(fixture("expected.txt"));
  std::string key, value;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) continue;
    std::istringstream l(line);
    if (l >> key >> value) out[key] = value;
  }
  return out;
}

// The chain as the probe sees it: a stack of X509 from PEM, digested by the probe's code.
std::vector<TlsaDigests> chain_of(const std::string& pem) {
  ossl::X509Stack stack(sk_X509_new_null());
  auto bio = ossl::memory_bio(pem);
  while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) sk_X509_push(stack.get(), x);
  return ossl::chain_digests(stack.get());
}

}  // namespace

TEST_CASE("tlsa data of a key, its request and its certificate equal openssl's") {
  auto want = expected();
  REQUIRE(want.size() == 5);
  for (const char* file : {"leaf.key", "leaf.csr", "leaf.crt"}) {
    CAPTURE(file);
    auto d = tlsa_digests_of_pem(fixture(file), file);
    REQUIRE(d);
    CHECK(d->spki_sha256 == want["leaf_spki_sha256"]);
    CHECK(d->spki_sha512 == want["leaf_spki_sha512"]);
    CHECK(tlsa_record_for(*d, {3, 1, 1})->str() == "3 1 1 " + want["leaf_spki_sha256"]);
  }
  auto crt = tlsa_digests_of_pem(fixture("leaf.crt"), "leaf.crt");
  CHECK(crt->cert_sha256 == want["leaf_cert_sha256"]);
  CHECK(tlsa_digests_of_pem(fixture("leaf.key"), "leaf.key")->cert_sha256.empty());
  auto issuers = tlsa_issuer_digests(fixture("chain.pem"), "chain.pem");
  REQUIRE(issuers);
  REQUIRE(issuers->size() == 1);
  CHECK((*issuers)[0].spki_sha256 == want["int_spki_sha256"]);
}

TEST_CASE("tlsa data: files that hold no usable key") {
  SUBCASE("not PEM") {
    auto d = tlsa_digests_of_pem("hello", "x.key");
    REQUIRE(!d);
    CHECK(d.error().code == "input.pem");
    CHECK(d.error().field == "x.key");
  }
  SUBCASE("an encrypted key") {
    auto d = tlsa_digests_of_pem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
                                 "x.key");
    REQUIRE(!d);
    CHECK(d.error().code == "input.pem-encrypted");
    CHECK(d.error().hint.find(".csr") != std::string::npos);
  }
  SUBCASE("a broken certificate") {
    CHECK(!tlsa_digests_of_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "x.crt"));
  }
}

TEST_CASE("pem_matches_tlsa: the renewal check names the record a key satisfies") {
  auto want = expected();
  std::vector<TlsaRecord> records{*parse_tlsa_record("3 1 1 " + want["int_spki_sha256"]),
                                  *parse_tlsa_record("3 1 1 " + want["leaf_spki_sha256"])};
  auto m = pem_matches_tlsa(fixture("leaf.key"), "leaf.key", records);
  REQUIRE(m);
  CHECK(*m == 1u);
  records.pop_back();
  CHECK(!*pem_matches_tlsa(fixture("leaf.csr"), "leaf.csr", records));
  CHECK(!pem_matches_tlsa("junk", "x", records));
}

TEST_CASE("RFC 7671 matching on a recorded chain: 3 1 1, 3 0 1, 2 1 1") {
  auto want = expected();
  auto chain = chain_of(fixture("chain.pem"));
  REQUIRE(chain.size() == 2);
  CHECK(chain[0].signed_by_next);
  CHECK(chain[0].spki_sha256 == want["leaf_spki_sha256"]);
  DaneCandidate peer{chain, true, true};
  auto match = [&](const std::string& text) {
    std::vector records{*parse_tlsa_record(text)};
    return dane_match(records, peer);
  };
  CHECK(match("3 1 1 " + want["leaf_spki_sha256"]).record == 0u);
  CHECK(match("3 0 1 " + want["leaf_cert_sha256"]).record == 0u);
  CHECK(!match("3 1 1 " + want["int_spki_sha256"]).record);
  auto ta = match("2 1 1 " + want["int_spki_sha256"]);
  CHECK(ta.record == 0u);
  CHECK(ta.depth == 1u);
  // The root was not sent: a DANE-TA record naming it cannot be checked (RFC 7671 5.2.2).
  CHECK(!match("2 1 1 " + want["ca_spki_sha256"]).record);
  SUBCASE("a chain whose second certificate did not sign the leaf") {
    auto wrong = chain_of(fixture("leaf.crt") + fixture("ca.crt"));
    REQUIRE(wrong.size() == 2);
    CHECK(!wrong[0].signed_by_next);
    std::vector records{*parse_tlsa_record("2 1 1 " + want["ca_spki_sha256"])};
    auto m = dane_match(records, {wrong, true, true});
    CHECK(!m.record);
    CHECK(m.notes.size() == 1);
  }
}

TEST_CASE("tlsa_chain_digests: the renewed certificate and its chain as they will be presented") {
  const auto e = expected();
  // leaf.crt then int.crt, with the intermediate repeated (a .crt holding its chain, and --chain).
  const std::string pem = fixture("leaf.crt") + fixture("int.crt") + "\n" + fixture("int.crt") + fixture("ca.crt");
  auto chain = tlsa_chain_digests(pem, "new.crt");
  REQUIRE(chain);
  REQUIRE(chain->size() == 3);  // the repeat dropped
  CHECK((*chain)[0].spki_sha256 == e.at("leaf_spki_sha256"));
  CHECK((*chain)[0].cert_sha256 == e.at("leaf_cert_sha256"));
  CHECK((*chain)[1].spki_sha256 == e.at("int_spki_sha256"));
  CHECK((*chain)[2].spki_sha256 == e.at("ca_spki_sha256"));
  CHECK((*chain)[0].signed_by_next);
  CHECK((*chain)[1].signed_by_next);
  // A DANE-TA 2 1 1 of the intermediate authenticates the renewed leaf through this chain.
  const std::vector<TlsaRecord> records{*tlsa_record_for((*chain)[1], {2, 1, 1})};
  CHECK(dane_match(records, DaneCandidate{*chain, true, true}).record == 0);
  // Out of order, the link is not made.
  auto swapped = tlsa_chain_digests(fixture("leaf.crt") + fixture("ca.crt") + fixture("int.crt"), "x");
  REQUIRE(swapped);
  CHECK_FALSE((*swapped)[0].signed_by_next);

  auto none = tlsa_chain_digests(fixture("leaf.key"), "leaf.key");
  REQUIRE_FALSE(none);
  CHECK(none.error().code == "input.pem");
  CHECK(none.error().field == "leaf.key");
}
