#include <adplan/model/sanitize.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/verify/internal/judge.hpp>

#include <algorithm>

namespace adplan::verify {
namespace {

bool probed_elsewhere(const observe::Observations& obs, const std::string& host) {
  return std::ranges::any_of(
      obs.endpoints, [&](const observe::Endpoint& e) { return e.host == host && !e.has(observe::Role::HttpRedirect); });
}

}  // namespace

void judge_redirect(Judge& j) {
  const auto* e = j.obs.endpoint(observe::Role::HttpRedirect);
  if (!e || e->exchanges.empty()) return;
  const bool planned = j.planned_redirect(e->host);
  const std::string subject = "http://" + e->host + "/autodiscover/autodiscover.xml";
  const std::string target_url =
      j.expect.planned ? j.expect.autodiscover_url : "https://<external host>/autodiscover/autodiscover.xml";
  const std::string remedy = "on the redirect site, answer /autodiscover/autodiscover.xml with a 302 to " + target_url;
  // Without a plan a misdirected redirect is a warning; with one it is an error wherever it is.
  const Severity misdirected = j.expect.planned || planned ? Severity::Error : Severity::Warning;

  // Issue 10 (SSRF): a hop to an address the probe never connects to (link-local: cloud metadata).
  for (std::size_t i = 1; i < e->exchanges.size(); ++i) {
    const auto& hop = e->exchanges[i];
    if (hop.transport != observe::Transport::Forbidden) continue;
    const auto& from = e->exchanges[i - 1];
    j.add("redirect.forbidden-address", Severity::Error, subject,
          "the redirect leads to " + hop.url + ", at an address verify does not connect to (" + hop.error +
              "); a redirect there is an attack on the client's network or a mistake",
          remedy,
          "hop " + std::to_string(i) + ": " + std::to_string(from.status) + " " + from.url + " -> " + from.location);
  }
  const auto& first = e->exchanges.front();
  if (first.transport != observe::Transport::Ok) {
    judge_connection(j, first, e->host, planned, false);
    return;
  }
  if (first.status < 300 || first.status > 399 || first.location.empty()) {
    if (planned) {
      j.add("redirect.missing", Severity::Error, subject,
            "the redirect site answers " + std::to_string(first.status) +
                " instead of a 302: clients that rely on the redirect (scenario 4) find no Autodiscover service",
            remedy, "HTTP " + std::to_string(first.status));
    }
    return;
  }
  for (std::size_t i = 0; i < e->exchanges.size(); ++i) {
    const auto& hop = e->exchanges[i];
    if (hop.transport != observe::Transport::Ok || hop.status < 300 || hop.status > 399 || hop.location.empty()) break;
    auto base = observe::parse_url(hop.url);
    auto target = base ? observe::resolve_location(*base, hop.location) : std::nullopt;
    std::string chain = "hop " + std::to_string(i + 1) + ": " + std::to_string(hop.status) + " " + shown(hop.url) +
                        " -> " + shown(hop.location);
    if (!target) {
      j.add("redirect.wrong-target", misdirected, subject, "the redirect's Location is not a URL clients can follow",
            remedy, chain);
      break;
    }
    if (target->scheme != "https") {
      // MS-OXDISCO 3.1.5.4: the redirect must lead to an https URL.
      j.add("redirect.not-https", planned ? Severity::Error : Severity::Warning, subject,
            "the redirect leads to plain http (" + shown(target->str()) + "); clients accept only an https target",
            remedy, chain);
      break;
    }
    if (!observe::is_autodiscover_path(target->path)) {
      j.add("redirect.wrong-target", misdirected, subject,
            "the redirect leads to " + shown(target->str()) +
                ", whose path is not /autodiscover/autodiscover.xml: clients refuse it",
            remedy, chain);
    } else if (j.expect.planned && !observe::same_url(target->str(), j.expect.autodiscover_url)) {
      j.add("redirect.wrong-target", Severity::Error, subject,
            "the redirect sends users to " + shown(target->str()) + ", the plan's Autodiscover URL is " +
                j.expect.autodiscover_url + ": a host the plan does not know",
            remedy, chain);
    }
    // The first https target is where the client POSTs; judge it unless it is probed anyway.
    if (!probed_elsewhere(j.obs, target->host)) {
      std::vector<observe::HttpExchange> at_target;
      for (std::size_t k = i + 1; k < e->exchanges.size(); ++k) {
        if (e->exchanges[k].method == "POST") at_target.push_back(e->exchanges[k]);
      }
      bool target_planned = planned || j.planned_https(target->host);
      if (!at_target.empty() && judge_connection(j, at_target.front(), target->host, target_planned, false)) {
        judge_post(j, at_target, shown(target->str()), target_planned);
      }
    }
    break;
  }
  if (e->loop || e->too_many_hops) {
    j.add("redirect.loop", planned ? Severity::Error : Severity::Warning, subject,
          e->loop ? "the redirects come back to a URL already visited: clients give up"
                  : "more than " + std::to_string(observe::k_max_redirects) +
                        " redirects: clients give up (MS-OXDISCO 3.1.5.4)",
          "redirect once, straight to " + target_url, std::to_string(e->exchanges.size()) + " requests");
  }
}

}  // namespace adplan::verify
