// The domain-joined client and the scp.* findings, from recorded observations: SCP URLs
// first (ignoring the chain of trust, as the white paper says domain-connected Outlook does),
// then the DNS methods.
#include "test_verify_recorded.hpp"

#include <adplan/verify/internal/simulate.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using namespace adplan::test;
using verify::Client;
using verify::Method;
using verify::Outcome;

namespace {

// Scenario 2's healthy recording plus a directory answer: one SCP per server, both on mail.
observe::Observations with_scp(std::vector<observe::ScpUrlObservation> urls, std::string site = "Seattle") {
  auto o = healthy(2);
  observe::ScpObservation scp;
  scp.directory = "ldap://dc01.contoso.com/";
  scp.client_site = std::move(site);
  scp.objects = urls.size();
  scp.urls = std::move(urls);
  for (const auto& u : scp.urls) {
    bool known = false;
    for (auto& e : o.endpoints) {
      if (e.host == u.host && !e.has(observe::Role::HttpRedirect)) {
        if (!e.has(observe::Role::Scp)) e.roles.push_back(observe::Role::Scp);
        known = true;
      }
    }
    if (!known) o.endpoints.push_back({{observe::Role::Scp}, u.host, {}, false, false, {}});
  }
  o.scp = std::move(scp);
  return o;
}

observe::ScpUrlObservation mail_scp(int priority = 1, std::string site = "Seattle") {
  return {"https://mail.contoso.com/autodiscover/autodiscover.xml",
          "mail.contoso.com",
          priority,
          {std::move(site)},
          "CN=CAS01,..."};
}

observe::Endpoint& host_endpoint(observe::Observations& o, const std::string& host) {
  for (auto& e : o.endpoints) {
    if (e.host == host && !e.has(observe::Role::HttpRedirect)) return e;
  }
  throw std::logic_error("no endpoint");
}

}  // namespace

TEST_CASE("domain-joined Outlook: the SCP comes first, and only when a directory was asked") {
  Plan p = plan_of(contoso_json(2));
  auto without = judge(healthy(2), &p);
  CHECK(std::ranges::none_of(without.clients, [](const auto& c) { return c.client == Client::OutlookDomainJoined; }));
  auto r = judge(with_scp({mail_scp()}), &p);
  const auto& dj = client(r, Client::OutlookDomainJoined);
  CHECK(dj.method == Method::Scp);
  CHECK(dj.outcome == Outcome::Ok);
  CHECK(dj.url == "https://mail.contoso.com/autodiscover/autodiscover.xml");
  CHECK(r.pass());
  CHECK(r.checks.front().name == "scp");
  CHECK(verify::discovery_order(Client::OutlookDomainJoined).front() == Method::Scp);
}

TEST_CASE("scp.missing: no SCP URL, domain-joined Outlook falls back to DNS") {
  Plan p = plan_of(contoso_json(2));
  auto r = judge(with_scp({}), &p);
  REQUIRE(find(r, "scp.missing"));
  CHECK(find(r, "scp.missing")->severity == Severity::Error);
  CHECK(find(r, "scp.missing")->remedy.find("Set-ClientAccessService") != std::string::npos);
  CHECK(client(r, Client::OutlookDomainJoined).method == Method::Srv);
}

TEST_CASE("scp.url-mismatch and scp.unreachable: a stale SCP before a working one") {
  Plan p = plan_of(contoso_json(2));
  auto o = with_scp(
      {{"https://cas00.contoso.com/autodiscover/autodiscover.xml", "cas00.contoso.com", 1, {"Seattle"}, "CN=CAS00"},
       mail_scp()});
  host_endpoint(o, "cas00.contoso.com").exchanges = {
      failed("https://cas00.contoso.com/autodiscover/autodiscover.xml", observe::Transport::NoAddress, 443)};
  auto r = judge(o, &p);
  CHECK(find(r, "scp.url-mismatch")->severity == Severity::Error);
  CHECK(find(r, "scp.url-mismatch")->subject == "CN=CAS00");
  CHECK(find(r, "scp.url-mismatch")->message.find("does not resolve") != std::string::npos);  // issue 22: by effect
  CHECK(find(r, "scp.unreachable")->severity == Severity::Warning);
  CHECK(client(r, Client::OutlookDomainJoined).method == Method::Scp);
  SUBCASE("an error when no SCP URL answers") {
    host_endpoint(o, "mail.contoso.com").exchanges = {
        failed("https://mail.contoso.com/autodiscover/autodiscover.xml", observe::Transport::Refused, 443)};
    auto r2 = judge(o, &p);
    CHECK(find(r2, "scp.unreachable")->severity == Severity::Error);
    CHECK(client(r2, Client::OutlookDomainJoined).method != Method::Scp);
  }
}

