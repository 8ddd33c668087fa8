// The client simulation from recorded observations: which method each client finds first,
// the URL, and the prompts on the way.
#include "test_verify_recorded.hpp"

#include <adplan/verify/internal/simulate.hpp>
#include <adplan/verify/verify_json.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::test;
using verify::Client;
using verify::Method;
using verify::Outcome;

TEST_CASE("simulate: the first method that works per scenario") {
  struct Want {
    int scenario;
    Method method;
    std::string url;
  };
  for (const auto& w :
       {Want{1, Method::AutodiscoverHttps, "https://autodiscover.contoso.com/autodiscover/autodiscover.xml"},
        Want{2, Method::Srv, "https://mail.contoso.com/autodiscover/autodiscover.xml"},
        Want{3, Method::AutodiscoverHttps, "https://autodiscover.contoso.com/autodiscover/autodiscover.xml"},
        Want{4, Method::HttpRedirect, "https://mail.contoso.com/autodiscover/autodiscover.xml"}}) {
    CAPTURE(w.scenario);
    Plan p = plan_of(contoso_json(w.scenario));
    auto r = judge(healthy(w.scenario), &p);
    const auto& outlook = client(r, Client::OutlookExternal);
    CHECK(outlook.method == w.method);
    CHECK(outlook.url == w.url);
    CHECK(verify::to_string(outlook.method) == p.external_discovery);
    CHECK(client(r, Client::ActiveSync).method == w.method);
  }
}

TEST_CASE("simulate: scenario 4's redirect prompt; ActiveSync follows without one") {
  Plan p = plan_of(contoso_json(4));
  auto r = judge(healthy(4), &p);
  const auto& outlook = client(r, Client::OutlookExternal);
  REQUIRE(outlook.prompts.size() == 1);
  CHECK(outlook.prompts.front().find("redirect warning") != std::string::npos);
  CHECK(outlook.outcome == Outcome::OkWithPrompts);
  CHECK(client(r, Client::ActiveSync).prompts.empty());
}

TEST_CASE("simulate: the root-domain trap stops Outlook before SRV; ActiveSync refuses the host and goes on") {
  auto o = healthy(2);
  lookup(o, "contoso.com") = {"contoso.com", observe::DnsStatus::Ok, "", {"198.51.100.7"}, "", 2};
  endpoint(o, observe::Role::RootHttps).exchanges = {
      post("contoso.com", "198.51.100.7", 404, good_tls({"shared.webhost.example"}, "contoso.com"))};
  auto r = judge(o, nullptr);
  const auto& outlook = client(r, Client::OutlookExternal);
  CHECK(outlook.method == Method::None);
  CHECK(outlook.outcome == Outcome::CertificateWarning);
  CHECK(outlook.url == "https://contoso.com/autodiscover/autodiscover.xml");
  REQUIRE(outlook.prompts.size() == 1);
  CHECK(outlook.prompts.front().find("tls.name-mismatch") != std::string::npos);
  CHECK(outlook.path.size() == 1);  // SRV never tried
  const auto& phone = client(r, Client::ActiveSync);
  CHECK(phone.method == Method::Srv);
}

TEST_CASE("simulate: an SRV target outside the e-mail domain makes Outlook ask") {
  auto o = healthy(2);
  o.srv.records = {{0, 0, 443, "mail.hoster.example"}};
  o.lookups.push_back({"mail.hoster.example", observe::DnsStatus::Ok, "", {"203.0.113.50"}, "", 1});
  o.endpoints.push_back(
      {{observe::Role::SrvHttps},
       "mail.hoster.example",
       {post("mail.hoster.example", "203.0.113.50", 401, good_tls({"mail.hoster.example"}, "mail.hoster.example"))},
       false,
       false,
       {}});
  endpoint(o, observe::Role::PlannedHttps).roles = {observe::Role::PlannedHttps};
  auto r = judge(o, nullptr);
  const auto& outlook = client(r, Client::OutlookExternal);
  CHECK(outlook.method == Method::Srv);
  REQUIRE(outlook.prompts.size() == 1);
  CHECK(outlook.prompts.front().find("outside contoso.com") != std::string::npos);
}

