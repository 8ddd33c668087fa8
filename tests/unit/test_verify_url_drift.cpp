// Issue 22, "severity by effect": one rule for a URL an answer hands out that differs from the
// plan (verify/internal/url_drift.hpp). The rule on its own, then each family (Autodiscover POX,
// ActiveSync, Autodiscover v2, SCP) from recorded observations: "differs but works" is a
// <family>.url-drift warning and the run passes; "differs and fails" is <family>.url-mismatch.
#include "test_verify_recorded.hpp"

#include <adplan/observe/mobile.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/planner/client_answers.hpp>
#include <adplan/verify/internal/url_drift.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace adplan;
using namespace adplan::test;
using observe::Transport;
using verify::LiveUrlFacts;
using verify::UrlDifference;
using verify::UrlEffect;
using verify::UrlFamily;

namespace {

const std::string k_id = "?MailboxId=0f1e2d3c@contoso.com";

observe::HttpExchange get(const std::string& url, long status, bool authenticated = false,
                          const std::string& address = "203.0.113.10") {
  observe::HttpExchange ex;
  ex.method = "GET";
  ex.url = url;
  ex.address = address;
  ex.port = 443;
  ex.transport = Transport::Ok;
  ex.status = status;
  ex.authenticated = authenticated;
  if (status == 401) ex.auth_schemes = {"Negotiate", "NTLM"};
  auto host = observe::parse_url(url)->host;
  ex.tls = good_tls({"mail.contoso.com", "autodiscover.contoso.com", "webmail.contoso.com", "eas.contoso.com"}, host);
  return ex;
}

// What verify saw at a URL: the anonymous 401 and, as the user, `status`.
LiveUrlFacts seen(const std::string& url, long status) {
  LiveUrlFacts f;
  f.observed = true;
  f.credentials_given = true;
  f.first = get(url, 401);
  f.with_credentials = get(url, status, true);
  return f;
}

UrlDifference difference(const std::string& live, bool internal = false) {
  UrlDifference d;
  d.family = UrlFamily::Autodiscover;
  d.subject = "https://autodiscover.contoso.com/autodiscover/autodiscover.xml";
  d.what = "mapiHttp MailStore/ExternalUrl";
  d.planned = "https://mail.contoso.com/mapi/emsmdb/";
  d.live = live;
  d.internal = internal;
  d.clients = "Outlook clients outside the network";
  d.set_remedy =
      "Set-MapiVirtualDirectory -Identity 'CAS01\\mapi (Default Web Site)' -ExternalUrl "
      "'https://mail.contoso.com/mapi'";
  d.adopt_remedy = "adopt it: set \"external_host\"";
  return d;
}

const verify::ClockRules k_clock{now_epoch()};

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// The errors of a run, for the message of a failed pass() check.
std::string errors_of(const verify::VerifyResult& r) {
  std::string out;
  for (const auto& f : r.findings) {
    if (f.severity == Severity::Error) out += f.id + " " + f.subject + ": " + f.message + "\n";
  }
  return out;
}

// With credentials given, every https endpoint that challenged answers the user with settings.
void answer_as_user(observe::Observations& o) {
  o.credentials = true;
  for (auto& e : o.endpoints) {
    if (e.has(observe::Role::HttpRedirect) || e.exchanges.empty() || e.exchanges.front().status != 401) continue;
    auto a = post(e.host, e.exchanges.front().address, 200, std::nullopt);
    a.authenticated = true;
    a.pox = settings("https://mail.contoso.com/EWS/Exchange.asmx");
    e.exchanges.push_back(a);
  }
}

long count(const verify::VerifyResult& r, std::string_view id) {
  return std::ranges::count_if(r.findings, [&](const Finding& f) { return f.id == id; });
}

}  // namespace

