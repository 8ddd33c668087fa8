// Issue 27: DANE judged from recorded observations -- the TLSA RRset of an MX host as a
// validating resolver saw it, against the chain its SMTP door presented (verify/judge_dane.cpp).
#include "test_verify_recorded.hpp"

#include <adplan/verify/verify_json.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::test;

namespace {

const TlsaDigests k_leaf = fake_digests('1'), k_ca = fake_digests('2', false), k_next = fake_digests('3'),
                  k_other = fake_digests('4');

observe::DoorProbe smtp_door(const TlsaDigests& leaf) {
  observe::DoorProbe d;
  d.target = {"smtp", "mail.contoso.com", 25, false};
  d.address = "203.0.113.10";
  d.transport = observe::Transport::Ok;
  d.stage = "done";
  d.starttls_offered = d.tls_done = d.capability_after_tls = true;
  d.tls = good_tls({"mail.contoso.com"}, "mail.contoso.com");
  d.dane_chain = {leaf, k_ca};
  return d;
}

observe::TlsaLookup lookup(std::string dnssec, std::vector<TlsaRecord> records) {
  observe::TlsaLookup l;
  l.host = "mail.contoso.com";
  l.name = "_25._tcp.mail.contoso.com";
  l.dnssec = std::move(dnssec);
  l.status = records.empty() ? observe::DnsStatus::NoData : observe::DnsStatus::Ok;
  l.records = std::move(records);
  return l;
}

TlsaRecord ee(const TlsaDigests& d) {
  return *tlsa_record_for(d, {3, 1, 1});
}

observe::Observations recording(observe::TlsaLookup l, const TlsaDigests& presented = k_leaf) {
  auto o = healthy(1);
  o.doors.push_back(smtp_door(presented));
  o.tlsa.push_back(std::move(l));
  return o;
}

Plan dane_plan(const std::string& rollover = "reuse-key") {
  auto j = contoso_json(1);
  j["doors"] = {{"smtp", {"mail.contoso.com"}}};
  j["dane"] = {{"rollover", rollover}};
  return plan_of(j);
}

verify::VerifyResult run(const observe::Observations& o, const Plan* p, std::optional<TlsaDigests> next = {}) {
  verify::VerifyOptions opts{{now_epoch()}};
  opts.dane_next_key = std::move(next);
  opts.dane_next_key_file = "pki/mail.contoso.com.next.key";
  return verify::verify(o, p, opts);
}

bool any_dane(const verify::VerifyResult& r) {
  return std::ranges::any_of(r.findings, [](const Finding& f) { return f.id.starts_with("dane."); });
}

}  // namespace

TEST_CASE("dane: a secure 3 1 1 of the presented key passes, match 1") {
  const Plan p = dane_plan();
  auto r = run(recording(lookup("secure", {ee(k_other), ee(k_leaf)})), &p);
  CHECK(!any_dane(r));
  REQUIRE(r.dane.size() == 1);
  CHECK(r.dane[0].match == 1);
  CHECK(r.dane[0].key_sha256 == k_leaf.spki_sha256);
  CHECK(verify::to_json(r, 0)["dane"][0]["match"] == true);
}

TEST_CASE("dane.tlsa-mismatch: the key changed without a record; the remedy is the record") {
  const Plan p = dane_plan();
  auto r = run(recording(lookup("secure", {ee(k_leaf)}), k_other), &p);
  const auto* f = find(r, "dane.tlsa-mismatch");
  REQUIRE(f);
  CHECK(f->severity == Severity::Error);
  CHECK(f->subject == "_25._tcp.mail.contoso.com");
  CHECK(f->remedy.find("_25._tcp.mail.contoso.com. IN TLSA 3 1 1 " + k_other.spki_sha256) != std::string::npos);
  CHECK(f->evidence.find(k_leaf.spki_sha256) != std::string::npos);   // the published record
  CHECK(f->evidence.find(k_other.spki_sha256) != std::string::npos);  // the presented key
  CHECK(!r.pass());
  CHECK(r.dane[0].match == 0);
}

