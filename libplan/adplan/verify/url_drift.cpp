#include <adplan/verify/internal/url_drift.hpp>

#include <adplan/model/ip_address.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/mobile.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/planner/powershell.hpp>

#include <algorithm>

namespace adplan::verify {
namespace {

using observe::Transport;

// A URL as clients compare it: lower case, without Exchange's ?MailboxId= query and a trailing slash.
std::string comparable(std::string_view url) {
  url = url.substr(0, url.find('?'));
  while (url.ends_with('/')) url.remove_suffix(1);
  auto parsed = observe::parse_url(url);
  return ascii_lower(parsed ? parsed->str() : std::string(url));
}

bool same(std::string_view a, std::string_view b) {
  return comparable(a) == comparable(b);
}

std::string status_words(const observe::HttpExchange& ex) {
  return "HTTP " + std::to_string(ex.status);
}

bool dead_status(long st) {
  return st == 404 || st == 410 || st >= 500;
}

// Whether an external URL's address is one only clients inside the network reach.
bool inside_only(const std::string& address) {
  auto ip = IpAddress::parse_host(address);
  if (!ip) return false;
  auto s = ip->scope();
  return s == IpScope::Private || s == IpScope::LinkLocal || s == IpScope::SharedCgnat;
}

UrlVerdict fails(std::string why) {
  return {UrlEffect::Fails, std::move(why)};
}

}  // namespace

std::string_view family_name(UrlFamily f) {
  switch (f) {
    case UrlFamily::Autodiscover:
      return "autodiscover";
    case UrlFamily::ActiveSync:
      return "activesync";
    case UrlFamily::AutodiscoverV2:
      return "autodiscover-v2";
    case UrlFamily::Scp:
      return "scp";
  }
  return "autodiscover";
}

UrlVerdict url_effect(const UrlDifference& d, const LiveUrlFacts& facts, const ClockRules& clock) {
  auto url = observe::parse_url(d.live);
  if (!url) return fails("it is not an http(s) URL");
  if (url->scheme != "https") return fails("it is not https: clients refuse it, or would send the password in clear");
  if (!facts.observed)
    return fails("it was not requested (no probe of this run reached " + url->host +
                 "), so nothing shows a client can use it");
  const auto& ex = facts.first;
  const std::string from_here = d.internal ? " from where verify ran" : "";
  switch (ex.transport) {
    case Transport::Ok:
      break;
    case Transport::NoAddress:
      return fails(url->host + " does not resolve" + from_here);
    case Transport::Forbidden:
      return fails(url->host + " resolves to an address no client should be sent to (" + ex.address + ")");
    default:
      return fails(url->host + " does not answer" + from_here + " (" + std::string(observe::to_string(ex.transport)) +
                   (ex.error.empty() ? "" : ": " + shown(ex.error, 120)) + ")");
  }
  if (!ex.tls) return fails("no certificate was seen at " + url->host);
  std::string bad;
  for (const auto& p : certificate_problems(*ex.tls, url->host, clock)) {
    if (!p.warns_user() || (facts.trust_exception && p.id == "tls.untrusted")) continue;
    bad += (bad.empty() ? "" : "; ") + p.id + ": " + p.evidence;
  }
  if (!bad.empty()) {
    bool name = !ex.tls->name_matches;
    return fails(name ? url->host + " is not on the certificate it presents (" + bad + ")"
                      : "the certificate at " + url->host + " fails (" + bad + ")");
  }
  if (!d.internal && inside_only(ex.address))
    return fails("it is an external URL, but " + url->host + " resolves to " + ex.address +
                 ", an address only clients inside the network reach");
  // What answers: the request with the user's credentials decides where there is one.
  const auto& last = facts.with_credentials ? *facts.with_credentials : ex;
  const std::string asked = facts.with_credentials ? " to the request with credentials" : "";
  if (facts.with_credentials) {
    if (last.transport != Transport::Ok)
      return fails("the request with credentials got no answer (" + std::string(observe::to_string(last.transport)) +
                   ")");
    if (last.status == 401)
      return {UrlEffect::Unproven,
              "the credentials given were refused there (401), so whether the service answers "
              "at this URL is unproven"};
  }
  if (dead_status(last.status)) return fails("it answers " + status_words(last) + asked + ": the service is not there");
  if (last.status == 401) {
    // Only the anonymous challenge: a wrong path behind IIS answers it as well.
    std::string why = "it answers 401 to an anonymous request, as a wrong path behind IIS does too; ";
    if (!ex.withheld.empty())
      why += "verify withheld the credentials there (" + ex.withheld_code + ": " + ex.withheld + ")";
    else if (!facts.credentials_given)
      why += "without --user and --password-file verify cannot ask as the user";
    else
      why += "it was not asked with credentials";
    return {UrlEffect::Unproven, why + ", so whether the service answers at this URL is unproven"};
  }
  if (last.status >= 300 && last.status <= 399) {
    auto to = observe::resolve_location(*url, last.location);
    if (!to || to->host != url->host)
      return {UrlEffect::Unproven, "it redirects" + asked + " to " + (to ? to->host : shown(last.location, 120)) +
                                       ", so whether the service answers at this URL is unproven"};
    return {UrlEffect::Works,
            "https, its certificate passes, it answers " + status_words(last) + asked + " within its own host"};
  }
  if (last.status == 200 && facts.service_answer && !*facts.service_answer)
    return fails("it answers 200" + asked + " with something else than the service (" + facts.service_note + ")");
  return {UrlEffect::Works,
          "https, its certificate passes for " + url->host + ", it answers " + status_words(last) + asked};
}

Finding judge_url_difference(const UrlDifference& d, const LiveUrlFacts& facts, const ClockRules& clock) {
  auto v = url_effect(d, facts, clock);
  const std::string family(family_name(d.family));
  const std::string head = d.what + " is " + shown(d.live) + ", the plan says " + d.planned;
  const std::string evidence = "plan: " + d.planned + "; live: " + shown(d.live) + "; " + v.why;
  if (v.effect == UrlEffect::Fails) {
    return {family + ".url-mismatch",
            Severity::Error,
            d.subject,
            head + ": " + d.clients + " would fail (" + v.why + ")",
            "set it to the plan's value: " + d.set_remedy,
            evidence};
  }
  std::string message =
      head + (v.effect == UrlEffect::Works
                  ? ": drift from the plan, not a failure (" + d.clients + " are served: " + v.why + ")"
                  : ": drift from the plan; " + d.clients + " may be served, unproven (" + v.why + ")");
  std::string remedy = "set it to the plan's value: " + d.set_remedy;
  remedy += d.adopt_remedy.empty() ? "; the plan cannot hold the live value, so keep the plan's"
                                   : "; or, if the live value is the one you want, " + d.adopt_remedy;
  return {family + ".url-drift", Severity::Warning, d.subject, std::move(message), std::move(remedy), evidence};
}

LiveUrlFacts live_facts(const observe::Observations& obs, std::string_view url) {
  LiveUrlFacts f;
  f.credentials_given = obs.credentials;
  auto with_creds = [&](const std::vector<observe::HttpExchange>& xs, std::size_t from) {
    for (std::size_t i = from; i < xs.size(); ++i) {
      if (xs[i].authenticated) return std::optional<observe::HttpExchange>(xs[i]);
    }
    return std::optional<observe::HttpExchange>();
  };
  // A service URL of the Autodiscover answer (outlook_followups: GET, then with credentials).
  for (const auto& p : obs.services) {
    if (!same(p.url, url)) continue;
    f.observed = true;
    f.first = p.exchange;
    f.with_credentials = p.authenticated;
    return f;
  }
  for (const auto& e : obs.endpoints) {
    if (e.has(observe::Role::HttpRedirect) || e.exchanges.empty()) continue;
    // The Autodiscover endpoint itself (an SCP URL, Autodiscover v2's AutodiscoverV1).
    if (same(e.exchanges.front().url, url)) {
      f.observed = true;
      f.first = e.exchanges.front();
      f.with_credentials = with_creds(e.exchanges, 1);
      const auto& last = f.with_credentials ? *f.with_credentials : f.first;
      if (last.method == "POST" && last.status == 200) {
        f.service_answer = last.pox && last.pox->valid && !last.pox->error_code;
        f.service_note = !last.pox ? "no body" : !last.pox->valid ? shown(last.pox->problem, 120) : "an error response";
      }
      return f;
    }
    for (const auto& m : e.mobile) {
      // OPTIONS on a MobileSync URL (MS-ASHTTP 2.2.3): answered with MS-ASProtocolVersions.
      for (std::size_t i = 0; i < m.options.size(); ++i) {
        if (m.options[i].http.authenticated || !same(m.options[i].http.url, url)) continue;
        f.observed = true;
        f.first = m.options[i].http;
        const observe::OptionsExchange* last = &m.options[i];
        if (i + 1 < m.options.size() && m.options[i + 1].http.authenticated) {
          f.with_credentials = m.options[i + 1].http;
          last = &m.options[i + 1];
        }
        if (last->http.status == 200) {
          f.service_answer = !last->versions.empty();
          f.service_note = "no MS-ASProtocolVersions";
        }
        return f;
      }
      // The GET of an Autodiscover v2 answer's Url.
      for (const auto& v : m.v2) {
        if (v.target.empty() || !same(v.target.front().url, url)) continue;
        f.observed = true;
        f.first = v.target.front();
        f.with_credentials = with_creds(v.target, 1);
        return f;
      }
    }
  }
  return f;
}

std::string adopt_remedy(const Plan& plan, bool internal, std::string_view planned, std::string_view live) {
  auto p = observe::parse_url(planned.substr(0, planned.find('?')));
  auto l = observe::parse_url(live.substr(0, live.find('?')));
  if (!p || !l || l->scheme != "https") return {};
  auto path = [](std::string s) {
    while (s.ends_with('/')) s.pop_back();
    return ascii_lower(s);
  };
  if (path(p->path) != path(l->path) || p->port != l->port) return {};  // the plan keeps Exchange's paths
  if (p->host == l->host) return {};
  const std::string ext = plan.external_host.str();
  if (!internal)
    return "adopt it: set \"external_host\": \"" + l->host + "\" in adplan.json (the certificate must name it)";
  if (l->host == ext && p->host != ext) {
    return "adopt it: choose a scenario whose internal URLs use the external host (\"scenario\": 2, 3 or 4 in "
           "adplan.json; adplan scenarios compares them)";
  }
  if (p->host == ext) {
    return "adopt it: choose scenario 1 in adplan.json, whose internal URLs use each server's own name, and give the "
           "server \"fqdn\": \"" +
           l->host + "\" in servers[]";
  }
  return "adopt it: give the server \"fqdn\": \"" + l->host +
         "\" in adplan.json servers[] (the certificate must name it)";
}

std::string set_one_url(std::string_view plan_cmdlet, bool internal, std::string_view value) {
  auto cut = plan_cmdlet.find(" -ExternalUrl ");
  std::string prefix(plan_cmdlet.substr(0, cut));
  if (cut == std::string_view::npos) {
    cut = plan_cmdlet.find(" -InternalUrl ");
    prefix = std::string(plan_cmdlet.substr(0, cut));
  }
  return prefix + (internal ? " -InternalUrl " : " -ExternalUrl ") + ps_quote(value);
}

}  // namespace adplan::verify
