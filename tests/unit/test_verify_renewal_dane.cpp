// Issue 27 item 3: `adplan renew` judged against the TLSA records its MX hosts publish
// (verify/renewal_dane.hpp) -- from recorded answers, so each verdict is a pure function's.
#include "test_verify_recorded.hpp"

#include <adplan/verify/renewal_dane.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace adplan;
using namespace adplan::test;

namespace {

const TlsaDigests k_old = fake_digests('1'), k_new = fake_digests('2'), k_ca = fake_digests('3', false);
const std::vector<TlsaDigests> k_renewed{k_new, k_ca};  // the new certificate, then its issuer

observe::TlsaLookup answer(std::string dnssec, std::vector<TlsaRecord> records) {
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

Plan dane_plan(nlohmann::json tlsa = nlohmann::json::array({"3 1 1"})) {
  auto j = contoso_json(1);
  j["doors"] = {{"smtp", {"mail.contoso.com"}}};
  j["dane"] = {{"tlsa", tlsa}, {"rollover", "next-key"}};
  return plan_of(j);
}

verify::RenewalDane judge(const Plan& p, observe::TlsaLookup l, bool ignore = false,
                          const std::vector<TlsaDigests>& chain = k_renewed) {
  const std::vector<observe::TlsaLookup> answers{std::move(l)};
  return verify::judge_renewal_dane(p, answers, chain, ignore);
}

const std::string k_new_line = "_25._tcp.mail.contoso.com. IN TLSA 3 1 1 " + k_new.spki_sha256;

}  // namespace

TEST_CASE("renewal dane: the hosts to ask are the plan's DANE hosts, for the DANE certificate only") {
  const Plan p = dane_plan();
  REQUIRE(p.dane);
  REQUIRE_FALSE(p.dane->certificate.empty());
  CHECK(verify::renewal_dane_hosts(p, p.dane->certificate) == std::vector<std::string>{"mail.contoso.com"});
  CHECK(verify::renewal_dane_hosts(p, "some-other-certificate").empty());
  auto j = contoso_json(1);
  j["doors"] = {{"smtp", {"mail.contoso.com"}}};
  const Plan without = plan_of(j);
  CHECK(verify::renewal_dane_hosts(without, p.dane->certificate).empty());  // no DANE: no look-up at all
}

TEST_CASE("renewal dane: a key reused, or a next key published ahead, is accepted") {
  const Plan p = dane_plan();
  SUBCASE("key reuse: the record names the key the renewed certificate carries") {
    auto r = judge(p, answer("secure", {ee(k_new)}));
    CHECK_FALSE(r.refused);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].id == "dane.renewal-match");
    CHECK(r.findings[0].severity == Severity::Info);
    CHECK(r.findings[0].message.find(k_new_line) != std::string::npos);
  }
  SUBCASE("next key: the old key's record and the next one's, published together") {
    auto r = judge(p, answer("secure", {ee(k_old), ee(k_new)}));
    CHECK_FALSE(r.refused);
    CHECK(r.findings[0].id == "dane.renewal-match");
  }
  SUBCASE("DANE-TA: a record naming the issuer of a chain signed link by link") {
    const Plan ta = dane_plan(nlohmann::json::array({"3 1 1", "2 1 1"}));
    auto r = judge(ta, answer("secure", {ee(k_old), *tlsa_record_for(k_ca, {2, 1, 1})}));
    CHECK_FALSE(r.refused);
    CHECK(r.findings[0].id == "dane.renewal-match");
  }
}