TEST_CASE("dane: DANE-TA of the presented issuer passes; of an unlinked one it does not") {
  auto o = recording(lookup("secure", {*tlsa_record_for(k_ca, {2, 1, 1})}));
  CHECK(!find(judge(o, nullptr), "dane.tlsa-mismatch"));
  o.doors[0].dane_chain[0].signed_by_next = false;
  const auto* f = find(judge(o, nullptr), "dane.tlsa-mismatch");
  REQUIRE(f);
  CHECK(f->evidence.find("not signed") != std::string::npos);
}

TEST_CASE("dane.unsigned, dane.bogus, dane.unusable, dane.no-record, dane.lookup-failed") {
  const Plan p = dane_plan();
  SUBCASE("records in an unsigned zone: a warning, whatever they say") {
    auto r = run(recording(lookup("insecure", {ee(k_other)})), &p);
    const auto* f = find(r, "dane.unsigned");
    REQUIRE(f);
    CHECK(f->severity == Severity::Warning);
    CHECK(!find(r, "dane.tlsa-mismatch"));
    CHECK(r.dane[0].match == 0);
  }
  SUBCASE("validation fails: an error with the validator's reason") {
    auto l = lookup("bogus", {});
    l.status = observe::DnsStatus::ServerFailure;
    l.why_bogus = "signature crypto failed";
    auto r = run(recording(l), &p);
    const auto* f = find(r, "dane.bogus");
    REQUIRE(f);
    CHECK(f->severity == Severity::Error);
    CHECK(f->evidence == "signature crypto failed");
    CHECK(r.dane[0].match == 0);
  }
  SUBCASE("only PKIX usages: unusable for SMTP") {
    auto r = run(recording(lookup("secure", {TlsaRecord{1, 1, 1, k_leaf.spki_sha256}})), &p);
    CHECK(find(r, "dane.unusable"));
    CHECK(!find(r, "dane.tlsa-mismatch"));
  }
  SUBCASE("planned, nothing published: info") {
    auto r = run(recording(lookup("secure", {})), &p);
    const auto* f = find(r, "dane.no-record");
    REQUIRE(f);
    CHECK(f->severity == Severity::Info);
    CHECK(r.dane[0].match == -1);
    CHECK(verify::to_json(r, 0)["dane"][0]["match"].is_null());
  }
  SUBCASE("not planned, nothing published: nothing") {
    CHECK(!any_dane(judge(recording(lookup("insecure", {})), nullptr)));
  }
  SUBCASE("no validated answer") {
    auto l = lookup("", {});
    l.status = observe::DnsStatus::Timeout;
    l.error = "no validated answer before the deadline";
    auto r = run(recording(l), &p);
    const auto* f = find(r, "dane.lookup-failed");
    REQUIRE(f);
    CHECK(f->severity == Severity::Warning);
  }
}

TEST_CASE("dane.next-key-missing: a next-key rollover needs the next key's record") {
  const Plan p = dane_plan("next-key");
  SUBCASE("current and next published: pass") {
    auto r = run(recording(lookup("secure", {ee(k_leaf), ee(k_next)})), &p, k_next);
    CHECK(!any_dane(r));
  }
  SUBCASE("only the current one") {
    auto r = run(recording(lookup("secure", {ee(k_leaf)})), &p, k_next);
    const auto* f = find(r, "dane.next-key-missing");
    REQUIRE(f);
    CHECK(f->severity == Severity::Warning);
    CHECK(f->remedy.find("IN TLSA 3 1 1 " + k_next.spki_sha256) != std::string::npos);
    // A warning: mail still flows today.
    CHECK(std::ranges::none_of(
        r.findings, [](const Finding& x) { return x.id.starts_with("dane.") && x.severity == Severity::Error; }));
  }
  SUBCASE("no next key made") {
    auto r = run(recording(lookup("secure", {ee(k_leaf)})), &p);
    const auto* f = find(r, "dane.next-key-missing");
    REQUIRE(f);
    CHECK(f->remedy.find("csr --next-key") != std::string::npos);
  }
  SUBCASE("key reuse: no next key wanted") {
    const Plan reuse = dane_plan();
    CHECK(!find(run(recording(lookup("secure", {ee(k_leaf)})), &reuse), "dane.next-key-missing"));
  }
}