TEST_CASE("url drift: the rule, by what a client meets at the live URL") {
  const std::string live = "https://webmail.contoso.com/mapi/emsmdb/";
  SUBCASE("https, certificate passes, answers as the user: drift, a warning with both values") {
    auto f = verify::judge_url_difference(difference(live), seen(live, 200), k_clock);
    CHECK(f.id == "autodiscover.url-drift");
    CHECK(f.severity == Severity::Warning);
    CHECK(has(f.evidence, "plan: https://mail.contoso.com/mapi/emsmdb/"));
    CHECK(has(f.evidence, "live: " + live));
    CHECK(has(f.message, "not a failure"));
    CHECK(has(f.remedy, "-ExternalUrl 'https://mail.contoso.com/mapi'"));
    CHECK(has(f.remedy, "external_host"));
  }
  SUBCASE("a redirect within the host (OWA's forms login) works too") {
    auto facts = seen(live, 302);
    facts.with_credentials->location = "/owa/auth/logon.aspx";
    CHECK(verify::url_effect(difference(live), facts, k_clock).effect == UrlEffect::Works);
  }
  SUBCASE("only the anonymous 401 (a wrong path behind IIS answers it too): unproven, a warning that says so") {
    LiveUrlFacts facts = seen(live, 200);
    facts.with_credentials.reset();
    facts.credentials_given = false;
    auto v = verify::url_effect(difference(live), facts, k_clock);
    CHECK(v.effect == UrlEffect::Unproven);
    CHECK(has(v.why, "--user"));
    auto f = verify::judge_url_difference(difference(live), facts, k_clock);
    CHECK(f.id == "autodiscover.url-drift");
    CHECK(f.severity == Severity::Warning);
    CHECK(has(f.message, "unproven"));
    SUBCASE("credentials withheld (an unapproved host) say why") {
      facts.credentials_given = true;
      facts.first.withheld_code = "redirect-not-approved";
      facts.first.withheld = "webmail.contoso.com was reached by the Autodiscover answer";
      CHECK(has(verify::url_effect(difference(live), facts, k_clock).why, "redirect-not-approved"));
    }
  }
  SUBCASE("the credentials refused: unproven") {
    CHECK(verify::url_effect(difference(live), seen(live, 401), k_clock).effect == UrlEffect::Unproven);
  }
  SUBCASE("errors: every way a client fails") {
    auto fails = [&](const UrlDifference& d, const LiveUrlFacts& facts, std::string_view why) {
      auto f = verify::judge_url_difference(d, facts, k_clock);
      CHECK(f.id == "autodiscover.url-mismatch");
      CHECK(f.severity == Severity::Error);
      CHECK_MESSAGE(has(f.message, why), f.message);
      CHECK(has(f.remedy, "-ExternalUrl 'https://mail.contoso.com/mapi'"));
      CHECK_FALSE(has(f.remedy, "external_host"));  // not adopting a URL that fails
    };
    // not https
    fails(difference("http://mail.contoso.com/mapi/emsmdb/"), seen("http://mail.contoso.com/mapi/emsmdb/", 200),
          "not https");
    // the host is not on the certificate
    auto other = seen("https://cas01.contoso.com/mapi/emsmdb/", 200);
    fails(difference("https://cas01.contoso.com/mapi/emsmdb/"), other, "not on the certificate");
    // the host does not resolve
    auto gone = seen(live, 200);
    gone.first.transport = Transport::NoAddress;
    fails(difference(live), gone, "does not resolve");
    // nothing answers
    gone.first.transport = Transport::Refused;
    fails(difference(live), gone, "does not answer");
    // a wrong path: the anonymous 401, then 404 to the user
    fails(difference(live), seen(live, 404), "the service is not there");
    fails(difference(live), seen(live, 503), "the service is not there");
    // the wrong service: a 200 that is not the service's answer
    auto wrong = seen(live, 200);
    wrong.service_answer = false;
    wrong.service_note = "no MS-ASProtocolVersions";
    fails(difference(live), wrong, "no MS-ASProtocolVersions");
    // an external URL whose host resolves only to an address inside
    auto inside = seen(live, 200);
    inside.first.address = "10.0.0.10";
    fails(difference(live), inside, "only clients inside the network reach");
    // never requested: nothing shows it works
    fails(difference(live), LiveUrlFacts{}, "was not requested");
  }
  SUBCASE("an internal URL at a private address is what it should be") {
    auto inside = seen(live, 200);
    inside.first.address = "10.0.0.10";
    CHECK(verify::url_effect(difference(live, true), inside, k_clock).effect == UrlEffect::Works);
  }
  SUBCASE("SCP: domain-joined Outlook skips the chain's trust, not the name") {
    auto d = difference("https://mail.contoso.com/autodiscover/autodiscover.xml", true);
    d.family = UrlFamily::Scp;
    auto facts = seen(d.live, 200);
    facts.first.tls->trusted = false;
    CHECK(verify::url_effect(d, facts, k_clock).effect == UrlEffect::Fails);
    facts.trust_exception = true;
    auto f = verify::judge_url_difference(d, facts, k_clock);
    CHECK(f.id == "scp.url-drift");
    facts.first.tls->name_matches = false;
    CHECK(verify::judge_url_difference(d, facts, k_clock).id == "scp.url-mismatch");
  }
}