TEST_CASE("scp.name-mismatch: the certificate warning KB 940726 describes") {
  Plan p = plan_of(contoso_json(2));
  auto o = with_scp(
      {{"https://cas01.contoso.com/autodiscover/autodiscover.xml", "cas01.contoso.com", 1, {"Seattle"}, "CN=CAS01"}});
  o.lookups.push_back({"cas01.contoso.com", observe::DnsStatus::Ok, "", {"192.0.2.10"}, "", 1});
  host_endpoint(o, "cas01.contoso.com").exchanges = {
      post("cas01.contoso.com", "192.0.2.10", 401, good_tls({"mail.contoso.com"}, "cas01.contoso.com"))};
  auto r = judge(o, &p);
  CHECK(find(r, "scp.name-mismatch")->severity == Severity::Error);
  CHECK(find(r, "scp.url-mismatch"));  // the plan puts the SCP on mail.contoso.com
  const auto& dj = client(r, Client::OutlookDomainJoined);
  CHECK(dj.outcome == Outcome::CertificateWarning);
  CHECK(dj.method == Method::None);
}

TEST_CASE("scp.no-site-affinity: no SCP scoped to the client's site") {
  Plan p = plan_of(contoso_json(2));
  auto r = judge(with_scp({mail_scp(3, "Dublin")}, "Paris"), &p);
  CHECK(find(r, "scp.no-site-affinity")->severity == Severity::Warning);
  CHECK(r.pass());
  CHECK_FALSE(find(judge(with_scp({mail_scp()}), &p), "scp.no-site-affinity"));
}

TEST_CASE("the self-signed certificate of Exchange setup: fine inside, not outside") {
  Plan p = plan_of(contoso_json(2));
  auto o = with_scp({mail_scp()});
  auto tls = good_tls({"cas01.contoso.com", "mail.contoso.com"}, "mail.contoso.com");
  tls.chain.front().subject = "CN=CAS01";
  tls.chain.front().common_name = "CAS01";
  tls.chain.front().self_signed = true;
  tls.chain.front().issuer = "CN=CAS01";
  tls.trusted = false;
  tls.trust_errors = {"depth 0: self-signed certificate"};
  for (auto& ex : host_endpoint(o, "mail.contoso.com").exchanges) ex.tls = tls;
  auto r = judge(o, &p);
  CHECK(find(r, "scp.self-signed")->severity == Severity::Warning);
  CHECK(find(r, "tls.untrusted")->severity == Severity::Error);
  const auto& dj = client(r, Client::OutlookDomainJoined);
  CHECK(dj.method == Method::Scp);
  CHECK(dj.outcome == Outcome::Ok);
  CHECK(client(r, Client::OutlookExternal).outcome == Outcome::CertificateWarning);
  CHECK(client(r, Client::ActiveSync).outcome == Outcome::Failed);
}

TEST_CASE("scp.lookup-failed: a directory that does not answer") {
  Plan p = plan_of(contoso_json(2));
  auto o = with_scp({});
  o.scp->errors = {
      Error{"ldap.error", "ldap://dc01.contoso.com/", "anonymous bind failed: Can't contact LDAP server", ""}};
  auto r = judge(o, &p);
  CHECK(find(r, "scp.lookup-failed")->severity == Severity::Error);
  CHECK_FALSE(find(r, "scp.missing"));
}

TEST_CASE("ldap.timeout: a directory that did not answer in time, as an Error value to the judge") {
  Plan p = plan_of(contoso_json(2));
  auto o = with_scp({});
  o.scp->errors = {Error{"ldap.timeout", "ldap://dc01.contoso.com/",
                         "anonymous bind failed: no answer within 2000 ms (Timed out)", "raise --timeout"}};
  auto r = judge(o, &p);
  const auto* f = find(r, "ldap.timeout");
  REQUIRE(f);
  CHECK(f->severity == Severity::Error);
  CHECK(f->subject == "ldap://dc01.contoso.com/");
  CHECK(f->message.find("no answer within 2000 ms") != std::string::npos);
  CHECK_FALSE(find(r, "scp.lookup-failed"));
  CHECK_FALSE(find(r, "scp.missing"));
  REQUIRE_FALSE(r.checks.empty());
  CHECK(r.checks.front().status == verify::CheckStatus::Timeout);
}