TEST_CASE("renewal dane: a new key no record names is refused, naming the record to publish first") {
  const Plan p = dane_plan();
  auto r = judge(p, answer("secure", {ee(k_old)}));
  CHECK(r.refused);
  REQUIRE(r.findings.size() == 1);
  const auto& f = r.findings[0];
  CHECK(f.id == "dane.renewal-mismatch");
  CHECK(f.severity == Severity::Error);
  CHECK(f.subject == "_25._tcp.mail.contoso.com");
  CHECK(f.remedy.find("publish " + k_new_line + " beside the current record") != std::string::npos);
  CHECK(f.remedy.find("wait 2 x TTL (7200 s") != std::string::npos);  // the plan's TTL, 3600
  CHECK(f.remedy.find("run adplan renew again") != std::string::npos);
  CHECK(f.message.find("Exchange Online") != std::string::npos);
  CHECK(f.evidence.find("IN TLSA " + ee(k_old).str()) != std::string::npos);
  CHECK(f.evidence.find("new key: 3 1 1 " + k_new.spki_sha256) != std::string::npos);

  SUBCASE("--ignore-dane: written anyway, the warning still said") {
    auto w = judge(p, answer("secure", {ee(k_old)}), true);
    CHECK_FALSE(w.refused);
    REQUIRE(w.findings.size() == 1);
    CHECK(w.findings[0].id == "dane.renewal-mismatch");
    CHECK(w.findings[0].severity == Severity::Warning);
    CHECK(w.findings[0].message.find("--ignore-dane") != std::string::npos);
    CHECK(w.findings[0].remedy == f.remedy);
  }
  SUBCASE("a DANE-TA plan: the issuer's record is named too") {
    const Plan ta = dane_plan(nlohmann::json::array({"3 1 1", "2 1 1"}));
    auto t = judge(ta, answer("secure", {ee(k_old)}));
    CHECK(t.refused);
    CHECK(t.findings[0].remedy.find(k_new_line + " and _25._tcp.mail.contoso.com. IN TLSA 2 1 1 " + k_ca.spki_sha256) !=
          std::string::npos);
  }
  SUBCASE("a DANE-TA record whose chain is not linked does not count") {
    const Plan ta = dane_plan(nlohmann::json::array({"2 1 1"}));
    const std::vector<TlsaDigests> unlinked{fake_digests('2', false), k_ca};
    auto t = judge(ta, answer("secure", {*tlsa_record_for(k_ca, {2, 1, 1})}), false, unlinked);
    CHECK(t.refused);
    CHECK(t.findings[0].evidence.find("not signed link by link") != std::string::npos);
  }
}

TEST_CASE("renewal dane: a broken or missing answer") {
  const Plan p = dane_plan();
  SUBCASE("bogus: refused, the zone is broken whatever the key") {
    auto l = answer("", {});
    l.dnssec = "bogus";
    l.status = observe::DnsStatus::ServerFailure;
    l.why_bogus = "signature expired";
    auto r = judge(p, l);
    CHECK(r.refused);
    CHECK(r.findings[0].id == "dane.renewal-bogus");
    CHECK(r.findings[0].severity == Severity::Error);
    CHECK(r.findings[0].evidence == "signature expired");
    CHECK(judge(p, l, true).findings[0].severity == Severity::Warning);
    CHECK_FALSE(judge(p, l, true).refused);
  }
  SUBCASE("no validated answer: refused as unchecked, naming the flags and the record") {
    auto l = answer("", {});
    l.status = observe::DnsStatus::Timeout;
    l.error = "no validated answer before the deadline";
    auto r = judge(p, l);
    CHECK(r.refused);
    CHECK(r.findings[0].id == "dane.renewal-unchecked");
    CHECK(r.findings[0].remedy.find("--dnssec-trust-anchor") != std::string::npos);
    CHECK(r.findings[0].remedy.find(k_new_line) != std::string::npos);
    CHECK(r.findings[0].evidence.find("no validated answer") != std::string::npos);
  }
  SUBCASE("unsigned zone: senders ignore the records, so not refused; a warning naming the record") {
    auto r = judge(p, answer("insecure", {ee(k_old)}));
    CHECK_FALSE(r.refused);
    CHECK(r.findings[0].id == "dane.unsigned");
    CHECK(r.findings[0].severity == Severity::Warning);
    CHECK(r.findings[0].remedy.find(k_new_line) != std::string::npos);
  }
  SUBCASE("nothing published yet: nothing to break, an info naming the record") {
    auto r = judge(p, answer("secure", {}));
    CHECK_FALSE(r.refused);
    CHECK(r.findings[0].id == "dane.no-record");
    CHECK(r.findings[0].severity == Severity::Info);
    CHECK(r.findings[0].remedy.find(k_new_line) != std::string::npos);
  }
  SUBCASE("only unusable records (a PKIX usage): senders fall back, a warning") {
    TlsaRecord pkix = ee(k_old);
    pkix.usage = 1;
    auto r = judge(p, answer("secure", {pkix}));
    CHECK_FALSE(r.refused);
    CHECK(r.findings[0].id == "dane.unusable");
  }
}

TEST_CASE("renewal dane: every MX host judged on its own; one mismatch refuses") {
  const Plan p = dane_plan();
  auto second = answer("secure", {ee(k_old)});
  second.host = "mail2.contoso.com";
  second.name = "_25._tcp.mail2.contoso.com";
  const std::vector<observe::TlsaLookup> answers{answer("secure", {ee(k_new)}), second};
  auto r = verify::judge_renewal_dane(p, answers, k_renewed, false);
  CHECK(r.refused);
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].id == "dane.renewal-match");
  CHECK(r.findings[1].id == "dane.renewal-mismatch");
  CHECK(r.findings[1].remedy.find("_25._tcp.mail2.contoso.com. IN TLSA 3 1 1 " + k_new.spki_sha256) !=
        std::string::npos);
}