TEST_CASE("url drift: a remedy sets exactly the URL that differs; adopting names the adplan.json field") {
  const std::string cmd =
      "Set-MapiVirtualDirectory -Identity 'CAS01\\mapi (Default Web Site)' -ExternalUrl "
      "'https://mail.contoso.com/mapi' -InternalUrl 'https://mail.contoso.com/mapi'";
  CHECK(verify::set_one_url(cmd, true, "https://cas01.contoso.com/mapi") ==
        "Set-MapiVirtualDirectory -Identity 'CAS01\\mapi (Default Web Site)' -InternalUrl "
        "'https://cas01.contoso.com/mapi'");
  CHECK(verify::set_one_url(cmd, false, "https://mail.contoso.com/mapi") ==
        "Set-MapiVirtualDirectory -Identity 'CAS01\\mapi (Default Web Site)' -ExternalUrl "
        "'https://mail.contoso.com/mapi'");
  Plan p1 = plan_of(contoso_json(1));
  CHECK(has(verify::adopt_remedy(p1, false, "https://mail.contoso.com/EWS/Exchange.asmx",
                                 "https://webmail.contoso.com/EWS/Exchange.asmx"),
            "\"external_host\": \"webmail.contoso.com\""));
  // Scenario 1 keeps the server's own name inside; the external host there is another scenario.
  CHECK(has(verify::adopt_remedy(p1, true, "https://cas01.contoso.com/mapi/emsmdb/",
                                 "https://mail.contoso.com/mapi/emsmdb/" + k_id),
            "\"scenario\": 2, 3 or 4"));
  // Another path than Exchange's: the plan cannot hold it.
  CHECK(verify::adopt_remedy(p1, false, "https://mail.contoso.com/EWS/Exchange.asmx",
                             "https://mail.contoso.com/ews2/Exchange.asmx")
            .empty());
}