TEST_CASE("scp.pointer-untrusted: where the bind credentials were withheld, and refused pointers") {
  Plan p = plan_of(contoso_json(2));
  auto o = with_scp({mail_scp()});
  o.scp->untrusted = {
      {"127.0.0.77", "ldap://127.0.0.77/", "credentials go to a pointed-to directory only over TLS", true},
      {"169.254.169.254", "ldaps://169.254.169.254/", "a link-local address", false}};
  auto r = judge(o, &p);
  int n = 0;
  for (const auto& f : r.findings) {
    if (f.id != "scp.pointer-untrusted") continue;
    ++n;
    if (f.subject == "127.0.0.77") {
      CHECK(f.severity == Severity::Warning);
      CHECK(f.message ==
            "a pointer SCP sends the look-up to ldap://127.0.0.77/, asked anonymously: the bind DN and password were "
            "withheld because credentials go to a pointed-to directory only over TLS");
      CHECK(f.remedy.find("--ldap-trust 127.0.0.77") != std::string::npos);
    } else {
      CHECK(f.subject == "169.254.169.254");
      CHECK(f.severity == Severity::Error);
      CHECK(f.message.find("which was not asked: a link-local address") != std::string::npos);
    }
  }
  CHECK(n == 2);
}

TEST_CASE("scp.cleartext-bind: a bind the user allowed over cleartext is recorded") {
  Plan p = plan_of(contoso_json(2));
  auto o = with_scp({mail_scp()});
  CHECK_FALSE(find(judge(o, &p), "scp.cleartext-bind"));
  o.scp->cleartext_bind = true;
  auto r = judge(o, &p);
  REQUIRE(find(r, "scp.cleartext-bind"));
  CHECK(find(r, "scp.cleartext-bind")->severity == Severity::Warning);
}

TEST_CASE("dns.server-unreachable: one finding when no DNS question got an answer") {
  Plan p = plan_of(contoso_json(2));
  auto o = healthy(2);
  for (auto& l : o.lookups) {
    l.status = observe::DnsStatus::Timeout;
    l.addresses.clear();
    l.error = "Timeout while contacting DNS servers";
  }
  o.srv.status = observe::DnsStatus::Timeout;
  o.srv.records.clear();
  auto r = judge(o, &p);
  CHECK(find(r, "dns.server-unreachable")->severity == Severity::Error);
  CHECK_FALSE(find(r, "dns.no-address"));
  CHECK_FALSE(find(r, "dns.srv-missing"));
  SUBCASE("one name answering is not a server failure") {
    lookup(o, "mail.contoso.com").status = observe::DnsStatus::Ok;
    lookup(o, "mail.contoso.com").addresses = {"203.0.113.10"};
    CHECK_FALSE(find(judge(o, &p), "dns.server-unreachable"));
  }
}

TEST_CASE("DNS round robin: every address of a planned host is judged on its own") {
  Plan p = plan_of(contoso_json(2));
  auto o = healthy(2);
  lookup(o, "mail.contoso.com").addresses = {"203.0.113.10", "203.0.113.99"};
  auto& mail = host_endpoint(o, "mail.contoso.com");
  auto dead = failed("https://mail.contoso.com/autodiscover/autodiscover.xml", observe::Transport::Refused, 443);
  dead.address = "203.0.113.99";
  mail.other_addresses = {dead};
  auto r = judge(o, &p);
  const auto* f = find(r, "tcp.unreachable");
  REQUIRE(f);
  CHECK(f->severity == Severity::Error);
  CHECK(f->subject == "https://mail.contoso.com/autodiscover/autodiscover.xml via 203.0.113.99");
  SUBCASE("a healthy second node adds nothing") {
    auto ok = post("mail.contoso.com", "203.0.113.99", 401, good_tls({"mail.contoso.com"}, "mail.contoso.com"));
    mail.other_addresses = {ok};
    auto r2 = judge(o, &p);
    CHECK(std::ranges::none_of(r2.findings,
                               [](const Finding& x) { return x.subject.find(" via ") != std::string::npos; }));
    CHECK(find(r2, "dns.address-mismatch"));  // the plan publishes one address
  }
}
