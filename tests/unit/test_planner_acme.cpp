// ACME orders from the plan: per name the challenge that can work in each scenario and why,
// one challenge per order, the DNS-01 records and their CNAME delegation, the directory.
#include "fixtures.hpp"

#include <adplan/planner/acme.hpp>

#include <doctest/doctest.h>

#include <algorithm>

namespace {

using namespace adplan;

AcmePlan acme_of(const Plan& p, AcmeOptions o = {}) {
  o.today = test::k_today;
  auto a = plan_acme(p, o);
  REQUIRE(a);
  return *a;
}

const AcmeName& name(const AcmeOrder& o, std::string_view n) {
  auto it = std::ranges::find_if(o.names, [&](const AcmeName& a) { return a.name.str() == n; });
  REQUIRE(it != o.names.end());
  return *it;
}

bool has(const AcmePlan& a, std::string_view id) {
  return std::ranges::any_of(a.findings, [&](const Finding& f) { return f.id == id; });
}

// Scenario 4 with the Autodiscover name on the certificate: a certificate name that points at
// the redirect site.
Plan scenario4_with_autodiscover_on_certificate() {
  auto p = test::plan_of(test::contoso_json(4));
  auto& sans = p.certificates.front().sans;
  sans.push_back(*HostName::parse("autodiscover.contoso.com"));
  return p;
}

}  // namespace

TEST_CASE("acme: scenario 1 proves the public names over port 80, the server name needs DNS-01") {
  auto a = acme_of(test::plan_of(test::contoso_json(1)));
  REQUIRE(a.orders.size() == 1);
  const auto& o = a.orders.front();
  CHECK(name(o, "mail.contoso.com").challenge == AcmeChallenge::Http01);
  CHECK(name(o, "mail.contoso.com").site == "default");
  CHECK(name(o, "mail.contoso.com").public_ip == "203.0.113.10");
  CHECK(name(o, "autodiscover.contoso.com").challenge == AcmeChallenge::Http01);
  // cas01.contoso.com has no record in the external view: the CA cannot reach it.
  const auto& cas = name(o, "cas01.contoso.com");
  CHECK(cas.challenge == AcmeChallenge::Dns01);
  CHECK_FALSE(cas.http01_possible);
  CHECK(cas.reason.find("no public address") != std::string::npos);
  CHECK(cas.dns01_record == "_acme-challenge.cas01.contoso.com.");
  CHECK(cas.cname_target == "cas01.contoso.com.acme.contoso.com.");
  // One challenge type per order.
  CHECK(o.challenge == AcmeChallenge::Dns01);
  CHECK(o.reason.find("cas01.contoso.com") != std::string::npos);
  CHECK(has(a, "acme.dns01-required"));
  CHECK_FALSE(has_errors(a.findings));
}

TEST_CASE("acme: scenarios 2 and 3 use HTTP-01 for every order, scenario 3 through both sites") {
  auto a2 = acme_of(test::plan_of(test::contoso_json(2)));
  REQUIRE(a2.orders.size() == 1);
  CHECK(a2.orders[0].challenge == AcmeChallenge::Http01);
  // With the CAA record for Let's Encrypt planned (issue 14: without it, acme.caa-missing, info).
  auto j3 = test::contoso_json(3);
  j3["caa_issuers"] = {"letsencrypt.org"};
  auto a3 = acme_of(test::plan_of(j3));
  REQUIRE(a3.orders.size() == 2);
  CHECK(a3.orders[0].challenge == AcmeChallenge::Http01);
  CHECK(a3.orders[1].challenge == AcmeChallenge::Http01);
  CHECK(name(a3.orders[1], "autodiscover.contoso.com").site == "autodiscover");
  CHECK(name(a3.orders[1], "autodiscover.contoso.com").public_ip == "203.0.113.11");
  CHECK(http01_sites(a3) == std::vector<std::string>{"autodiscover", "default"});
  CHECK(a3.findings.empty());
}

TEST_CASE("acme: scenario 4's redirect site, with and without the pass-through") {
  SUBCASE("no certificate name points at the redirect site: it is not involved") {
    auto p = test::plan_of(test::contoso_json(4));
    auto a = acme_of(p);
    CHECK(a.orders.front().challenge == AcmeChallenge::Http01);
    CHECK_FALSE(redirect_site_serves_http01(a));
    CHECK_FALSE(certificate_name_reaches(p, *p.site("redirect")));
  }
  auto p = scenario4_with_autodiscover_on_certificate();
  SUBCASE("with the pass-through: HTTP-01 through the redirect site") {
    auto a = acme_of(p);
    const auto& n = name(a.orders.front(), "autodiscover.contoso.com");
    CHECK(n.challenge == AcmeChallenge::Http01);
    CHECK(n.site == "redirect");
    CHECK(n.reason.find("passes /.well-known/acme-challenge/ through") != std::string::npos);
    CHECK(a.orders.front().challenge == AcmeChallenge::Http01);
    CHECK(redirect_site_serves_http01(a));
    CHECK(certificate_name_reaches(p, *p.site("redirect")));
  }
  SUBCASE("without it: the redirect swallows the token, DNS-01 with a warning and the fix") {
    AcmeOptions o;
    o.redirect_pass_through = false;
    auto a = acme_of(p, o);
    const auto& n = name(a.orders.front(), "autodiscover.contoso.com");
    CHECK(n.challenge == AcmeChallenge::Dns01);
    CHECK_FALSE(n.http01_possible);
    CHECK(a.orders.front().challenge == AcmeChallenge::Dns01);
    REQUIRE(has(a, "acme.redirect-no-pass-through"));
    auto f = std::ranges::find(a.findings, std::string("acme.redirect-no-pass-through"), &Finding::id);
    CHECK(f->severity == Severity::Warning);
    CHECK(f->remedy.find("acme/iis-http01.ps1") != std::string::npos);
  }
}

