// DANE's matching rules (RFC 7671, RFC 7672 3.1) on hand-made digests; the digests of real keys
// and chains are test_pki_tlsa.cpp's.
#include <adplan/model/tlsa.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace adplan;

namespace {

std::string hex(char c, std::size_t n) {
  return std::string(n, c);
}

// A certificate whose digests are all made of one digit: distinct per certificate, right lengths.
TlsaDigests cert(char c, bool signed_by_next) {
  TlsaDigests d;
  d.cert_full = hex(c, 20);
  d.cert_sha256 = hex(c, 64);
  d.cert_sha512 = hex(c, 128);
  d.spki_full = "30" + hex(c, 18);
  d.spki_sha256 = "e" + hex(c, 63);
  d.spki_sha512 = "e" + hex(c, 127);
  d.signed_by_next = signed_by_next;
  return d;
}

TlsaRecord rec(int u, int s, int m, const TlsaDigests& d) {
  return *tlsa_record_for(d, {u, s, m});
}

}  // namespace

TEST_CASE("tlsa params: what a plan may name") {
  CHECK(parse_tlsa_params("3 1 1")->str() == "3 1 1");
  CHECK(parse_tlsa_params(" 2  0 2 ")->str() == "2 0 2");
  SUBCASE("pkix usages are not for SMTP") {
    auto p = parse_tlsa_params("1 1 1");
    REQUIRE(!p);
    CHECK(p.error().code == "input.tlsa");
    CHECK(p.error().message.find("RFC 7672") != std::string::npos);
  }
  SUBCASE("selector and matching") {
    CHECK(!parse_tlsa_params("3 2 1"));
    CHECK(!parse_tlsa_params("3 1 0"));
    CHECK(!parse_tlsa_params("3 1"));
    CHECK(!parse_tlsa_params("3 1 x"));
    CHECK(!parse_tlsa_params("3 1 1 1"));
  }
  SUBCASE("lists") {
    auto l = parse_tlsa_param_list("3 1 1,2 1 1");
    REQUIRE(l);
    REQUIRE(l->size() == 2);
    CHECK((*l)[1] == TlsaParams{2, 1, 1});
    CHECK(!parse_tlsa_param_list("3 1 1,3 1 1"));
    CHECK(!parse_tlsa_param_list("3 1 1,"));
  }
}

TEST_CASE("tlsa records: presentation form, usability, owner") {
  auto r = parse_tlsa_record("3 1 1 AB CD");
  REQUIRE(r);
  CHECK(r->data == "abcd");
  CHECK(r->str() == "3 1 1 abcd");
  CHECK(!parse_tlsa_record("3 1 1 abc"));
  CHECK(!parse_tlsa_record("3 1 1 zz"));
  CHECK(!parse_tlsa_record("3 1 1"));
  CHECK(!tlsa_usable(*r));  // SHA-256 needs 32 octets
  CHECK(tlsa_usable(TlsaRecord{3, 1, 1, hex('a', 64)}));
  CHECK(tlsa_usable(TlsaRecord{2, 0, 2, hex('a', 128)}));
  CHECK(tlsa_usable(TlsaRecord{3, 1, 0, "3059"}));
  CHECK(!tlsa_usable(TlsaRecord{1, 1, 1, hex('a', 64)}));  // PKIX-EE: RFC 7672 3.1.3
  CHECK(!tlsa_usable(TlsaRecord{3, 2, 1, hex('a', 64)}));
  CHECK(!tlsa_usable(TlsaRecord{3, 1, 3, hex('a', 64)}));
  CHECK(tlsa_owner("mail.contoso.com.") == "_25._tcp.mail.contoso.com");
  CHECK(tlsa_owner("mx.contoso.com", 465) == "_465._tcp.mx.contoso.com");
}

