// Issue 27: DANE in adplan.json and the plan -- validation, the planned TLSA parameters and
// rollover, lint's findings, and the TLSA records built from key digests (planner/dane.cpp).
#include "fixtures.hpp"

#include <adplan/model/deployment_builder.hpp>
#include <adplan/model/deployment_json.hpp>
#include <adplan/planner/dane.hpp>
#include <adplan/planner/plan_json.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using adplan::test::contoso_json;
using adplan::test::has_finding;
using adplan::test::plan_of;

namespace {

nlohmann::json dane_json(nlohmann::json dane = nlohmann::json::object()) {
  auto j = contoso_json(1);
  j["doors"] = {{"smtp", {"mail.contoso.com", "mx2.contoso.com"}}};
  j["dane"] = std::move(dane);
  return j;
}

TlsaDigests key(char c) {
  TlsaDigests d;
  d.spki_sha256 = std::string(64, c);
  d.spki_sha512 = std::string(128, c);
  return d;
}

std::vector<std::string> errors_of(const nlohmann::json& j) {
  auto d = deployment_from_json(j);
  std::vector<std::string> out;
  if (!d) {
    for (const auto& e : d.error()) out.push_back(e.field + ": " + e.code);
  }
  return out;
}

}  // namespace

TEST_CASE("dane in adplan.json: defaults, parameters, rollover, and what is refused") {
  SUBCASE("empty object: 3 1 1 with key reuse") {
    auto p = plan_of(dane_json());
    REQUIRE(p.dane);
    REQUIRE(p.dane->tlsa.size() == 1);
    CHECK(p.dane->tlsa[0].str() == "3 1 1");
    CHECK(p.dane->rollover == DaneRollover::ReuseKey);
    CHECK(p.dane->hosts.size() == 2);
    CHECK(p.dane->certificate == p.certificates.front().key);
  }
  SUBCASE("3 1 1 and 2 1 1 with a next key") {
    auto p = plan_of(dane_json({{"tlsa", nlohmann::json::array({"3 1 1", "2 1 1"})}, {"rollover", "next-key"}}));
    REQUIRE(p.dane->tlsa.size() == 2);
    CHECK(p.dane->rollover == DaneRollover::NextKey);
    CHECK(has_finding(p, "dane.ta-chain"));
  }
  SUBCASE("every problem named by its field") {
    CHECK(errors_of(dane_json({{"tlsa", nlohmann::json::array({"1 1 1"})}})) ==
          std::vector<std::string>{"dane.tlsa[0]: input.tlsa"});
    CHECK(errors_of(dane_json({{"tlsa", nlohmann::json::array({"3 1 1", "3 1 1"})}})) ==
          std::vector<std::string>{"dane.tlsa[1]: input.duplicate"});
    CHECK(errors_of(dane_json({{"rollover", "sometimes"}})) ==
          std::vector<std::string>{"dane.rollover: input.dane-rollover"});
    CHECK(errors_of(dane_json({{"tlsa", nlohmann::json::array()}})) ==
          std::vector<std::string>{"dane.tlsa: input.type"});
    auto no_mx = contoso_json(1);
    no_mx["dane"] = nlohmann::json::object();
    CHECK(errors_of(no_mx) == std::vector<std::string>{"dane: input.dane-without-mx"});
  }
  SUBCASE("written back as read") {
    auto d =
        adplan::test::deployment(dane_json({{"tlsa", nlohmann::json::array({"3 1 2"})}, {"rollover", "next-key"}}));
    auto j = to_json(d);
    CHECK(j["dane"]["tlsa"] == nlohmann::json{"3 1 2"});
    CHECK(j["dane"]["rollover"] == "next-key");
    CHECK(to_json(adplan::test::deployment(contoso_json(1))).contains("dane") == false);
  }
}

