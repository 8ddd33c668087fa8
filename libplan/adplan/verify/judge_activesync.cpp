// The activesync client's requests (issue 12): MS-ASCMD 2.2.2.1 (the Autodiscover command in the
// mobilesync schema), MS-ASHTTP 2.2.3/2.2.4 (OPTIONS: MS-ASProtocolVersions, MS-ASProtocolCommands)
// and 3.1.5.2.2 (HTTP 451 with X-MS-Location).
#include <adplan/model/sanitize.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/verify/internal/mobile.hpp>
#include <adplan/verify/internal/url_drift.hpp>

#include <algorithm>
#include <set>

namespace adplan::verify {
namespace {

using observe::Transport;

const char* k_vdir_remedy =
    "check the Autodiscover virtual directory answers the mobilesync schema (Exchange does from 2007 on; "
    "New-AutodiscoverVirtualDirectory) and that nothing in front of it rewrites the answer";

std::string url_of_host(const std::string& host) {
  return "https://" + host + "/autodiscover/autodiscover.xml";
}

void judge_answer(Judge& j, const observe::MobileSyncExchange& ex, const std::string& subject, bool planned,
                  bool last) {
  const auto& answers = j.expect.answers;
  const auto& r = *ex.response;
  if (!r.valid) {
    // A server that answers a mobilesync request with Outlook's settings speaks only Outlook's schema.
    if (r.schema == "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a") {
      j.add("activesync.error-response", planned ? Severity::Error : Severity::Warning, subject,
            "the Autodiscover service answers the ActiveSync request in Outlook's schema (2006a): it speaks only "
            "Outlook's, and phones cannot read the answer",
            k_vdir_remedy, shown(r.problem, 400));
      return;
    }
    j.add("activesync.invalid-response", planned ? Severity::Error : Severity::Info, subject,
          "the answer to the ActiveSync Autodiscover request (mobilesync schema) is not a valid response; devices "
          "treat it as a failure",
          k_vdir_remedy, shown(r.problem, 400));
    return;
  }
  if (r.error_code) {
    std::string code = shown(*r.error_code, 40);
    bool outlook_only = r.outer_error && (code == "600" || code == "601");
    j.add("activesync.error-response", planned ? Severity::Error : Severity::Warning, subject,
          outlook_only ? "the Autodiscover service answers the ActiveSync request with error " + code +
                             (code == "600" ? " (invalid request)" : " (requested schema not available)") +
                             ": it speaks only Outlook's schema, and phones get no settings"
                       : "the ActiveSync Autodiscover request is answered with error " + code +
                             (code == "2" ? " (protocol error)" : "") + ": devices get no settings",
          outlook_only ? k_vdir_remedy
                       : "check the e-mail address (--email), that its mailbox exists and ActiveSync is enabled for it "
                         "(Set-CASMailbox -ActiveSyncEnabled $true)",
          shown(r.error_message));
    return;
  }
  if (!r.redirect.empty() || !last) return;  // a Redirect: the next hop is judged
  std::string url = r.mobilesync_url();
  if (url.empty()) {
    j.add("activesync.invalid-response", planned ? Severity::Error : Severity::Info, subject,
          "the ActiveSync Autodiscover answer has no <Server> of Type MobileSync: devices do not know where to sync",
          answers.mobilesync_cmdlet.empty() ? std::string("set the ActiveSync virtual directory's ExternalUrl")
                                            : answers.mobilesync_cmdlet,
          std::to_string(r.servers.size()) + " server(s), none MobileSync");
    return;
  }
  if (answers.mobilesync_url && !observe::same_url(url, *answers.mobilesync_url)) {
    // Issue 22: judged by what a device meets there, the OPTIONS it sends (verify/internal/url_drift.hpp).
    UrlDifference d;
    d.family = UrlFamily::ActiveSync;
    d.subject = subject;
    d.what = "the MobileSync URL";
    d.planned = *answers.mobilesync_url;
    d.live = url;
    d.clients = "ActiveSync devices";
    d.set_remedy = j.expect.mobilesync_remedy.set.empty() ? answers.mobilesync_cmdlet : j.expect.mobilesync_remedy.set;
    if (j.expect.plan) d.adopt_remedy = adopt_remedy(*j.expect.plan, false, d.planned, url);
    j.findings.push_back(judge_url_difference(d, live_facts(j.obs, url), j.clock));
  }
}

void judge_options(Judge& j, const observe::MobileObservation& m, bool credentials, std::set<std::string>& done) {
  for (const auto& o : m.options) {
    if (o.http.transport == Transport::Ok && o.http.status == 451) {
      auto base = observe::parse_url(o.http.url);
      auto to = base && !o.ms_location.empty() ? observe::resolve_location(*base, o.ms_location) : std::nullopt;
      std::string key = "451 " + o.http.url;
      if (!done.insert(key).second) continue;
      if (to) {
        j.add("activesync.redirect-451", Severity::Warning, shown(o.http.url),
              "OPTIONS on the MobileSync URL is answered 451: devices go on to " + to->host +
                  " (X-MS-Location) for every request from now on",
              "set the ActiveSync virtual directory's ExternalUrl to the server that holds the mailboxes "
              "(Set-ActiveSyncVirtualDirectory -ExternalUrl), so Autodiscover names it directly",
              "X-MS-Location: " + shown(o.ms_location) + " (host " + to->host + ")");
      }
    }
  }
  if (m.options.empty()) return;
  const auto& last = m.options.back();
  if (!done.insert(last.http.url).second) return;
  const std::string subject = shown(last.http.url);
  std::string problem;
  if (last.http.transport != Transport::Ok) {
    problem = std::string(observe::to_string(last.http.transport)) +
              (last.http.error.empty() ? "" : ": " + shown(last.http.error, 200));
  } else if (last.http.status == 451) {
    problem = last.ms_location.empty() ? "451 without X-MS-Location" : "451 again after following X-MS-Location";
  } else if (last.http.status == 401 && !last.http.authenticated) {
    if (credentials && last.http.withheld.empty()) problem = "401 to the request with credentials";
    if (last.http.auth_schemes.empty()) problem = "401 without a WWW-Authenticate header";
  } else if (last.http.status == 401) {
    problem = "the credentials were refused (401)";
  } else if (last.http.status != 200) {
    problem = "HTTP " + std::to_string(last.http.status);
  } else if (last.versions.empty()) {
    problem = "200 without MS-ASProtocolVersions";
  }
  if (!problem.empty()) {
    j.add("activesync.options-failed", Severity::Error, subject,
          "OPTIONS on the MobileSync URL gives no ActiveSync protocol versions: devices cannot start to sync",
          "publish the ActiveSync virtual directory at this URL (Microsoft-Server-ActiveSync), with the "
          "authentication devices use, and let OPTIONS through any proxy in front of it",
          problem);
  }
  if (!last.http.withheld.empty()) {
    const bool by_rule = last.http.withheld_code == "not-plan-host";  // a tenant's or scraper's domain (issue 21)
    j.add("auth.withheld", by_rule ? Severity::Warning : Severity::Error, subject,
          "verify did not send the credentials to " + last.http.url +
              ": OPTIONS with credentials (the ActiveSync protocol versions) was not tested",
          last.http.withheld_code == "redirect-not-approved" || by_rule
              ? "if this host is yours, approve it: adplan verify --allow-redirect <host> (or add it to the plan)"
              : "fix the certificate (the tls.* findings say how); credentials go only to a certificate that passes",
          last.http.withheld_code + ": " + last.http.withheld);
  }
}

}  // namespace

void judge_activesync(Judge& j, const Plan* /*plan: its answers are j.expect.answers*/) {
  std::set<std::string> done;  // an OPTIONS URL several endpoints lead to is judged once
  for (const auto& e : j.obs.endpoints) {
    if (e.mobile.empty()) continue;
    const auto& m = e.mobile.front();
    bool planned = j.planned_https(e.host) || e.has(observe::Role::PlannedHttps);
    const auto* final = m.final_answer();
    for (const auto& ex : m.mobilesync) {
      if (ex.http.method == "GET") continue;  // a Redirect walk's http redirect: no answer of its own
      const std::string subject = shown(ex.http.url) + (ex.email == j.obs.email ? "" : " (for " + ex.email + ")");
      if (ex.http.transport == Transport::TooLarge) {
        j.add("activesync.invalid-response", planned ? Severity::Error : Severity::Info, subject,
              "the answer to the ActiveSync Autodiscover request is larger than a verifier accepts (1 MiB)",
              k_vdir_remedy, ex.http.error);
        continue;
      }
      if (ex.http.transport != Transport::Ok) continue;  // the connection is judged with the POX probe
      if (ex.response) {
        judge_answer(j, ex, subject, planned, &ex == final);
        continue;
      }
      // Outlook's POST works here (a settings answer or the 401 challenge) but the device's does not.
      // Only on the endpoint itself: a Redirect's walk (and its http GETs) meets other servers.
      if (ex.email != j.obs.email) continue;
      const auto& pox = e.exchanges.front();
      bool outlook_works = pox.transport == Transport::Ok && (pox.status == 200 || pox.status == 401);
      if (outlook_works && ex.http.status != 401 && (ex.http.status < 300 || ex.http.status > 399)) {
        j.add("activesync.invalid-response", planned ? Severity::Error : Severity::Info, subject,
              "Outlook's Autodiscover request is answered here, the ActiveSync request (mobilesync schema) is not",
              k_vdir_remedy, "HTTP " + std::to_string(ex.http.status));
      }
    }
    if (m.too_many_redirects || m.redirect_loop) {
      std::string chain;
      for (const auto& r : m.redirects) chain += (chain.empty() ? "" : " -> ") + shown(r, 80);
      j.add("activesync.invalid-response", planned ? Severity::Error : Severity::Info, url_of_host(e.host),
            m.redirect_loop ? "the ActiveSync Autodiscover Redirects come back to an address already asked"
                            : "more than 10 ActiveSync Autodiscover Redirects (the limit clients apply)",
            "point the mailbox's Redirect at its final address (the target address of the mail user)", chain);
    }
    judge_options(j, m, j.obs.credentials, done);
  }
}

DeviceStep activesync_step(const observe::MobileObservation& m, bool credentials) {
  if (m.mobilesync.empty()) return {false, false, "ActiveSync request not sent"};
  const auto& first = m.mobilesync.front().http;
  if (first.transport != Transport::Ok) return {false, false, std::string(observe::to_string(first.transport))};
  const auto* final = m.final_answer();
  if (!final) {
    if (first.status == 401 && !first.auth_schemes.empty()) {
      if (!credentials) return {true, false, "asks for credentials (" + first.auth_schemes.front() + ")"};
      if (!first.withheld.empty())
        return {true, true,
                "asks for credentials (" + first.auth_schemes.front() + "); verify withheld them (" +
                    first.withheld_code + "), so the answer with credentials is untested"};
    }
    return {false, false, "no ActiveSync answer (HTTP " + std::to_string(m.mobilesync.back().http.status) + ")"};
  }
  const auto& r = *final->response;
  if (!r.valid) return {false, false, "not an ActiveSync Autodiscover answer"};
  if (r.error_code) return {false, false, "ActiveSync Autodiscover error " + shown(*r.error_code, 40)};
  if (!r.redirect.empty()) return {false, false, "Redirect chain to " + shown(r.redirect, 80) + " not resolved"};
  if (r.mobilesync_url().empty()) return {false, false, "no MobileSync URL"};
  std::string note = "MobileSync " + shown(r.mobilesync_url());
  if (!m.redirects.empty()) note += " after " + std::to_string(m.redirects.size()) + " Redirect(s)";
  if (m.options.empty()) return {true, false, note + "; OPTIONS not sent"};
  const auto& o = m.options.back();
  if (o.http.transport == Transport::Ok && o.http.status == 200 && !o.versions.empty()) {
    bool moved = std::ranges::any_of(m.options, [](const auto& x) { return x.http.status == 451; });
    return {true, false,
            note + (moved ? ", 451 to " + shown(o.http.url) : std::string()) + ", OPTIONS: versions " +
                shown(o.versions, 80)};
  }
  if (o.http.transport == Transport::Ok && o.http.status == 401 && !o.http.auth_schemes.empty() &&
      !o.http.authenticated) {
    if (!credentials) return {true, false, note + ", OPTIONS asks for credentials"};
    if (!o.http.withheld.empty()) return {true, true, note + ", OPTIONS: verify withheld the credentials"};
  }
  return {false, false,
          note + ", OPTIONS failed (" +
              (o.http.transport == Transport::Ok ? "HTTP " + std::to_string(o.http.status)
                                                 : std::string(observe::to_string(o.http.transport))) +
              ")"};
}

}  // namespace adplan::verify