TEST_CASE("dane_match: DANE-EE looks at the leaf only, names and dates ignored") {
  DaneCandidate peer{{cert('1', true), cert('2', false)}, false, false};
  SUBCASE("3 1 1 the leaf's key") {
    std::vector records{rec(3, 1, 1, cert('9', false)), rec(3, 1, 1, peer.chain[0])};
    auto m = dane_match(records, peer);
    CHECK(m.record == 1u);
    CHECK(m.depth == 0u);
    CHECK(m.usable == 2u);
  }
  SUBCASE("3 0 1 the leaf's certificate, 3 1 2 its key") {
    std::vector a{rec(3, 0, 1, peer.chain[0])};
    CHECK(dane_match(a, peer).record == 0u);
    std::vector b{rec(3, 1, 2, peer.chain[0])};
    CHECK(dane_match(b, peer).record == 0u);
  }
  SUBCASE("3 1 1 of the issuer does not authenticate the leaf") {
    std::vector records{rec(3, 1, 1, peer.chain[1])};
    auto m = dane_match(records, peer);
    CHECK(!m.record);
    CHECK(m.usable == 1u);
  }
  SUBCASE("unusable records are counted out") {
    std::vector records{TlsaRecord{1, 1, 1, peer.chain[0].spki_sha256}};
    auto m = dane_match(records, peer);
    CHECK(!m.record);
    CHECK(m.usable == 0u);
  }
}

TEST_CASE("dane_match: DANE-TA needs the chain, the name and the dates") {
  const auto leaf = cert('1', true), ca = cert('2', true), root = cert('3', false);
  std::vector records{rec(2, 1, 1, ca)};
  SUBCASE("a presented issuer, linked, name and dates good") {
    auto m = dane_match(records, {{leaf, ca, root}, true, true});
    CHECK(m.record == 0u);
    CHECK(m.depth == 1u);
  }
  SUBCASE("2 1 1 of the root two links up") {
    std::vector r{rec(2, 1, 1, root)};
    CHECK(dane_match(r, {{leaf, ca, root}, true, true}).depth == 2u);
  }
  SUBCASE("the TA not sent") {
    CHECK(!dane_match(records, {{leaf}, true, true}).record);
  }
  SUBCASE("a broken link") {
    auto bad = leaf;
    bad.signed_by_next = false;
    auto m = dane_match(records, {{bad, ca}, true, true});
    CHECK(!m.record);
    REQUIRE(m.notes.size() == 1);
    CHECK(m.notes[0].find("not signed") != std::string::npos);
  }
  SUBCASE("the leaf without the host's name") {
    auto m = dane_match(records, {{leaf, ca}, false, true});
    CHECK(!m.record);
    REQUIRE(m.notes.size() == 1);
    CHECK(m.notes[0].find("RFC 7672 3.2.2") != std::string::npos);
  }
  SUBCASE("an expired leaf") {
    CHECK(!dane_match(records, {{leaf, ca}, true, false}).record);
  }
  SUBCASE("a TA record never matches the leaf itself") {
    std::vector r{rec(2, 1, 1, leaf)};
    CHECK(!dane_match(r, {{leaf, ca}, true, true}).record);
  }
}

TEST_CASE("tlsa_key_match: a key alone satisfies DANE-EE records of its SPKI") {
  const auto key = cert('4', false);
  TlsaDigests bare;  // a key file: selector 1 only
  bare.spki_sha256 = key.spki_sha256;
  bare.spki_sha512 = key.spki_sha512;
  std::vector records{rec(2, 1, 1, key), rec(3, 0, 1, key), rec(3, 1, 2, key), rec(3, 1, 1, key)};
  CHECK(tlsa_key_match(records, bare) == 2u);
  std::vector other{rec(3, 1, 1, cert('5', false))};
  CHECK(!tlsa_key_match(other, bare));
  CHECK(!tlsa_key_match(std::vector<TlsaRecord>{}, bare));
  CHECK(!tlsa_record_for(bare, {3, 0, 1}));
}