TEST_CASE("init --dane: the words the shell split become one list") {
  CHECK(join_words({"3", "1", "1,2", "1", "1"}) == "3 1 1,2 1 1");
  CHECK(join_words({"3 1 1, 2 1 1"}) == "3 1 1,2 1 1");
  CHECK(join_words({}).empty());
  DeploymentDraft d;
  d.scenario = 1;
  d.domains = {"contoso.com"};
  d.external_host = "mail.contoso.com";
  d.autodiscover_host = "autodiscover.contoso.com";
  d.servers = {*parse_server_spec("CAS01,cas01.contoso.com,192.0.2.10")};
  d.public_ip = "203.0.113.10";
  d.ca = "public";
  d.doors = {"smtp"};
  d.dane = "";
  auto built = build_deployment(d);
  REQUIRE(built);
  REQUIRE(built->dane);
  CHECK(built->dane->tlsa.front().str() == "3 1 1");
  d.doors.clear();
  CHECK(!build_deployment(d));  // dane without the smtp door
}

TEST_CASE("lint: DNSSEC and the rollover are said; a plan without dane says nothing") {
  auto reuse = plan_of(dane_json());
  CHECK(has_finding(reuse, "dane.dnssec-required"));
  CHECK(has_finding(reuse, "dane.rollover"));
  CHECK(!has_finding(reuse, "dane.ta-chain"));
  auto it = std::ranges::find_if(reuse.findings, [](const Finding& f) { return f.id == "dane.rollover"; });
  CHECK(it->remedy.find("--reuse-key") != std::string::npos);
  auto next = plan_of(dane_json({{"rollover", "next-key"}}));
  it = std::ranges::find_if(next.findings, [](const Finding& f) { return f.id == "dane.rollover"; });
  CHECK(it->message.find("7200 s") != std::string::npos);  // 2 x the default TTL of 3600
  CHECK(it->remedy.find("csr --next-key") != std::string::npos);
  auto none = plan_of(contoso_json(1));
  CHECK(!none.dane);
  CHECK(std::ranges::none_of(none.findings, [](const Finding& f) { return f.id.starts_with("dane."); }));
}

TEST_CASE("tlsa_records: per MX host, current and next key, sorted, in the host's zone") {
  auto p = plan_of(dane_json({{"rollover", "next-key"}}));
  auto none = tlsa_records(p, {});
  CHECK(none.empty());
  CHECK(tlsa_gaps(p, {}).size() == 2);  // no key yet, no next key
  auto recs = tlsa_records(p, DaneKeys{key('b'), key('a'), {}});
  REQUIRE(recs.size() == 4);
  CHECK(recs[0].name == "_25._tcp.mail.contoso.com.");
  CHECK(recs[0].type == "TLSA");
  CHECK(recs[0].zone == "contoso.com");
  CHECK(recs[0].ttl == 3600);
  CHECK(recs[0].value == "3 1 1 " + std::string(64, 'a'));  // the next key sorts first here: by value
  CHECK(recs[1].value == "3 1 1 " + std::string(64, 'b'));
  CHECK(recs[2].name == "_25._tcp.mx2.contoso.com.");
  CHECK(tlsa_gaps(p, DaneKeys{key('b'), key('a'), {}}).empty());
  SUBCASE("2 1 1 comes from the issued chain") {
    auto ta = plan_of(dane_json({{"tlsa", nlohmann::json::array({"3 1 1", "2 1 1"})}}));
    TlsaDigests ca = key('c');
    CHECK(tlsa_gaps(ta, DaneKeys{key('b'), {}, {}}).size() == 1);
    auto r = tlsa_records(ta, DaneKeys{key('b'), {}, {ca}});
    REQUIRE(r.size() == 4);
    CHECK(r[0].value == "2 1 1 " + std::string(64, 'c'));
  }
  SUBCASE("plan --json names the owners") {
    auto j = to_json(p);
    CHECK(j["dane"]["owners"] == nlohmann::json{"_25._tcp.mail.contoso.com", "_25._tcp.mx2.contoso.com"});
    CHECK(j["dane"]["rollover"] == "next-key");
  }
}
