#include "fixtures.hpp"

#include <adplan/model/deployment_json.hpp>
#include <adplan/model/email.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

using namespace adplan;
using adplan::test::contoso_json;

namespace {

// All problems of an invalid document, as "field: message" lines.
std::vector<std::string> problems(const nlohmann::json& j) {
  auto d = deployment_from_json(j);
  REQUIRE_FALSE(d.has_value());
  std::vector<std::string> out;
  for (const auto& e : d.error()) out.push_back(e.field + ": " + e.message);
  return out;
}

bool mentions(const std::vector<std::string>& ps, std::string_view text) {
  for (const auto& p : ps) {
    if (p.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("deployment: the contoso example validates and round-trips") {
  for (int n = 1; n <= 4; ++n) {
    auto d = adplan::test::deployment(contoso_json(n));
    CHECK(d.scenario == n);
    CHECK(d.primary_domain().str() == "contoso.com");
    CHECK(d.exchange == ExchangeVersion::Ex2019);
    auto again = load_deployment(to_json_text(d));
    REQUIRE(again.has_value());
    CHECK(to_json_text(*again) == to_json_text(d));
  }
}

TEST_CASE("deployment: defaults") {
  auto j = contoso_json(1);
  j.erase("autodiscover_host");
  j.erase("exchange");
  j.erase("ca");
  j["servers"][0].erase("fqdn");
  j["internal_domain"] = "contoso.local";
  auto d = adplan::test::deployment(j);
  CHECK(d.autodiscover_host.str() == "autodiscover.contoso.com");
  CHECK(d.exchange == ExchangeVersion::ExSE);  // Subscription Edition, the current version
  CHECK(d.ca == CertificateSource::Public);
  CHECK(d.servers[0].fqdn.str() == "cas01.contoso.local");
  CHECK(d.servers[0].netbios == "CAS01");
  CHECK(d.dns_ttl == 3600);
  // Exchange SE has no UM web services: not published by default.
  CHECK_FALSE(d.publishes(Service::Um));
  j["exchange"] = "2007";
  CHECK(adplan::test::deployment(j).publishes(Service::Um));
  // MAPI over HTTP is a default service of every version that has it (2013 SP1 and later).
  CHECK(d.publishes(Service::Mapi));
  CHECK_FALSE(adplan::test::deployment(j).publishes(Service::Mapi));  // 2007
  for (const char* v : {"2013", "2016", "2019", "SE", "subscription"}) {
    j["exchange"] = v;
    CHECK_MESSAGE(adplan::test::deployment(j).publishes(Service::Mapi), v);
  }
  j["exchange"] = "2010";
  CHECK_FALSE(adplan::test::deployment(j).publishes(Service::Mapi));
}

TEST_CASE("deployment: internationalised domains are stored as A-labels") {
  auto j = contoso_json(2);
  j["domains"] = {"müller.de"};
  j["external_host"] = "mail.müller.de";
  j.erase("autodiscover_host");
  auto d = adplan::test::deployment(j);
  CHECK(d.domains[0].str() == "xn--mller-kva.de");
  CHECK(d.external_host.str() == "mail.xn--mller-kva.de");
  CHECK(d.autodiscover_host.str() == "autodiscover.xn--mller-kva.de");
}

TEST_CASE("deployment: every bad-input class names its field") {
  SUBCASE("malformed JSON gives line and column") {
    auto d = load_deployment("{\n  \"version\": 1,\n  \"scenario\": ,\n}", "adplan.json");
    REQUIRE_FALSE(d.has_value());
    REQUIRE(d.error().size() == 1);
    CHECK(d.error()[0].field == "adplan.json:3:15");
    CHECK(d.error()[0].message.starts_with("malformed JSON"));
  }
  SUBCASE("not an object") {
    CHECK(mentions(problems(nlohmann::json::array()), "must be a JSON object"));
  }
  SUBCASE("missing required fields, all at once") {
    auto ps = problems(nlohmann::json::object());
    CHECK(mentions(ps, "version: is missing"));
    CHECK(mentions(ps, "scenario: is missing"));
    CHECK(mentions(ps, "domains: is missing"));
    CHECK(mentions(ps, "external_host: is missing"));
    CHECK(mentions(ps, "servers: is missing"));
    CHECK(mentions(ps, "public_ip: is missing"));
    CHECK(ps.size() == 6);
  }
  SUBCASE("unknown scenario") {
    auto j = contoso_json(1);
    j["scenario"] = 5;
    CHECK(mentions(problems(j), "scenario: 5 is not a scenario"));
    j["scenario"] = "2";
    CHECK(mentions(problems(j), "scenario: \"2\" is not a scenario"));
  }
  SUBCASE("unsupported version") {
    auto j = contoso_json(1);
    j["version"] = 2;
    CHECK(mentions(problems(j), "version: 2 is not a format version"));
  }
  SUBCASE("bad host names") {
    auto j = contoso_json(1);
    j["servers"][0]["fqdn"] = "cas01..contoso.com";
    j["external_host"] = "mail.contoso.com;";
    j["domains"] = {"contoso.com", std::string(64, 'x') + ".com"};
    auto ps = problems(j);
    CHECK(mentions(ps, "servers[0].fqdn: \"cas01..contoso.com\" is not a host name (empty label)"));
    CHECK(mentions(ps, "external_host: \"mail.contoso.com;\" is not a host name"));
    CHECK(mentions(ps, "domains[1]:"));
    CHECK(ps.size() == 3);
  }
  SUBCASE("the second server is named in the field") {
    auto j = contoso_json(1);
    j["servers"].push_back({{"name", "CAS02"}, {"fqdn", "cas02.contoso.com"}, {"ip", "192.0.2.300"}});
    CHECK(mentions(problems(j), "servers[1].ip: \"192.0.2.300\" is not an IPv4 address"));
  }
  SUBCASE("bad IPs") {
    auto j = contoso_json(3);
    j["public_ip"] = "203.0.113";
    j["secondary_public_ip"] = "fe80::zz";
    auto ps = problems(j);
    CHECK(mentions(ps, "public_ip: \"203.0.113\""));
    CHECK(mentions(ps, "secondary_public_ip: \"fe80::zz\" is not an IPv6 address"));
  }
  SUBCASE("wrong types") {
    auto j = contoso_json(1);
    j["external_host"] = 42;
    j["servers"] = "CAS01";
    auto ps = problems(j);
    CHECK(mentions(ps, "external_host: must be a string, not number"));
    CHECK(mentions(ps, "servers: must be a non-empty list"));
  }
  SUBCASE("unknown keys get a suggestion") {
    auto j = contoso_json(1);
    j["external_hots"] = "x";
    auto d = deployment_from_json(j);
    REQUIRE_FALSE(d.has_value());
    CHECK(d.error()[0].field == "external_hots");
    CHECK(d.error()[0].hint == "did you mean \"external_host\"?");
  }
  SUBCASE("duplicates") {
    auto j = contoso_json(1);
    j["domains"] = {"contoso.com", "CONTOSO.com"};
    j["servers"].push_back({{"name", "cas01"}, {"fqdn", "cas02.contoso.com"}, {"ip", "192.0.2.12"}});
    auto ps = problems(j);
    CHECK(mentions(ps, "domains[1]: \"contoso.com\" is listed twice"));
    CHECK(mentions(ps, "servers[1].name: \"cas01\" names a server twice"));
  }
  SUBCASE("hostile values for templates are refused") {
    auto j = contoso_json(1);
    j["servers"][0]["name"] = "CAS01'; Remove-Item";
    j["servers"][0]["site"] = "Site\nA";
    j["subject"] = {{"O", "Contoso\" $(calc)"}, {"C", "usa"}};
    j["services"] = {"ews", "autodiscover", "pop3"};
    auto ps = problems(j);
    CHECK(mentions(ps, "servers[0].name:"));
    CHECK(mentions(ps, "servers[0].site: \"Site\\nA\""));
    CHECK(mentions(ps, "subject.O:"));
    CHECK(mentions(ps, "subject.C: \"usa\" is not a country code"));
    CHECK(mentions(ps, "services[1]:"));
    CHECK(mentions(ps, "services[2]: \"pop3\""));
  }
  SUBCASE("ca and exchange enumerations") {
    auto j = contoso_json(1);
    j["ca"] = "letsencrypt";
    j["exchange"] = "2003";
    j["dns_ttl"] = 5;
    auto ps = problems(j);
    CHECK(mentions(ps, "ca: \"letsencrypt\" is not a certificate source"));
    CHECK(mentions(ps, "exchange: \"2003\" is not an Exchange version"));
    CHECK(mentions(ps, "dns_ttl: 5 is not a usable TTL"));
  }
}

TEST_CASE("email addresses") {
  CHECK(EmailAddress::parse("kwekua@contoso.com")->domain().str() == "contoso.com");
  CHECK(EmailAddress::parse("first.last+tag@Contoso.COM")->str() == "first.last+tag@contoso.com");
  CHECK_FALSE(EmailAddress::parse("contoso.com").has_value());
  CHECK_FALSE(EmailAddress::parse("@contoso.com").has_value());
  CHECK_FALSE(EmailAddress::parse("a..b@contoso.com").has_value());
  CHECK_FALSE(EmailAddress::parse("a b@contoso.com").has_value());
  CHECK_FALSE(EmailAddress::parse("user@contoso..com").has_value());
  CHECK(EmailAddress::parse("user@contoso").error().message.find("single label") != std::string::npos);
}

namespace {

// The codes of every problem of a document changed by `edit`, as "code field" lines.
std::vector<std::string> codes(const std::function<void(nlohmann::json&)>& edit) {
  auto j = contoso_json(3);
  edit(j);
  auto d = deployment_from_json(j);
  REQUIRE_FALSE(d.has_value());
  std::vector<std::string> out;
  for (const auto& e : d.error()) out.push_back(e.code + " " + e.field);
  return out;
}

using Codes = std::vector<std::string>;

}  // namespace

TEST_CASE("deployment: every kind of input error has its own stable code") {
  SUBCASE("input.json-syntax") {
    auto d = load_deployment("{\"version\": 1,", "adplan.json");
    REQUIRE_FALSE(d.has_value());
    CHECK(d.error()[0].code == "input.json-syntax");
  }
  SUBCASE("input.type: the document") {
    auto d = deployment_from_json(nlohmann::json::array());
    REQUIRE_FALSE(d.has_value());
    CHECK(d.error()[0].code == "input.type");
  }
  SUBCASE("input.type: a field") {
    CHECK(codes([](auto& j) { j["external_host"] = 42; }) == Codes{"input.type external_host"});
    CHECK(codes([](auto& j) { j["servers"] = "CAS01"; }) == Codes{"input.type servers"});
    CHECK(codes([](auto& j) { j["subject"] = "Contoso"; }) == Codes{"input.type subject"});
  }
  SUBCASE("input.missing") {
    CHECK(codes([](auto& j) { j.erase("public_ip"); }) == Codes{"input.missing public_ip"});
    CHECK(codes([](auto& j) { j["domains"] = nlohmann::json::array(); }).front() == "input.missing domains");
  }
  SUBCASE("input.unknown-key") {
    CHECK(codes([](auto& j) { j["external_hots"] = "x"; }) == Codes{"input.unknown-key external_hots"});
    CHECK(codes([](auto& j) { j["servers"][0]["fdqn"] = "x"; }) == Codes{"input.unknown-key servers[0].fdqn"});
  }
  SUBCASE("input.version") {
    CHECK(codes([](auto& j) { j["version"] = 2; }) == Codes{"input.version version"});
  }
  SUBCASE("input.scenario") {
    CHECK(codes([](auto& j) { j["scenario"] = 5; }) == Codes{"input.scenario scenario"});
  }
  SUBCASE("input.exchange") {
    CHECK(codes([](auto& j) { j["exchange"] = "2003"; }) == Codes{"input.exchange exchange"});
  }
  SUBCASE("input.host-name") {
    CHECK(codes([](auto& j) { j["external_host"] = "mail..contoso.com"; }) == Codes{"input.host-name external_host"});
    CHECK(codes([](auto& j) { j["external_host"] = "*.contoso.com"; }) == Codes{"input.host-name external_host"});
    CHECK(codes([](auto& j) { j["domains"] = {"contoso"}; }) == Codes{"input.host-name domains[0]"});
  }
  SUBCASE("input.ip-address") {
    CHECK(codes([](auto& j) { j["public_ip"] = "203.0.113"; }) == Codes{"input.ip-address public_ip"});
    CHECK(codes([](auto& j) { j["servers"][0]["secondary_ip"] = "fe80::zz"; }) ==
          Codes{"input.ip-address servers[0].secondary_ip"});
  }
  SUBCASE("input.netbios-name") {
    CHECK(codes([](auto& j) { j["servers"][0]["name"] = "CAS01'; x"; }).front() ==
          "input.netbios-name servers[0].name");
    CHECK(codes([](auto& j) { j["servers"][0]["netbios"] = "-CAS"; }) ==
          Codes{"input.netbios-name servers[0].netbios"});
  }
  SUBCASE("input.site") {
    CHECK(codes([](auto& j) { j["servers"][0]["site"] = "Site\nA"; }) == Codes{"input.site servers[0].site"});
    CHECK(codes([](auto& j) { j["servers"][0]["site_scope"] = {"A B"}; }) ==
          Codes{"input.site servers[0].site_scope[0]"});
  }
  SUBCASE("input.duplicate") {
    CHECK(codes([](auto& j) { j["domains"] = {"contoso.com", "CONTOSO.com"}; }) == Codes{"input.duplicate domains[1]"});
    CHECK(codes([](auto& j) {
            j["servers"].push_back({{"name", "cas02"}, {"fqdn", "cas01.contoso.com"}, {"ip", "192.0.2.12"}});
          }) == Codes{"input.duplicate servers[1].fqdn"});
  }
  SUBCASE("input.ca") {
    CHECK(codes([](auto& j) { j["ca"] = "letsencrypt"; }) == Codes{"input.ca ca"});
  }
  SUBCASE("input.service") {
    CHECK(codes([](auto& j) { j["services"] = {"ews", "pop3"}; }) == Codes{"input.service services[1]"});
  }
  SUBCASE("input.subject") {
    CHECK(codes([](auto& j) { j["subject"] = {{"O", "Contoso\" $(calc)"}}; }) == Codes{"input.subject subject.O"});
  }
  SUBCASE("input.country") {
    CHECK(codes([](auto& j) { j["subject"] = {{"C", "usa"}}; }) == Codes{"input.country subject.C"});
  }
  SUBCASE("input.range") {
    CHECK(codes([](auto& j) { j["dns_ttl"] = 5; }) == Codes{"input.range dns_ttl"});
  }
}

TEST_CASE("email addresses: errors have the code input.email") {
  SUBCASE("no @") {
    CHECK(EmailAddress::parse("contoso.com").error().code == "input.email");
  }
  SUBCASE("bad local part") {
    CHECK(EmailAddress::parse("a..b@contoso.com").error().code == "input.email");
  }
  SUBCASE("bad domain") {
    CHECK(EmailAddress::parse("user@contoso").error().code == "input.email");
  }
}

// Issue 10: hostile adplan.json files.
namespace {
Errors load_errors(std::string_view text) {
  auto d = load_deployment(text, "adplan.json");
  REQUIRE_FALSE(d.has_value());
  return d.error();
}
}  // namespace

TEST_CASE("deployment: nesting beyond the limit is refused at parse, never recursed into (item 4)") {
  SUBCASE("100,000 nested arrays") {
    auto e = load_errors(std::string(100000, '['));
    REQUIRE(e.size() == 1);
    CHECK(e[0].code == "input.json-depth");
    CHECK(e[0].field == "adplan.json:1:65");
    CHECK(e[0].message == "arrays and objects nest deeper than 64 levels, the nesting limit");
  }
  SUBCASE("50,000 levels in a field's value: no 100 KB echo") {
    std::string text = "{\n\"version\": " + std::string(50000, '[') + std::string(50000, ']') + "}";
    auto e = load_errors(text);
    REQUIRE(e.size() == 1);
    CHECK(e[0].code == "input.json-depth");
    CHECK(e[0].field == "adplan.json:2:75");
    CHECK(e[0].to_string().size() < 300);
  }
  SUBCASE("brackets inside strings do not count") {
    auto j = contoso_json(1);
    j["subject"] = {{"O", std::string(100, '[')}};
    auto e = load_errors(j.dump());
    CHECK(e[0].code == "input.subject");
  }
  SUBCASE("64 levels still parse (and are then refused as values)") {
    std::string text = "{\"version\": " + std::string(63, '[') + std::string(63, ']') + "}";
    auto e = load_errors(text);
    CHECK(e[0].field == "adplan.json: version");
    CHECK(e[0].code == "input.version");
    CHECK(e[0].message.find("characters)") != std::string::npos);  // the dump of the value is cut
  }
}

TEST_CASE("deployment: JSON integers are range-checked, never truncated (item 9)") {
  for (auto big : {"4294967297", "18446744073709551617", "-4294967295", "9223372036854775809", "1.0"}) {
    auto j = load_errors(std::string("{\"version\": ") + big + "}");
    bool found = false;
    for (const auto& e : j) {
      if (e.field == "adplan.json: version") {
        found = true;
        CHECK(e.code == "input.version");
      }
    }
    CHECK_MESSAGE(found, big);
  }
  auto j = contoso_json(1);
  j["scenario"] = 4294967297ULL;
  j["dns_ttl"] = 4294967296ULL + 3600;
  auto ps = problems(j);
  CHECK(mentions(ps, "scenario: 4294967297 is not a scenario"));
  CHECK(mentions(ps, "dns_ttl: 4294970896 is not a usable TTL"));
}

TEST_CASE("deployment: a number too large for a double names its field and the fix (item 15)") {
  auto j = contoso_json(1);
  j["dns_ttl"] = 3600;
  std::string text = j.dump(2);
  auto at = text.find("\"dns_ttl\": 3600");
  REQUIRE(at != std::string::npos);
  text.replace(at, 15, "\"dns_ttl\": 1e400");
  auto e = load_errors(text);
  REQUIRE(e.size() == 1);
  CHECK(e[0].code == "input.range");
  CHECK(e[0].field == "adplan.json: dns_ttl");
  CHECK(e[0].message.starts_with("1e400 at line "));
  CHECK(e[0].message.ends_with(" is too large for any number adplan reads"));
  CHECK(e[0].hint == "seconds from 60 to 604800, for example 3600");
  CHECK(e[0].to_string().find("json.exception") == std::string::npos);
  auto nested = load_errors("{\"servers\": [{}, {\"ip\": -1e999}]}");
  CHECK(nested[0].field == "adplan.json: servers[1].ip");
}

TEST_CASE("deployment: a NUL in any string is refused (item 8)") {
  auto j = contoso_json(1);
  j["external_host"] = std::string("mail.evil.com\0\xC3\xBC.contoso.com", 28);
  j["exchange"] = std::string("2019\0", 5);
  auto d = deployment_from_json(j);
  REQUIRE_FALSE(d);
  std::vector<std::string> codes;
  for (const auto& e : d.error()) codes.push_back(e.field + " " + e.code);
  CHECK(std::ranges::find(codes, "external_host input.nul") != codes.end());
  CHECK(std::ranges::find(codes, "exchange input.nul") != codes.end());
  auto ps = problems(j);
  CHECK(mentions(ps, "external_host: \"mail.evil.com\\x00\xC3\xBC.contoso.com\" holds a NUL character at byte 13"));
  // The same through the text parser: \u0000 in JSON.
  auto e = load_errors("{\"external_host\": \"mail.evil.com\\u0000\\u00fc.contoso.com\"}");
  CHECK(std::ranges::any_of(e, [](const Error& x) { return x.code == "input.nul"; }));
  // A domain goes through HostName::parse, which refuses the NUL itself.
  j = contoso_json(1);
  j["domains"] = {std::string("contoso.com\0x", 13)};
  CHECK(mentions(problems(j), "contains a NUL character"));
}

TEST_CASE("deployment: wildcards are refused wherever a host is expected (item 10)") {
  for (auto key : {"external_host", "autodiscover_host", "internal_domain"}) {
    auto j = contoso_json(1);
    j[key] = "*.contoso.com";
    auto d = deployment_from_json(j);
    REQUIRE_FALSE(d);
    CHECK(d.error()[0].code == "input.host-name");
    CHECK(d.error()[0].field == key);
    CHECK(d.error()[0].message == "\"*.contoso.com\" is a wildcard, not a host name");
  }
  auto j = contoso_json(1);
  j["servers"][0]["fqdn"] = "*.contoso.local";
  CHECK(mentions(problems(j), "servers[0].fqdn: \"*.contoso.local\" is a wildcard"));
}

TEST_CASE("deployment: echoed values and keys are cut to ~80 characters (item 15)") {
  auto j = contoso_json(1);
  j["exchange"] = std::string(120000, 'x');
  j[std::string(5000, 'k')] = 1;
  auto d = deployment_from_json(j);
  REQUIRE_FALSE(d);
  for (const auto& e : d.error()) CHECK(e.to_string().size() < 400);
  CHECK(mentions(problems(j), "(120000 bytes)"));
}

TEST_CASE("deployment: a huge list of bad items gives the first 100 problems and a count (item 4)") {
  auto j = contoso_json(1);
  j["domains"] = nlohmann::json::array();
  for (int i = 0; i < 5000; ++i) j["domains"].push_back(i);
  auto d = deployment_from_json(j);
  REQUIRE_FALSE(d);
  REQUIRE(d.error().size() == 101);
  CHECK(d.error().back().code == "input.too-many");
  CHECK(d.error().back().to_string() ==
        "(document): 4900 more problems are not listed (fix the ones above and run again)");
}