// Issue 22's report: scenario 1, the answer gives mail.contoso.com as the mapiHttp InternalUrl,
// the plan keeps the server's own name; the URL answers, is on the certificate, Outlook connects.
TEST_CASE("autodiscover.url-drift: a MAPI InternalUrl that differs but works is a warning, its remedy -InternalUrl") {
  Plan p = plan_of(contoso_json(1));
  const auto m = *client_answers(p).mapi_http;
  auto o = healthy(1);
  o.credentials = true;
  auto answer = post("autodiscover.contoso.com", "203.0.113.10", 200, std::nullopt);
  answer.authenticated = true;
  answer.pox = settings("https://mail.contoso.com/EWS/Exchange.asmx");
  const std::string live_internal = "https://mail.contoso.com/mapi/emsmdb/" + k_id;
  observe::PoxProtocol mapi{"mapiHttp",
                            "",
                            {{"MailStore/InternalUrl", live_internal},
                             {"MailStore/ExternalUrl", m.mailstore_external + k_id},
                             {"AddressBook/InternalUrl", m.addressbook_internal + k_id},
                             {"AddressBook/ExternalUrl", m.addressbook_external + k_id}}};
  answer.pox->protocols.push_back(mapi);
  endpoint(o, observe::Role::AutodiscoverHttps).exchanges.push_back(answer);
  observe::ServiceProbe probe;
  probe.url = live_internal;
  probe.host = "mail.contoso.com";
  probe.services = {"mapiHttp MailStore/InternalUrl", "mapiHttp MailStore/ExternalUrl"};
  probe.exchange = get(live_internal, 401);
  probe.authenticated = get(live_internal, 200, true);
  o.services.push_back(probe);

  auto r = judge(o, &p);
  CHECK(count(r, "autodiscover.url-mismatch") == 0);
  REQUIRE(count(r, "autodiscover.url-drift") == 1);
  const auto* f = find(r, "autodiscover.url-drift");
  CHECK(f->severity == Severity::Warning);
  CHECK_MESSAGE(r.pass(), errors_of(r));
  CHECK(has(f->message, "mapiHttp MailStore/InternalUrl"));
  CHECK(has(f->evidence, "plan: https://cas01.contoso.com/mapi/emsmdb/"));
  CHECK(has(f->evidence, "live: " + live_internal));
  // The bug of the report: it proposed -ExternalUrl with the value the server already answers.
  CHECK(has(f->remedy,
            "Set-MapiVirtualDirectory -Identity 'CAS01\\mapi (Default Web Site)' -InternalUrl "
            "'https://cas01.contoso.com/mapi'"));
  CHECK_FALSE(has(f->remedy, "-ExternalUrl"));
  CHECK(has(f->remedy, "\"scenario\""));

  SUBCASE("differs and fails: a dead path, 404 to the user") {
    o.services.front().authenticated = get(live_internal, 404, true);
    auto bad = judge(o, &p);
    REQUIRE(find(bad, "autodiscover.url-mismatch"));
    CHECK(find(bad, "autodiscover.url-mismatch")->severity == Severity::Error);
    CHECK(find(bad, "autodiscover.url-drift") == nullptr);
    CHECK_FALSE(bad.pass());
  }
  SUBCASE("without credentials the 401 leaves it unproven: still a warning, saying so") {
    o.credentials = false;
    o.services.front().authenticated.reset();
    auto u = judge(o, &p);
    REQUIRE(find(u, "autodiscover.url-drift"));
    CHECK(has(find(u, "autodiscover.url-drift")->message, "unproven"));
  }
}

TEST_CASE("autodiscover.url-mismatch: an ExternalUrl that fails gets an -ExternalUrl remedy") {
  Plan p = plan_of(contoso_json(2));
  auto o = healthy(2);
  o.credentials = true;
  const std::string live = "https://webmail.contoso.com/EWS/Exchange.asmx";
  auto answer = post("mail.contoso.com", "203.0.113.10", 200, std::nullopt);
  answer.authenticated = true;
  answer.pox = settings(live);
  endpoint(o, observe::Role::PlannedHttps).exchanges.push_back(answer);
  observe::ServiceProbe probe;
  probe.url = live;
  probe.host = "webmail.contoso.com";
  probe.services = {"EXPR EwsUrl"};
  probe.exchange = get(live, 401);
  probe.authenticated = get(live, 200, true);
  o.services.push_back(probe);
  SUBCASE("works: three drift warnings (EwsUrl, ASUrl, OOFUrl), the run passes") {
    auto r = judge(o, &p);
    CHECK(count(r, "autodiscover.url-drift") == 3);
    CHECK(count(r, "autodiscover.url-mismatch") == 0);
    CHECK_MESSAGE(r.pass(), errors_of(r));
    const auto* f = find(r, "autodiscover.url-drift");
    CHECK(has(f->remedy,
              "Set-WebServicesVirtualDirectory -Identity 'CAS01\\EWS (Default Web Site)' -ExternalUrl "
              "'https://mail.contoso.com/EWS/Exchange.asmx'"));
    CHECK(has(f->remedy, "\"external_host\": \"webmail.contoso.com\""));
  }
  SUBCASE("fails: the host is not on the certificate") {
    o.services.front().exchange.tls = good_tls({"mail.contoso.com"}, "webmail.contoso.com");
    auto r = judge(o, &p);
    CHECK(count(r, "autodiscover.url-mismatch") == 3);
    const auto* f = find(r, "autodiscover.url-mismatch");
    CHECK(f->severity == Severity::Error);
    CHECK(has(f->message, "not on the certificate"));
    CHECK(has(f->remedy, "-ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx'"));
    CHECK_FALSE(has(f->remedy, "-InternalUrl"));
  }
}

