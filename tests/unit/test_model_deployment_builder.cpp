#include "fixtures.hpp"

#include <adplan/model/deployment_builder.hpp>
#include <adplan/model/deployment_json.hpp>

#include <doctest/doctest.h>

using namespace adplan;

namespace {

DeploymentDraft contoso(int scenario) {
  DeploymentDraft d;
  d.scenario = scenario;
  d.domains = {"contoso.com"};
  d.external_host = "mail.contoso.com";
  d.autodiscover_host = "autodiscover.contoso.com";
  d.servers = {*parse_server_spec("CAS01,cas01.contoso.com,192.0.2.10")};
  d.public_ip = "203.0.113.10";
  d.ca = "public";
  return d;
}

}  // namespace

TEST_CASE("deployment builder: NAME,FQDN,IP[,SITE[,SECONDARY_IP]]") {
  auto s = parse_server_spec("CAS01,cas01.contoso.com,192.0.2.10,Default-First-Site-Name,192.0.2.11");
  REQUIRE(s);
  CHECK(s->name == "CAS01");
  CHECK(s->fqdn == "cas01.contoso.com");
  CHECK(s->ip == "192.0.2.10");
  CHECK(s->site == "Default-First-Site-Name");
  CHECK(s->secondary_ip == "192.0.2.11");
  SUBCASE("an empty SITE is absent, SECONDARY_IP still read") {
    auto t = parse_server_spec("CAS01,cas01.contoso.com,192.0.2.10,,192.0.2.11");
    REQUIRE(t);
    CHECK_FALSE(t->site);
    CHECK(t->secondary_ip == "192.0.2.11");
  }
  SUBCASE("too few or too many fields") {
    for (const char* bad : {"", "CAS01", "CAS01,cas01.contoso.com", "a,b,c,d,e,f"}) {
      auto e = parse_server_spec(bad);
      REQUIRE_FALSE(e);
      CHECK(e.error().code == "input.server-spec");
      CHECK(e.error().message == "\"" + std::string(bad) + "\" is not NAME,FQDN,IP[,SITE[,SECONDARY_IP]]");
    }
  }
}

TEST_CASE("deployment builder: split_list keeps empty items") {
  CHECK(split_list("", ',').empty());
  CHECK(split_list("ews,oab", ',') == std::vector<std::string>{"ews", "oab"});
  CHECK(split_list("ews,,oab,", ',') == std::vector<std::string>{"ews", "", "oab", ""});
}

TEST_CASE("deployment builder: the draft as adplan.json") {
  auto d = contoso(3);
  d.servers[0].secondary_ip = "192.0.2.11";
  d.secondary_public_ip = "203.0.113.11";
  d.subject.organization = "Contoso Ltd";
  d.subject.country = "US";
  d.services = std::vector<std::string>{"ews", "owa"};
  d.dns_ttl = 600;
  auto j = to_deployment_json(d);
  CHECK(j["version"] == 1);
  CHECK(j["exchange"] == "SE");  // the default: Subscription Edition
  CHECK(j["servers"][0]["secondary_ip"] == "192.0.2.11");
  CHECK_FALSE(j["servers"][0].contains("site"));
  CHECK(j["subject"] == nlohmann::json{{"O", "Contoso Ltd"}, {"C", "US"}});
  CHECK(j["services"] == nlohmann::json{"ews", "owa"});
  CHECK(j["dns_ttl"] == 600);
  CHECK_FALSE(j.contains("internal_domain"));
  auto built = build_deployment(d);
  REQUIRE_MESSAGE(built, (built ? "" : built.error().front().to_string()));
  CHECK(built->servers.front().name == "CAS01");
}

TEST_CASE("deployment builder: validation is adplan.json's, every problem at once") {
  auto d = contoso(1);
  d.external_host = "mail..contoso.com";
  d.public_ip = "203.0.113";
  auto built = build_deployment(d);
  REQUIRE_FALSE(built);
  CHECK(built.error().size() >= 2);
  SUBCASE("a value left out is reported missing") {
    auto e = contoso(1);
    e.public_ip.reset();
    CHECK_FALSE(build_deployment(e));
  }
}

TEST_CASE("deployment builder: subject overrides and the country code") {
  Subject base{"Contoso", "IT", "Redmond", "WA", "US"};
  SubjectDraft given;
  given.organization = "Fabrikam";
  auto s = override_subject(base, given);
  REQUIRE(s);
  CHECK(s->organization == "Fabrikam");
  CHECK(s->unit == "IT");
  given.country = "USA";
  auto bad = override_subject(base, given);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "input.country");
  CHECK(bad.error().to_string() ==
        "\"USA\" is not a two-letter country code (use ISO 3166-1 alpha-2, e.g. US (RFC 5280 appendix A: "
        "PrintableString SIZE(2)))");
  CHECK_FALSE(parse_country_code("us"));
  CHECK(parse_country_code("DE"));
}

TEST_CASE("deployment builder: one validator for subject values, from adplan.json or flags (issue 10, item 11)") {
  CHECK(parse_subject_value("Contoso, Ltd (IT) & Co./West-1") == "Contoso, Ltd (IT) & Co./West-1");
  for (std::string bad : {std::string(5000, 'a'), std::string("\xff\xfe"), std::string("a\x1b[2Jb"),
                          std::string("Contoso\nLtd"), std::string("a\0b", 3), std::string("$(calc)")}) {
    auto v = parse_subject_value(bad);
    REQUIRE_FALSE(v);
    CHECK(v.error().code == "input.subject");
    CHECK(v.error().message.size() < 160);
    CHECK(v.error().message.find('\x1b') == std::string::npos);
    CHECK(v.error().hint == "letters, digits, spaces and . , - & ( ) /, at most 64");
  }
  SubjectDraft given;
  given.unit = std::string(5000, 'u');
  auto bad = override_subject(Subject{"Contoso", "IT", "", "", "US"}, given);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "input.subject");
  // adplan.json's subject.OU gives the same message.
  auto j = adplan::test::contoso_json(1);
  j["subject"] = {{"OU", std::string(5000, 'u')}};
  auto d = deployment_from_json(j);
  REQUIRE_FALSE(d);
  CHECK(d.error()[0].field == "subject.OU");
  CHECK(d.error()[0].message == bad.error().message);
}