TEST_CASE("simulate: SRV records on other ports are skipped; the next record in RFC 2782 order is used") {
  auto o = healthy(2);
  o.srv.records = {{0, 0, 8443, "mail.contoso.com"}, {10, 0, 443, "mail.contoso.com"}};
  auto r = judge(o, nullptr);
  CHECK(client(r, Client::OutlookExternal).method == Method::Srv);
}

TEST_CASE("simulate: with credentials a method works only when settings come back") {
  auto o = healthy(1);
  o.credentials = true;
  auto r = judge(o, nullptr);
  CHECK(client(r, Client::OutlookExternal).method == Method::None);  // only 401s were recorded
  auto with = healthy(1);
  with.credentials = true;
  auto answer = post("autodiscover.contoso.com", "203.0.113.10", 200, std::nullopt);
  answer.authenticated = true;
  answer.pox = settings("https://mail.contoso.com/EWS/Exchange.asmx");
  endpoint(with, observe::Role::AutodiscoverHttps).exchanges.push_back(answer);
  CHECK(client(judge(with, nullptr), Client::OutlookExternal).method == Method::AutodiscoverHttps);
}

TEST_CASE("simulate: the discovery order, with the SCP first for domain-joined Outlook") {
  auto joined = verify::discovery_order(Client::OutlookDomainJoined);
  REQUIRE(joined.size() == 5);
  CHECK(joined.front() == Method::Scp);
  auto external = verify::discovery_order(Client::OutlookExternal);
  CHECK(std::vector<Method>(external.begin(), external.end()) ==
        std::vector<Method>{Method::RootHttps, Method::AutodiscoverHttps, Method::HttpRedirect, Method::Srv});
}

TEST_CASE("verify --json: verdict, findings, checks, clients") {
  Plan p = plan_of(contoso_json(2));
  auto o = healthy(2);
  o.srv.records.clear();
  auto j = verify::to_json(judge(o, &p), 42);
  CHECK(j["verdict"] == "fail");
  CHECK(j["findings"][0]["severity"] == "error");
  for (const char* key : {"id", "severity", "subject", "message", "remedy", "evidence"})
    CHECK(j["findings"][0].contains(key));
  for (const char* key : {"name", "subject", "status", "ms"}) CHECK(j["checks"][0].contains(key));
  CHECK(j["clients"][0]["client"] == "outlook-external");
  CHECK(j["clients"][0]["method"] == "none");
  CHECK(j["clients"][1]["client"] == "activesync");
  CHECK(verify::to_json(judge(healthy(2), &p), 1)["verdict"] == "pass");
}

TEST_CASE("verify: check status and client outcome are enums with today's JSON words") {
  using verify::CheckStatus;
  SUBCASE("check status") {
    CHECK(verify::to_string(CheckStatus::Ok) == "ok");
    CHECK(verify::to_string(CheckStatus::Fail) == "fail");
    CHECK(verify::to_string(CheckStatus::Timeout) == "timeout");
    CHECK(verify::to_string(CheckStatus::Skip) == "skip");
  }
  SUBCASE("client outcome") {
    CHECK(verify::to_string(Outcome::Ok) == "ok");
    CHECK(verify::to_string(Outcome::OkWithPrompts) == "ok-with-prompts");
    CHECK(verify::to_string(Outcome::CertificateWarning) == "certificate-warning");
    CHECK(verify::to_string(Outcome::Failed) == "failed");
    CHECK(verify::succeeded(Outcome::OkWithPrompts));
    CHECK_FALSE(verify::succeeded(Outcome::CertificateWarning));
  }
  SUBCASE("the JSON carries the words") {
    Plan p = plan_of(contoso_json(2));
    auto r = judge(healthy(2), &p);
    auto j = verify::to_json(r, 1);
    REQUIRE(j["checks"].size() == r.checks.size());
    bool ok = false;
    for (std::size_t i = 0; i < r.checks.size(); ++i) {
      CHECK(j["checks"][i]["status"] == std::string(verify::to_string(r.checks[i].status)));
      ok = ok || j["checks"][i]["status"] == "ok";
    }
    CHECK(ok);
    CHECK(j["clients"][0]["outcome"] == "ok");
  }
}