TEST_CASE("acme: --challenge forces one type; an impossible HTTP-01 is an error before any order") {
  auto p = test::plan_of(test::contoso_json(1));
  AcmeOptions dns;
  dns.challenge = AcmeChallenge::Dns01;
  auto a = acme_of(p, dns);
  CHECK(a.orders[0].challenge == AcmeChallenge::Dns01);
  CHECK(name(a.orders[0], "mail.contoso.com").challenge == AcmeChallenge::Dns01);
  CHECK(name(a.orders[0], "mail.contoso.com").http01_possible);
  AcmeOptions http;
  http.challenge = AcmeChallenge::Http01;
  auto b = acme_of(p, http);
  CHECK(b.orders[0].challenge == AcmeChallenge::Http01);
  CHECK(has(b, "acme.challenge-impossible"));
  CHECK(has_errors(b.findings));
}

TEST_CASE("acme: internal names cannot be ordered from a public CA") {
  auto j = test::enterprise_json(1);
  j["ca"] = "public";
  auto a = acme_of(test::plan_of(j));
  REQUIRE(a.orders.size() == 1);
  CHECK(a.orders[0].challenge == AcmeChallenge::None);
  CHECK(name(a.orders[0], "cas01.contoso.local").challenge == AcmeChallenge::None);
  CHECK(has(a, "acme.internal-name"));
  CHECK(has_errors(a.findings));
  CHECK(a.orders[0].commands.empty());  // nothing to run before the names are fixed
}

TEST_CASE("acme: client commands keep the key where it was made, with the directory URL") {
  AcmeOptions o;
  o.directory = "staging";
  auto a = acme_of(test::plan_of(test::contoso_json(2)), o);
  const auto& cmds = a.orders[0].commands;
  auto find = [&](std::string_view client) {
    auto it = std::ranges::find(cmds, std::string(client), &AcmeCommand::client);
    REQUIRE(it != cmds.end());
    return *it;
  };
  CHECK(find("certbot").lines[0] ==
        "certbot certonly --non-interactive --agree-tos --email hostmaster@contoso.com --server "
        "https://acme-staging-v02.api.letsencrypt.org/directory --csr pki/mail.contoso.com.csr --webroot "
        "--webroot-path /var/www/acme --fullchain-path pki/mail.contoso.com.crt --cert-path "
        "pki/mail.contoso.com.leaf.crt --chain-path pki/mail.contoso.com.chain.crt");
  CHECK(find("lego").lines[0].find("--csr pki/mail.contoso.com.csr --http --http.webroot /var/www/acme run") !=
        std::string::npos);
  // 200-day certificates on 2026-11-24: renew when a third (66 days) is left.
  CHECK(find("lego").lines[2].ends_with("renew --days 66"));
  CHECK(find("win-acme").lines[0].find("ImportExchange.v2.ps1") != std::string::npos);
  const auto& ex = find("exchange").lines;
  CHECK(ex.front().starts_with("New-ExchangeCertificate -GenerateRequest"));
  CHECK(ex[ex.size() - 3].find("-DirectoryUrl LE_STAGE") != std::string::npos);
  CHECK(ex[ex.size() - 2].starts_with("Copy-Item -Path (Get-PACertificate 'mail.contoso.com').CertFile"));
  CHECK(ex.back().find("Import-ExchangeCertificate") == 0);
  CHECK(ex.back().ends_with("Enable-ExchangeCertificate -Services IIS"));
}

TEST_CASE("acme: the directory") {
  CHECK(parse_acme_directory("")->url == "https://acme-v02.api.letsencrypt.org/directory");
  CHECK(parse_acme_directory("production")->caa_issuer == "letsencrypt.org");
  CHECK(parse_acme_directory("staging")->url == "https://acme-staging-v02.api.letsencrypt.org/directory");
  CHECK(parse_acme_directory("https://127.0.0.1:14000/dir")->url == "https://127.0.0.1:14000/dir");
  CHECK(parse_acme_directory("https://127.0.0.1:14000/dir")->posh_acme == "https://127.0.0.1:14000/dir");
  for (std::string_view bad : {"http://acme.example/dir", "https://", "https://a b/", "https://x/'$(id)'", "ftp://x"}) {
    INFO(bad);
    auto d = parse_acme_directory(bad);
    REQUIRE_FALSE(d);
    CHECK(d.error().code == "usage.acme-directory");
  }
  CHECK(parse_acme_challenge("dns-01") == AcmeChallenge::Dns01);
  CHECK_FALSE(parse_acme_challenge("tls-alpn-01"));
}