namespace {

// A device's and Teams' answers on the mail.contoso.com endpoint (scenario 2), built by hand.
observe::MobileObservation mobile(const std::string& mobilesync_url, const std::string& v2_ews) {
  observe::MobileObservation m;
  observe::MobileSyncResponse r;
  r.valid = true;
  r.servers = {{"MobileSync", mobilesync_url, mobilesync_url}};
  auto ad = post("mail.contoso.com", "203.0.113.10", 200, std::nullopt);
  ad.authenticated = true;
  m.mobilesync.push_back({"user@contoso.com", ad, r});
  observe::OptionsExchange anon{get(mobilesync_url, 401), "", "", "", false};
  anon.http.method = "OPTIONS";
  observe::OptionsExchange user{get(mobilesync_url, 200, true), "14.1,16.0,16.1", "Sync", "", false};
  user.http.method = "OPTIONS";
  m.options = {anon, user};
  auto v2 = [](const std::string& protocol, const std::string& url) {
    observe::V2Exchange v;
    v.protocol = protocol;
    v.http =
        get("https://mail.contoso.com/autodiscover/autodiscover.json/v1.0/user@contoso.com?Protocol=" + protocol, 200);
    v.response = observe::V2Response{true, "", protocol, url, "", ""};
    return v;
  };
  m.v2 = {v2("AutodiscoverV1", "https://mail.contoso.com/autodiscover/autodiscover.xml"), v2("Ews", v2_ews),
          v2("ActiveSync", mobilesync_url)};
  observe::V2Exchange unknown;
  unknown.protocol = "AdplanNoSuchProtocol";
  unknown.unknown = true;
  unknown.http = get("https://mail.contoso.com/autodiscover/autodiscover.json/v1.0/user@contoso.com", 400);
  unknown.response = observe::V2Response{true, "", "", "", "InvalidProtocol", "invalid"};
  m.v2.push_back(unknown);
  return m;
}

observe::Observations with_mobile(const observe::MobileObservation& m) {
  auto o = healthy(2);
  answer_as_user(o);
  endpoint(o, observe::Role::PlannedHttps).mobile = {m};
  return o;
}

}  // namespace

TEST_CASE("activesync.url-drift: a MobileSync URL elsewhere that answers OPTIONS with versions") {
  Plan p = plan_of(contoso_json(2));
  const std::string eas = "https://eas.contoso.com/Microsoft-Server-ActiveSync";
  auto m = mobile(eas, "https://mail.contoso.com/EWS/Exchange.asmx");
  SUBCASE("differs but works: a warning, the run passes") {
    auto r = judge(with_mobile(m), &p);
    REQUIRE(find(r, "activesync.url-drift"));
    const auto* f = find(r, "activesync.url-drift");
    CHECK(f->severity == Severity::Warning);
    CHECK(has(f->evidence, "plan: https://mail.contoso.com/Microsoft-Server-ActiveSync"));
    CHECK(has(f->remedy,
              "Set-ActiveSyncVirtualDirectory -Identity 'CAS01\\Microsoft-Server-ActiveSync (Default Web "
              "Site)' -ExternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync'"));
    CHECK(find(r, "activesync.url-mismatch") == nullptr);
    CHECK_MESSAGE(r.pass(), errors_of(r));
  }
  SUBCASE("differs and fails: 200 without MS-ASProtocolVersions is not ActiveSync") {
    m.options.back().versions.clear();
    auto r = judge(with_mobile(m), &p);
    REQUIRE(find(r, "activesync.url-mismatch"));
    CHECK(find(r, "activesync.url-mismatch")->severity == Severity::Error);
    CHECK(has(find(r, "activesync.url-mismatch")->message, "MS-ASProtocolVersions"));
    CHECK_FALSE(r.pass());
  }
  SUBCASE("differs and fails: the host does not resolve") {
    for (auto& o : m.options) o.http.transport = Transport::NoAddress;
    m.options.pop_back();
    auto r = judge(with_mobile(m), &p);
    REQUIRE(find(r, "activesync.url-mismatch"));
    CHECK(has(find(r, "activesync.url-mismatch")->message, "does not resolve"));
  }
}

