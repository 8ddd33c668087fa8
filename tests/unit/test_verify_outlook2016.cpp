// Issue 11 from recorded observations: the outlook-2016 client (KB 3211279's order, --exclude),
// the service URLs' findings, Exchange Online's claim and POX redirects.
#include "test_verify_recorded.hpp"

#include <adplan/planner/client_answers.hpp>
#include <adplan/verify/internal/simulate.hpp>
#include <adplan/verify/outlook2016.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::test;
using verify::Client;
using verify::Method;
using verify::Outcome;

namespace {

verify::VerifyResult judge_excluding(const observe::Observations& o, const Plan* p, std::vector<Method> exclude) {
  return verify::verify(o, p, verify::VerifyOptions{{now_epoch()}, std::move(exclude)});
}

observe::ServiceProbe service(const std::string& url, const std::string& host, long status,
                              std::optional<observe::TlsFacts> tls) {
  observe::ServiceProbe p;
  p.url = url;
  p.host = host;
  p.services = {"EXPR EwsUrl"};
  p.exchange.method = "GET";
  p.exchange.url = url;
  p.exchange.port = 443;
  p.exchange.transport = observe::Transport::Ok;
  p.exchange.status = status;
  if (status == 401) p.exchange.auth_schemes = {"Basic"};
  p.exchange.tls = std::move(tls);
  return p;
}

observe::O365Probe o365(long status, std::string claimed) {
  observe::O365Probe o;
  o.endpoint = "https://outlook.office365.com";
  o.exchange.method = "GET";
  o.exchange.url = o.endpoint + "/autodiscover/autodiscover.json/v1.0/user@contoso.com?Protocol=AutodiscoverV1";
  o.exchange.transport = observe::Transport::Ok;
  o.exchange.status = status;
  o.exchange.tls = good_tls({"outlook.office365.com"}, "outlook.office365.com");
  o.claimed_url = std::move(claimed);
  return o;
}

bool path_has(const verify::ClientResult& c, std::string_view text) {
  return std::ranges::any_of(c.path, [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

const std::string k_ews = "https://mail.contoso.com/EWS/Exchange.asmx";

}  // namespace

TEST_CASE("outlook-2016: KB 3211279's order; the same first method as outlook-external on a healthy deployment") {
  CHECK(verify::discovery_order(Client::Outlook2016).size() == 7);
  CHECK(verify::discovery_order(Client::Outlook2016).front() == Method::O365);
  CHECK(verify::discovery_order(Client::Outlook2016).back() == Method::O365);
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    Plan p = plan_of(contoso_json(n));
    auto o = healthy(n);
    o.o365 = o365(404, "");
    auto r = judge(o, &p);
    const auto& c = client(r, Client::Outlook2016);
    CHECK(c.method == client(r, Client::OutlookExternal).method);
    CHECK(c.path.front().starts_with("o365: HTTP 404"));
    CHECK(r.pass());
    CHECK(find(r, "o365.no-claim"));
  }
}

TEST_CASE("outlook-2016: the redirect prompt names RedirectServers") {
  Plan p = plan_of(contoso_json(4));
  auto r = judge(healthy(4), &p);
  const auto& c = client(r, Client::Outlook2016);
  REQUIRE(c.prompts.size() == 1);
  CHECK(c.prompts.front().find("RedirectServers") != std::string::npos);
  CHECK(c.outcome == Outcome::OkWithPrompts);
}

TEST_CASE("o365.claims-address: Exchange Online claims the address; an error for an on-premises plan") {
  Plan p = plan_of(contoso_json(1));
  auto o = healthy(1);
  o.o365 = o365(200, "https://outlook.office365.com/autodiscover/autodiscover.xml");
  auto r = judge(o, &p);
  const auto* f = find(r, "o365.claims-address");
  REQUIRE(f);
  CHECK(f->severity == Severity::Error);
  CHECK(f->remedy.find("ExcludeExplicitO365Endpoint=1") != std::string::npos);
  const auto& c = client(r, Client::Outlook2016);
  CHECK(c.method == Method::O365);
  CHECK(c.url == "https://outlook.office365.com/autodiscover/autodiscover.xml");
  CHECK(client(r, Client::OutlookExternal).method == Method::AutodiscoverHttps);  // older Outlook never asks

  SUBCASE("--exclude o365: the simulation skips it and names the policy; the finding stays, as a warning") {
    auto x = judge_excluding(o, &p, {Method::O365});
    const auto& cx = client(x, Client::Outlook2016);
    CHECK(cx.method == Method::AutodiscoverHttps);
    CHECK(path_has(cx, "excluded by policy (ExcludeExplicitO365Endpoint=1"));
    REQUIRE(find(x, "o365.claims-address"));
    CHECK(find(x, "o365.claims-address")->severity == Severity::Warning);
    CHECK(x.pass());
  }
  SUBCASE("a claim for the plan's own host is none") {
    o.o365 = o365(200, "https://mail.contoso.com/autodiscover/autodiscover.xml");
    auto y = judge(o, &p);
    CHECK_FALSE(find(y, "o365.claims-address"));
  }
  SUBCASE("a body that is no claim (wrong types) moves the client on, with an info") {
    o.o365 = o365(200, "");
    o.o365->problem = "the answer has no string \"Url\"";
    auto y = judge(o, &p);
    CHECK_FALSE(find(y, "o365.claims-address"));
    REQUIRE(find(y, "o365.no-claim"));
    CHECK(find(y, "o365.no-claim")->severity == Severity::Info);
    CHECK(client(y, Client::Outlook2016).method == Method::AutodiscoverHttps);
  }
}

TEST_CASE("--exclude: each method is skipped by its policy value, only for outlook-2016") {
  struct Want {
    Method method;
    const char* name;
    const char* value;
  };
  for (const auto& w :
       {Want{Method::O365, "o365", "ExcludeExplicitO365Endpoint"}, Want{Method::Scp, "scp", "ExcludeScpLookup"},
        Want{Method::RootHttps, "root-https", "ExcludeHttpsRootDomain"},
        Want{Method::AutodiscoverHttps, "autodiscover-https", "ExcludeHttpsAutoDiscoverDomain"},
        Want{Method::HttpRedirect, "http-redirect", "ExcludeHttpRedirect"},
        Want{Method::Srv, "srv", "ExcludeSrvRecord"}}) {
    CAPTURE(w.name);
    CHECK(verify::excludable_method(w.name) == w.method);
    CHECK(verify::policy_value(w.method) == w.value);
    // Scenario 1 finds autodiscover-https, 2 SRV, 4 the redirect: excluding it fails outlook-2016 only.
    int n = w.method == Method::Srv ? 2 : w.method == Method::HttpRedirect ? 4 : 1;
    Plan p = plan_of(contoso_json(n));
    auto r = judge_excluding(healthy(n), &p, {w.method});
    const auto& c = client(r, Client::Outlook2016);
    CHECK(path_has(c, std::string(w.value) + "=1"));
    CHECK_FALSE(path_has(client(r, Client::OutlookExternal), "excluded"));
    if (w.method == Method::AutodiscoverHttps || w.method == Method::Srv || w.method == Method::HttpRedirect) {
      CHECK(c.outcome == Outcome::Failed);
      CHECK(find(r, "discovery.failed"));
      CHECK(client(r, Client::OutlookExternal).outcome != Outcome::Failed);
    } else {
      CHECK(verify::succeeded(c.outcome));
    }
  }
  CHECK_FALSE(verify::excludable_method("local-xml"));
}

TEST_CASE("--exclude root-https turns the root-domain trap into a clean outlook-2016 run") {
  auto o = healthy(2);
  lookup(o, "contoso.com") = {"contoso.com", observe::DnsStatus::Ok, "", {"198.51.100.7"}, "", 2};
  endpoint(o, observe::Role::RootHttps).exchanges = {
      post("contoso.com", "198.51.100.7", 404, good_tls({"shared.webhost.example"}, "contoso.com"))};
  Plan p = plan_of(contoso_json(2));
  auto before = judge(o, &p);
  CHECK(client(before, Client::Outlook2016).outcome == Outcome::CertificateWarning);
  REQUIRE(find(before, "root.certificate-warning"));
  CHECK(find(before, "root.certificate-warning")->remedy.find("ExcludeHttpsRootDomain=1") != std::string::npos);
  CHECK_FALSE(before.pass());
  auto after = judge_excluding(o, &p, {Method::RootHttps});
  const auto& c = client(after, Client::Outlook2016);
  CHECK(c.outcome == Outcome::Ok);
  CHECK(c.method == Method::Srv);
  CHECK(path_has(c, "ExcludeHttpsRootDomain=1"));
  REQUIRE(find(after, "root.certificate-warning"));
  CHECK(find(after, "root.certificate-warning")->severity == Severity::Warning);
  CHECK(client(after, Client::OutlookExternal).outcome == Outcome::CertificateWarning);  // no policy there
  CHECK(after.pass());
}

TEST_CASE("service URLs: alive, unreachable, certificate, http error, redirect") {
  Plan p = plan_of(contoso_json(1));
  auto o = healthy(1);
  auto tls = good_tls({"mail.contoso.com"}, "mail.contoso.com");
  o.services = {service(k_ews, "mail.contoso.com", 401, tls),
                service("https://mail.contoso.com/owa", "mail.contoso.com", 302, tls)};
  o.services[1].exchange.location = "/owa/auth/logon.aspx";  // OWA's forms login: same host, alive
  auto r = judge(o, &p);
  CHECK(r.pass());
  CHECK(std::ranges::count_if(r.checks, [](const verify::Check& c) { return c.name == "service"; }) == 2);

  SUBCASE("service.unreachable") {
    o.services[0].exchange.transport = observe::Transport::ConnectTimeout;
    o.services[0].exchange.tls.reset();
    auto x = judge(o, &p);
    REQUIRE(find(x, "service.unreachable"));
    CHECK(find(x, "service.unreachable")->severity == Severity::Error);
    CHECK(find(x, "service.unreachable")->message.find("EXPR EwsUrl") != std::string::npos);
    CHECK(find(x, "service.unreachable")->subject == k_ews);
  }
  SUBCASE("service.certificate names what fails") {
    o.services[0].exchange.tls = good_tls({"other.example"}, "mail.contoso.com");
    o.services[0].exchange.tls->trusted = false;
    auto x = judge(o, &p);
    REQUIRE(find(x, "service.certificate"));
    CHECK(find(x, "service.certificate")->message.find("trust, name") != std::string::npos);
    SUBCASE("the domain-joined trust exception: name and dates still count") {
      o.services[0].scp_only = true;
      o.services[0].exchange.tls->name_matches = true;
      CHECK_FALSE(find(judge(o, &p), "service.certificate"));
    }
  }
  SUBCASE("service.http-error: 404 and 5xx") {
    for (long st : {404L, 500L, 503L}) {
      o.services[0].exchange.status = st;
      auto x = judge(o, &p);
      REQUIRE(find(x, "service.http-error"));
      CHECK(find(x, "service.http-error")->severity == Severity::Error);
    }
  }
  SUBCASE("a redirect to another host is reported") {
    o.services[1].exchange.location = "https://login.example.net/";
    auto x = judge(o, &p);
    REQUIRE(find(x, "service.redirect"));
    CHECK(x.pass());
  }
}

TEST_CASE("POX redirects: redirectAddr restarts discovery; a loop is autodiscover.redirect-loop") {
  Plan p = plan_of(contoso_json(1));
  auto o = healthy(1);
  o.credentials = true;
  auto& ad = endpoint(o, observe::Role::AutodiscoverHttps);
  auto answered = post("autodiscover.contoso.com", "203.0.113.10", 200, std::nullopt);
  answered.authenticated = true;
  answered.pox = observe::PoxResponse{};
  answered.pox->valid = true;
  answered.pox->action = "redirectAddr";
  answered.pox->redirect = "user@fabrikam.com";
  ad.exchanges.push_back(answered);

  auto nested = healthy(1);
  nested.domain = "fabrikam.com";
  nested.email = "user@fabrikam.com";
  nested.credentials = true;
  auto& nad = endpoint(nested, observe::Role::AutodiscoverHttps);
  nad.host = "autodiscover.fabrikam.com";
  nad.exchanges = {post("autodiscover.fabrikam.com", "203.0.113.10", 401,
                        good_tls({"autodiscover.fabrikam.com"}, "autodiscover.fabrikam.com"))};
  auto ok = post("autodiscover.fabrikam.com", "203.0.113.10", 200, std::nullopt);
  ok.authenticated = true;
  ok.pox = settings(k_ews);
  nad.exchanges.push_back(ok);

  observe::PoxRedirect hop;
  hop.from = ad.exchanges.back().url;
  hop.action = "redirectAddr";
  hop.target = "user@fabrikam.com";
  hop.discovery.push_back(nested);
  o.pox_redirects.push_back(hop);
  auto r = judge(o, &p);
  const auto& c = client(r, Client::Outlook2016);
  CHECK(c.outcome == Outcome::Ok);
  CHECK(c.url == "https://autodiscover.fabrikam.com/autodiscover/autodiscover.xml");
  CHECK(path_has(c, "redirectAddr user@fabrikam.com (hop 1)"));
  CHECK(path_has(c, "[user@fabrikam.com] autodiscover-https"));
  CHECK_FALSE(find(r, "autodiscover.redirect-loop"));

  SUBCASE("autodiscover.redirect-loop") {
    o.pox_redirects.front().discovery.clear();
    o.pox_redirects.front().refused = "loop: user@fabrikam.com was visited before in this chain";
    auto x = judge(o, &p);
    REQUIRE(find(x, "autodiscover.redirect-loop"));
    CHECK(find(x, "autodiscover.redirect-loop")->severity == Severity::Error);
    CHECK_FALSE(verify::succeeded(client(x, Client::Outlook2016).outcome));
  }
  SUBCASE("the 11th redirect") {
    o.pox_redirects.front().discovery.clear();
    o.pox_redirects.front().hop = 11;
    o.pox_redirects.front().refused = "more than 10 redirects";
    CHECK(find(judge(o, &p), "autodiscover.redirect-loop"));
  }
}

TEST_CASE("autodiscover.url-mismatch: the mapiHttp URLs and OWA against the plan's answers") {
  Plan p = plan_of(contoso_json(1));
  const auto answers = client_answers(p);
  REQUIRE(answers.mapi_http);
  const auto& m = *answers.mapi_http;
  auto o = healthy(1);
  o.credentials = true;
  auto answer = post("autodiscover.contoso.com", "203.0.113.10", 200, std::nullopt);
  answer.authenticated = true;
  answer.pox = settings(k_ews);
  // Exchange appends ?MailboxId=<guid>@<domain> and writes OWA's URL with a trailing slash.
  const std::string id = "?MailboxId=0f1e2d3c@contoso.com";
  observe::PoxProtocol mapi{"mapiHttp",
                            "",
                            {{"MailStore/InternalUrl", m.mailstore_internal + id},
                             {"MailStore/ExternalUrl", m.mailstore_external + id},
                             {"AddressBook/InternalUrl", m.addressbook_internal + id},
                             {"AddressBook/ExternalUrl", m.addressbook_external + id}}};
  observe::PoxProtocol web{"WEB", "", {{"External/OWAUrl", "https://mail.contoso.com/owa/"}}};
  auto with = [&](observe::PoxProtocol mp, observe::PoxProtocol wp) {
    auto x = o;
    auto a = answer;
    a.pox->protocols.push_back(std::move(mp));
    a.pox->protocols.push_back(std::move(wp));
    endpoint(x, observe::Role::AutodiscoverHttps).exchanges.push_back(a);
    return judge(x, &p);
  };
  auto mismatches = [](const verify::VerifyResult& r) {
    return std::ranges::count_if(r.findings, [](const Finding& f) { return f.id == "autodiscover.url-mismatch"; });
  };
  CHECK(m.mailstore_internal == "https://cas01.contoso.com/mapi/emsmdb/");  // scenario 1: the server's own name
  auto good = with(mapi, web);
  CHECK(mismatches(good) == 0);
  CHECK(good.pass());

  SUBCASE("a MailStore ExternalUrl on another host") {
    auto bad = mapi;
    bad.urls[1].second = "https://cas01.contoso.com/mapi/emsmdb/" + id;
    auto r = with(bad, web);
    REQUIRE(mismatches(r) == 1);
    const auto* f = find(r, "autodiscover.url-mismatch");
    CHECK(f->severity == Severity::Error);
    CHECK(f->message.find("mapiHttp MailStore/ExternalUrl") != std::string::npos);
    CHECK(f->message.find("the plan says " + m.mailstore_external) != std::string::npos);
    CHECK(f->message.find("Outlook clients outside") != std::string::npos);  // not probed: an error
    CHECK(f->remedy.find("Set-MapiVirtualDirectory") != std::string::npos);
  }
  SUBCASE("an AddressBook InternalUrl that is not the plan's") {
    auto bad = mapi;
    bad.urls[2].second = "https://mail.contoso.com/mapi/nspi/" + id;
    auto r = with(bad, web);
    REQUIRE(mismatches(r) == 1);
    CHECK(find(r, "autodiscover.url-mismatch")->message.find("clients inside the network") != std::string::npos);
  }
  SUBCASE("an OWA URL elsewhere") {
    auto bad = web;
    bad.urls[0].second = "https://webmail.contoso.com/owa/";
    auto r = with(mapi, bad);
    REQUIRE(mismatches(r) == 1);
    CHECK(find(r, "autodiscover.url-mismatch")->message.find("WEB External/OWAUrl") != std::string::npos);
  }
  SUBCASE("EXPR's elements are not read from the mapiHttp section") {
    auto odd = mapi;
    odd.urls.push_back({"EwsUrl", "https://elsewhere.example/EWS/Exchange.asmx"});
    CHECK(mismatches(with(odd, web)) == 0);
  }
}

TEST_CASE("--redirect-servers: a listed host's redirect is followed without the prompt") {
  Plan p = plan_of(contoso_json(4));
  const std::vector<std::string> listed{"mail.contoso.com"};
  auto r = verify::verify(healthy(4), &p, verify::VerifyOptions{{now_epoch()}, {}, listed});
  const auto& c = client(r, Client::Outlook2016);
  CHECK(c.outcome == Outcome::Ok);
  CHECK(c.prompts.empty());
  CHECK(path_has(c, "no redirect prompt for mail.contoso.com"));
  CHECK(path_has(c, "HKCU\\Software\\Microsoft\\Office\\16.0\\Outlook\\AutoDiscover\\RedirectServers"));
  // Older Outlook has no such list here: it still asks.
  CHECK(client(r, Client::OutlookExternal).outcome == Outcome::OkWithPrompts);
  SUBCASE("another host listed: the prompt stays, and names the key") {
    const std::vector<std::string> other{"autodiscover.fabrikam.com"};
    auto x = verify::verify(healthy(4), &p, verify::VerifyOptions{{now_epoch()}, {}, other});
    const auto& cx = client(x, Client::Outlook2016);
    REQUIRE(cx.prompts.size() == 1);
    CHECK(cx.prompts.front().find("Software\\Microsoft\\Office\\16.0\\Outlook\\AutoDiscover\\RedirectServers") !=
          std::string::npos);
    CHECK(cx.prompts.front().find("--redirect-servers") != std::string::npos);
  }
}

TEST_CASE("outlook flags: --exclude, --redirect-servers and --o365-endpoint, every problem at once") {
  auto ok = verify::check_outlook_flags({"srv", "scp"}, {"Mail.Contoso.com"}, "https://outlook.office365.com");
  REQUIRE(ok);
  CHECK(ok->excluded == std::vector<Method>{Method::Srv, Method::Scp});
  CHECK(ok->redirect_servers == std::vector<std::string>{"mail.contoso.com"});
  CHECK(ok->o365_endpoint == "https://outlook.office365.com");
  auto none = verify::check_outlook_flags({}, {}, "none");
  REQUIRE(none);
  CHECK(none->o365_endpoint.empty());
  auto bad = verify::check_outlook_flags({"carrier-pigeon"}, {"bad..host"}, "http://outlook.office365.com");
  REQUIRE_FALSE(bad);
  REQUIRE(bad.error().size() == 3);
  CHECK(bad.error()[0].field == "--exclude");
  CHECK(bad.error()[1].field == "--redirect-servers");
  CHECK(bad.error()[2].field == "--o365-endpoint");
}
