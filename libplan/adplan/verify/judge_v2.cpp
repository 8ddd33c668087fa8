// The autodiscover-v2 client (issue 12): Teams' calendar and Outlook for iOS/Android in hybrid
// ask GET /autodiscover/autodiscover.json/v1.0/<address>?Protocol=<P> without credentials and
// read {"Protocol":"...","Url":"..."}; an unknown protocol is 400 {"ErrorCode":"InvalidProtocol"}.
// Exchange serves it from 2013 CU19 on.
#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/verify/internal/mobile.hpp>
#include <adplan/verify/internal/url_drift.hpp>

#include <algorithm>

namespace adplan::verify {
namespace {

using observe::Transport;

const char* k_v2_remedy =
    "publish /autodiscover/autodiscover.json on the Autodiscover site (Exchange 2013 CU19 or later; in front of it, "
    "pass the path through like /autodiscover/autodiscover.xml)";

bool answered(const observe::V2Exchange& v) {
  return !v.unknown && v.http.transport == Transport::Ok && v.http.status == 200 && v.response && v.response->valid &&
         v.response->error_code.empty();
}

bool speaks_v2(const observe::MobileObservation& m) {
  return std::ranges::any_of(m.v2, answered);
}

}  // namespace

void judge_v2(Judge& j, const Plan* plan) {
  bool any_probed = false, any_answer = false;
  for (const auto& e : j.obs.endpoints) {
    if (e.mobile.empty()) continue;
    const auto& m = e.mobile.front();
    if (m.v2.empty()) continue;
    any_probed = true;
    bool planned = j.planned_https(e.host) || e.has(observe::Role::PlannedHttps);
    bool speaks = speaks_v2(m);
    any_answer = any_answer || speaks;
    for (const auto& v : m.v2) {
      const std::string subject = shown(v.http.url);
      auto invalid = [&](const std::string& message, const std::string& evidence) {
        j.add("autodiscover-v2.invalid-response", planned ? Severity::Error : Severity::Info, subject, message,
              k_v2_remedy, evidence);
      };
      if (v.http.transport == Transport::TooLarge) {
        invalid("the Autodiscover v2 answer is larger than a verifier accepts", v.http.error);
        continue;
      }
      if (v.http.transport != Transport::Ok) continue;
      if (v.unknown) {
        // Only where the endpoint speaks v2: a catch-all that answers anything is not Exchange's v2.
        if (!speaks) continue;
        bool right =
            v.http.status == 400 && v.response && v.response->valid && v.response->error_code == "InvalidProtocol";
        if (!right)
          invalid(
              "an unknown protocol is not answered 400 {\"ErrorCode\":\"InvalidProtocol\"}: what answers here is "
              "not Exchange's Autodiscover v2",
              "HTTP " + std::to_string(v.http.status) +
                  (v.response && !v.response->valid ? ", " + shown(v.response->problem, 200)
                   : v.response                     ? ", ErrorCode " + shown(v.response->error_code, 60)
                                                    : std::string()));
        continue;
      }
      if (v.http.status != 200 || !v.response) continue;  // 404 and the like: no v2 here (see .missing)
      const auto& r = *v.response;
      if (!r.valid) {
        invalid("the Autodiscover v2 answer for " + v.protocol + " is not {\"Protocol\",\"Url\"} JSON",
                shown(r.problem, 300));
        continue;
      }
      if (!r.error_code.empty()) {
        invalid("the Autodiscover v2 answer for " + v.protocol + " is an error with HTTP 200",
                "ErrorCode " + shown(r.error_code, 60) + ": " + shown(r.error_message, 200));
        continue;
      }
      if (!ascii_iequals(r.protocol, v.protocol)) {
        invalid("asked for " + v.protocol + ", Autodiscover v2 answers for " + shown(r.protocol, 60),
                "Protocol = " + shown(r.protocol, 60));
        continue;
      }
      const auto* want = v2_answer(j.expect.answers, v.protocol);
      if (want && !observe::same_url(r.url, want->url)) {
        // Issue 22: judged by what the Url answers (verify/internal/url_drift.hpp).
        UrlDifference d;
        d.family = UrlFamily::AutodiscoverV2;
        d.subject = subject;
        d.what = "the Autodiscover v2 Url for " + v.protocol;
        d.planned = want->url;
        d.live = r.url;
        d.clients = "Teams and Outlook mobile";
        auto rem = j.expect.v2_remedies.find(v.protocol);
        d.set_remedy = rem == j.expect.v2_remedies.end() || rem->second.set.empty() ? want->cmdlet : rem->second.set;
        if (plan) d.adopt_remedy = adopt_remedy(*plan, false, want->url, r.url);
        j.findings.push_back(judge_url_difference(d, live_facts(j.obs, r.url), j.clock));
      }
    }
  }
  if (any_probed && !any_answer) {
    // Exchange 2013 CU19 and later answer v2; 2007 and 2010 never did.
    bool old = plan && (plan->exchange == ExchangeVersion::Ex2007 || plan->exchange == ExchangeVersion::Ex2010);
    j.add("autodiscover-v2.missing", old ? Severity::Info : Severity::Warning, j.obs.domain,
          old ? "no discovery host answers Autodiscover v2 (JSON); Exchange 2007 and 2010 do not serve it, so Teams' "
                "calendar and Outlook for iOS/Android cannot find these mailboxes"
              : "no discovery host answers Autodiscover v2 (JSON): Teams' calendar and Outlook for iOS/Android "
                "(hybrid modern authentication) lose the mailbox",
          k_v2_remedy,
          "GET https://<discovery host>/autodiscover/autodiscover.json/v1.0/" + j.obs.email +
              "?Protocol=ActiveSync: no 200 JSON answer");
  }
}

DeviceStep v2_step(const observe::MobileObservation& m) {
  if (m.v2.empty()) return {false, false, "Autodiscover v2 not asked"};
  for (const auto& v : m.v2) {
    if (answered(v) && v.protocol == "ActiveSync") return {true, false, "v2 ActiveSync " + shown(v.response->url)};
  }
  for (const auto& v : m.v2) {
    if (answered(v)) return {true, false, "v2 " + v.protocol + " " + shown(v.response->url)};
  }
  const auto& first = m.v2.front().http;
  return {false, false,
          "no Autodiscover v2 answer (" +
              (first.transport == Transport::Ok ? "HTTP " + std::to_string(first.status)
                                                : std::string(observe::to_string(first.transport))) +
              ")"};
}

}  // namespace adplan::verify
