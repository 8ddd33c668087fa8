// CAA in the plan (issue 14): caa_issuers in adplan.json, one `issue` record per CA at the apex
// of each public zone holding a certificate name, none without caa_issuers (then an info finding
// says how to add them), and `adplan acme` holding the plan's CAA against its directory's CA.
#include "fixtures.hpp"

#include <adplan/model/deployment_json.hpp>
#include <adplan/planner/acme.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace adplan;

namespace {

std::vector<std::string> caa_lines(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& r : p.dns_external) {
    if (r.type == "CAA") out.push_back(r.name + " " + r.value);
  }
  return out;
}

bool acme_has(const AcmePlan& a, std::string_view id, Severity s) {
  return std::ranges::any_of(a.findings, [&](const Finding& f) { return f.id == id && f.severity == s; });
}

}  // namespace

TEST_CASE("caa plan: caa_issuers gives an issue record per CA at each public zone's apex") {
  auto j = test::contoso_json(1);
  j["caa_issuers"] = {"letsencrypt.org", "DigiCert.com", "letsencrypt.org"};
  auto p = test::plan_of(j);
  CHECK(caa_lines(p) ==
        std::vector<std::string>{"contoso.com. 0 issue \"digicert.com\"", "contoso.com. 0 issue \"letsencrypt.org\""});
  CHECK(p.caa_issuers.size() == 2);  // sorted, each once, lower case
  CHECK_FALSE(test::has_finding(p, "plan.caa-missing"));
  // No issuewild: no wildcard is planned (RFC 8659 4.3: issue then governs wildcards too).
  CHECK(std::ranges::none_of(p.dns_external,
                             [](const DnsRecord& r) { return r.value.find("issuewild") != std::string::npos; }));
  // Internal view: CAs look at public DNS only.
  CHECK(std::ranges::none_of(p.dns_internal, [](const DnsRecord& r) { return r.type == "CAA"; }));
}

TEST_CASE("caa plan: every public zone with a certificate name gets its records, internal names none") {
  auto j = test::enterprise_json(3);
  j["ca"] = "public";
  j["caa_issuers"] = {"letsencrypt.org"};
  auto p = test::plan_of(j);
  auto lines = caa_lines(p);
  CHECK(std::ranges::find(lines, "contoso.com. 0 issue \"letsencrypt.org\"") != lines.end());
  CHECK(std::ranges::find(lines, "fabrikam.com. 0 issue \"letsencrypt.org\"") != lines.end());
  CHECK(std::ranges::none_of(lines, [](const std::string& l) { return l.find("contoso.local") != std::string::npos; }));
}

TEST_CASE("caa plan: none given, no records and an info finding that says how to add them") {
  auto p = test::plan_of(test::contoso_json(1));
  CHECK(caa_lines(p).empty());
  REQUIRE(test::has_finding(p, "plan.caa-missing"));
  auto f = std::ranges::find(p.findings, std::string("plan.caa-missing"), &Finding::id);
  CHECK(f->severity == Severity::Info);
  CHECK(f->remedy.find("--caa-issuer letsencrypt.org") != std::string::npos);
  // An internal CA: CAA does not bind it, nothing to say.
  CHECK_FALSE(test::has_finding(test::plan_of(test::enterprise_json(1)), "plan.caa-missing"));
}

TEST_CASE("caa plan: adplan.json's caa_issuers is validated and round-trips") {
  auto j = test::contoso_json(1);
  j["caa_issuers"] = {"letsencrypt.org"};
  auto d = deployment_from_json(j);
  REQUIRE(d);
  CHECK(to_json(*d)["caa_issuers"] == nlohmann::ordered_json::array({"letsencrypt.org"}));
  CHECK_FALSE(to_json(test::deployment(test::contoso_json(1))).contains("caa_issuers"));
  for (auto bad : {nlohmann::json("letsencrypt.org"), nlohmann::json::array({"*.letsencrypt.org"}),
                   nlohmann::json::array({"lets encrypt"}), nlohmann::json::array({42})}) {
    CAPTURE(bad.dump());
    j["caa_issuers"] = bad;
    auto e = deployment_from_json(j);
    REQUIRE_FALSE(e);
    CHECK(e.error().front().field.starts_with("caa_issuers"));
  }
}

TEST_CASE("caa acme: the directory's CA against the plan's CAA, before any order") {
  AcmeOptions o;
  o.today = test::k_today;
  SUBCASE("none planned: info with the directory's issuer domain") {
    auto a = plan_acme(test::plan_of(test::contoso_json(4)), o);
    REQUIRE(a);
    REQUIRE(acme_has(*a, "acme.caa-missing", Severity::Info));
    auto f = std::ranges::find(a->findings, std::string("acme.caa-missing"), &Finding::id);
    CHECK(f->remedy.find("\"caa_issuers\": [\"letsencrypt.org\"]") != std::string::npos);
  }
  SUBCASE("the plan's CAA names another CA: an error naming the names") {
    auto j = test::contoso_json(4);
    j["caa_issuers"] = {"digicert.com"};
    auto a = plan_acme(test::plan_of(j), o);
    REQUIRE(a);
    CHECK(acme_has(*a, "acme.caa-forbids", Severity::Error));
    auto f = std::ranges::find(a->findings, std::string("acme.caa-forbids"), &Finding::id);
    CHECK(f->message.find("mail.contoso.com") != std::string::npos);
    CHECK(f->remedy.find("letsencrypt.org") != std::string::npos);
  }
  SUBCASE("the plan's CAA names the directory's CA: nothing to say") {
    auto j = test::contoso_json(4);
    j["caa_issuers"] = {"letsencrypt.org"};
    auto a = plan_acme(test::plan_of(j), o);
    REQUIRE(a);
    CHECK_FALSE(acme_has(*a, "acme.caa-forbids", Severity::Error));
    CHECK_FALSE(acme_has(*a, "acme.caa-missing", Severity::Info));
  }
}