TEST_CASE("autodiscover-v2.url-drift: the Ews Url elsewhere, judged by the GET verify sent it") {
  Plan p = plan_of(contoso_json(2));
  const std::string ews = "https://webmail.contoso.com/EWS/Exchange.asmx";
  auto m = mobile("https://mail.contoso.com/Microsoft-Server-ActiveSync", ews);
  m.v2[1].target = {get(ews, 401), get(ews, 200, true)};
  SUBCASE("differs but works: a warning, the run passes") {
    auto r = judge(with_mobile(m), &p);
    REQUIRE(find(r, "autodiscover-v2.url-drift"));
    const auto* f = find(r, "autodiscover-v2.url-drift");
    CHECK(f->severity == Severity::Warning);
    CHECK(has(f->evidence, "live: " + ews));
    CHECK(has(f->remedy, "Set-WebServicesVirtualDirectory"));
    CHECK(has(f->remedy, "-ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx'"));
    CHECK_MESSAGE(r.pass(), errors_of(r));
  }
  SUBCASE("differs and fails: a dead path answers 404 as the user") {
    m.v2[1].target.back().status = 404;
    auto r = judge(with_mobile(m), &p);
    REQUIRE(find(r, "autodiscover-v2.url-mismatch"));
    CHECK(find(r, "autodiscover-v2.url-mismatch")->severity == Severity::Error);
    CHECK_FALSE(r.pass());
  }
}

TEST_CASE("scp.url-drift: an SCP on a name the plan does not use that serves domain-joined Outlook") {
  Plan p = plan_of(contoso_json(1));  // scenario 1: the SCP keeps the server's own name
  REQUIRE(p.scp.size() == 1);
  CHECK(p.scp.front().url == "https://cas01.contoso.com/autodiscover/autodiscover.xml");
  auto o = healthy(1);
  o.credentials = true;
  observe::ScpObservation scp;
  scp.directory = "ldap://dc01.contoso.com/";
  scp.objects = 1;
  scp.urls = {{"https://mail.contoso.com/autodiscover/autodiscover.xml", "mail.contoso.com", 2, {}, "CN=CAS01,CN=x"}};
  o.scp = scp;
  answer_as_user(o);
  auto& mail = endpoint(o, observe::Role::PlannedHttps);
  mail.roles.push_back(observe::Role::Scp);
  SUBCASE("differs but works: a warning") {
    auto r = judge(o, &p);
    REQUIRE(find(r, "scp.url-drift"));
    const auto* f = find(r, "scp.url-drift");
    CHECK(f->severity == Severity::Warning);
    CHECK(has(f->remedy,
              "Set-ClientAccessService -Identity 'CAS01' -AutoDiscoverServiceInternalUri "
              "'https://cas01.contoso.com/autodiscover/autodiscover.xml'"));
    CHECK(has(f->remedy, "\"scenario\": 2, 3 or 4"));
    CHECK(find(r, "scp.url-mismatch") == nullptr);
    CHECK_MESSAGE(r.pass(), errors_of(r));
  }
  SUBCASE("differs and fails: the answer is not an Autodiscover response") {
    mail.exchanges.back().pox->valid = false;
    mail.exchanges.back().pox->problem = "not well-formed XML";
    auto r = judge(o, &p);
    REQUIRE(find(r, "scp.url-mismatch"));
    CHECK(find(r, "scp.url-mismatch")->severity == Severity::Error);
  }
}
