#include <adplan/verify/verify.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/verify/internal/dane.hpp>
#include <adplan/verify/internal/doors.hpp>
#include <adplan/verify/internal/judge.hpp>
#include <adplan/verify/internal/mobile.hpp>
#include <adplan/verify/internal/pool.hpp>
#include <adplan/verify/internal/simulate.hpp>

#include <algorithm>

namespace adplan::verify {
namespace {

// The last bound on what a report carries, whatever a rule forgot to shorten: every text valid
// UTF-8 and at most k_max_text bytes (a 60 KB Location header must not make 60 KB report lines).
constexpr std::size_t k_max_text = 2048;

void bound(std::string& text) {
  if (text.size() <= k_max_text && is_valid_utf8(text)) return;  // already bounded: no two copies (issue 25)
  text = truncate_display(to_valid_utf8(text), k_max_text);
}

void bound_texts(VerifyResult& r) {
  for (auto& f : r.findings) {
    for (auto* t : {&f.subject, &f.message, &f.remedy, &f.evidence}) bound(*t);
  }
  for (auto& c : r.checks) {
    bound(c.subject);
    bound(c.detail);
  }
  for (auto& c : r.clients) {
    bound(c.url);
    bound(c.summary);
    for (auto& p : c.prompts) bound(p);
    for (auto& p : c.path) bound(p);
  }
}

}  // namespace

void Judge::add(std::string id, Severity severity, std::string subject, std::string message, std::string remedy,
                std::string evidence) {
  findings.push_back(
      {std::move(id), severity, std::move(subject), std::move(message), std::move(remedy), std::move(evidence)});
}

std::string_view to_string(CheckStatus s) {
  switch (s) {
    case CheckStatus::Ok:
      return "ok";
    case CheckStatus::Fail:
      return "fail";
    case CheckStatus::Timeout:
      return "timeout";
    case CheckStatus::Skip:
      return "skip";
  }
  return "fail";
}

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::Ok:
      return "ok";
    case Outcome::OkWithPrompts:
      return "ok-with-prompts";
    case Outcome::CertificateWarning:
      return "certificate-warning";
    case Outcome::Failed:
      return "failed";
  }
  return "failed";
}

std::string_view to_string(Client c) {
  switch (c) {
    case Client::OutlookDomainJoined:
      return "outlook-domain-joined";
    case Client::OutlookExternal:
      return "outlook-external";
    case Client::ActiveSync:
      return "activesync";
    case Client::AutodiscoverV2:
      return "autodiscover-v2";
    case Client::Outlook2016:
      return "outlook-2016";
  }
  return "outlook-external";
}

std::string_view to_string(Method m) {
  switch (m) {
    case Method::Scp:
      return "scp";
    case Method::RootHttps:
      return "root-https";
    case Method::AutodiscoverHttps:
      return "autodiscover-https";
    case Method::HttpRedirect:
      return "http-redirect";
    case Method::Srv:
      return "srv";
    case Method::None:
      return "none";
    case Method::O365:
      return "o365";
  }
  return "none";
}

VerifyResult verify(const observe::Observations& obs, const Plan* plan, const VerifyOptions& options) {
  return verify(obs, plan, expectations_of(plan), options);
}

VerifyResult verify(const observe::Observations& obs, const Plan* plan, const Expectations& expect,
                    const VerifyOptions& options) {
  Judge j{obs, expect, options.clock, {}};
  judge_dns(j);
  // With no DNS server answering, the SRV record's absence says nothing more.
  if (std::ranges::none_of(j.findings, [](const Finding& f) { return f.id == "dns.server-unreachable"; })) judge_srv(j);
  judge_caa(j);
  judge_https(j);
  judge_redirect(j);
  judge_scp(j, plan);
  judge_outlook(j);           // issue 11
  judge_activesync(j, plan);  // issue 12: phones and Teams
  judge_v2(j, plan);
  judge_doors(j, plan, options.door_certificate ? &*options.door_certificate : nullptr);  // issue 23
  judge_pool(j, options.door_certificate ? &*options.door_certificate : nullptr);         // issue 24
  judge_dane(j, plan, options);                                                           // issue 27

  VerifyResult r;
  r.clients = simulate(obs, options.clock, options.exclude, options.redirect_servers);
  bool external_failed = false;
  for (const auto& c : r.clients) {
    if (c.client == Client::OutlookExternal) external_failed = c.outcome == Outcome::Failed;
    if (c.client == Client::Outlook2016 && c.outcome == Outcome::Failed && !external_failed) {
      j.add("discovery.failed", Severity::Error, obs.domain,
            "Outlook 2016 and later find no Autodiscover service for " + obs.domain + " by any method they try",
            "check the methods the policy leaves (verify --exclude) and the path below", [&] {
              std::string path;
              for (const auto& p : c.path) path += (path.empty() ? "" : "; ") + p;
              return path;
            }());
    }
    if (c.client != Client::OutlookExternal) continue;
    if (c.outcome == Outcome::Failed) {
      j.add("discovery.failed", Severity::Error, obs.domain,
            "an external Outlook client finds no Autodiscover service for " + obs.domain + " by any method",
            expect.planned ? "carry out the plan's steps (adplan plan) and verify again"
                           : "publish Autodiscover by one of the four scenarios (adplan scenarios, adplan recommend)",
            [&] {
              std::string path;
              for (const auto& p : c.path) path += (path.empty() ? "" : "; ") + p;
              return path;
            }());
    } else if (expect.planned && c.method != Method::None && to_string(c.method) != expect.method) {
      j.add("discovery.unexpected-method", Severity::Warning, obs.domain,
            "external Outlook finds Autodiscover by " + std::string(to_string(c.method)) + ", the plan expects " +
                expect.method,
            "check which earlier method answers and whether that is intended", c.url);
    }
  }
  r.findings = std::move(j.findings);
  apply_exclusions(r.findings, options.exclude);
  sort_findings(r.findings);
  r.checks = make_checks(obs);
  door_results(obs, r);
  pool_results(obs, r);
  dane_results(obs, options.clock, r);
  outlook_checks(obs, r.checks);
  if (obs.scp) {
    std::string detail = std::to_string(obs.scp->objects) + " SCP object(s); order:";
    for (const auto& u : obs.scp->urls) detail += " " + u.url;
    if (obs.scp->urls.empty()) detail += " none";
    bool timed_out = std::ranges::any_of(obs.scp->errors, [](const Error& e) { return e.code == "ldap.timeout"; });
    CheckStatus status = obs.scp->errors.empty() ? CheckStatus::Ok
                         : timed_out             ? CheckStatus::Timeout
                                                 : CheckStatus::Fail;
    r.checks.insert(
        r.checks.begin(),
        Check{"scp", obs.scp->directory + (obs.scp->client_site.empty() ? "" : " (site " + obs.scp->client_site + ")"),
              status, detail, obs.scp->ms});
  }
  bound_texts(r);
  return r;
}

}  // namespace adplan::verify
