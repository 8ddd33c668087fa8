#include <adplan/verify/internal/simulate.hpp>

#include <adplan/verify/internal/mobile.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/planner/outlook_policy.hpp>
#include <adplan/verify/internal/outlook2016_steps.hpp>
#include <adplan/verify/outlook2016.hpp>

#include <array>

namespace adplan::verify {
namespace {

// Outlook shows a certificate warning and the user must decide; Outlook Anywhere and
// ActiveSync devices need a trusted chain and do not use such a host.
bool is_device(Client c) {
  return c == Client::ActiveSync || c == Client::AutodiscoverV2;
}
bool prompts_on_certificate(Client c) {
  return !is_device(c);
}

std::string autodiscover_url(const std::string& host) {
  return "https://" + host + "/autodiscover/autodiscover.xml";
}

// White paper: domain-connected Outlook ignores the chain-of-trust check (so Exchange's
// self-signed certificate works inside); the name and the dates still count.
bool ignores_trust(Client c) {
  return c == Client::OutlookDomainJoined;
}

Step https_step(const observe::Observations& obs, const std::vector<observe::HttpExchange>& exchanges,
                const std::string& host, const std::string& url, const ClockRules& clock, bool ignore_trust = false,
                Client client = Client::OutlookExternal,
                const std::vector<observe::MobileObservation>* mobile = nullptr) {
  if (exchanges.empty()) return {End::NotThere, url, "not probed"};
  const auto& first = exchanges.front();
  if (first.tls) {
    std::string problems;
    for (const auto& p : certificate_problems(*first.tls, host, clock)) {
      if (ignore_trust && p.id == "tls.untrusted") continue;
      if (p.warns_user()) problems += (problems.empty() ? "" : ", ") + p.id;
    }
    if (!problems.empty())
      return {End::CertificateWarning, url, "certificate warning for " + host + " (" + problems + ")"};
  }
  if (first.transport != observe::Transport::Ok)
    return {End::NotThere, url, std::string(observe::to_string(first.transport))};
  // Issue 12: a device judges its own requests (the mobilesync answer and OPTIONS; the v2 JSON).
  // Without them (observations recorded before) activesync falls back to the POX answer.
  if (client == Client::AutodiscoverV2 || (client == Client::ActiveSync && mobile && !mobile->empty())) {
    if (!mobile || mobile->empty()) return {End::NotThere, url, "Autodiscover v2 not probed"};
    auto d =
        client == Client::ActiveSync ? activesync_step(mobile->front(), obs.credentials) : v2_step(mobile->front());
    return {d.works ? End::Works : End::NotThere, url, d.note, d.untested};
  }
  auto usable = [](const observe::HttpExchange& ex) {
    return ex.status == 200 && ex.pox && ex.pox->valid && !ex.pox->error_code;
  };
  if (usable(first)) return {End::Works, url, "settings returned", false, &*first.pox};
  if (first.status == 401 && !first.auth_schemes.empty()) {
    if (!obs.credentials) return {End::Works, url, "asks for credentials (" + first.auth_schemes.front() + ")"};
    if (!first.withheld.empty()) {
      return {End::Works, url,
              "asks for credentials (" + first.auth_schemes.front() + "); verify withheld them (" +
                  first.withheld_code + "), so the answer with credentials is untested",
              true};
    }
    for (const auto& ex : exchanges) {
      if (ex.authenticated && usable(ex))
        return {End::Works, url, "settings returned with the credentials given", false, &*ex.pox};
    }
    return {End::NotThere, url, "no usable answer with the credentials given"};
  }
  return {End::NotThere, url, "HTTP " + std::to_string(first.status)};
}

class Walk {
 public:
  Walk(const observe::Observations& obs, const ClockRules& clock, Client client, ClientResult& out,
       const OutlookPolicySim& policy = {}, const observe::Observations* root = nullptr)
      : m_obs(obs),
        m_clock(clock),
        m_client(client),
        m_out(out),
        m_exclude(policy.exclude),
        m_redirect_servers(policy.redirect_servers),
        m_root(root ? root : &obs) {}

  Step evaluate(Method m) {
    switch (m) {
      case Method::Scp:
        return scp_step();
      case Method::RootHttps:
        return endpoint_step(observe::Role::RootHttps, m_obs.domain);
      case Method::AutodiscoverHttps:
        return endpoint_step(observe::Role::AutodiscoverHttps, "autodiscover." + m_obs.domain);
      case Method::HttpRedirect:
        return redirect_step();
      case Method::Srv:
        return srv_step();
      case Method::O365:
        return o365_step(m_obs);  // outlook2016_steps.cpp
      case Method::None:
        break;
    }
    return {};
  }

  // Issue 11: a POX redirect in the answer a method returned, followed as Outlook does
  // (MS-OXDISCO 3.1.5.7); `s` becomes where it ends.
  void follow_pox(Step& s, int depth = 0) {
    while (s.end == End::Works && s.pox && (s.pox->action == "redirectUrl" || s.pox->action == "redirectAddr")) {
      const auto* r = find_redirect(*m_root, *s.pox);
      std::string what = s.pox->action + " " + shown(s.pox->redirect, 200);
      if (!r) {
        m_out.path.push_back(what + ": not followed by verify");
        return;
      }
      if (!r->refused.empty()) {
        m_out.path.push_back(what + ": " + r->refused);
        s = {End::NotThere, s.url, "the " + s.pox->action + " is not followed (" + r->refused + ")"};
        return;
      }
      if (r->action == "redirectUrl") {
        auto target = observe::parse_url(r->target);
        Step next = https_step(m_obs, r->exchanges, target ? target->host : "", r->target, m_clock, ignores_trust());
        m_out.path.push_back(what + " (hop " + std::to_string(r->hop) + "): " + next.note);
        s = next;
        continue;
      }
      if (r->discovery.empty() || depth > observe::k_max_redirects) {
        m_out.path.push_back(what + ": discovery for the new address not recorded");
        s = {End::NotThere, s.url, "redirectAddr not followed"};
        return;
      }
      // redirectAddr: discovery again for the new address, by that domain's methods.
      const auto& nested = r->discovery.front();
      ClientResult inner{m_client, Method::None, {}, {}, Outcome::Failed, {}, {}};
      Walk w(nested, m_clock, m_client, inner, {m_exclude, m_redirect_servers}, m_root);
      Step last = w.run(depth + 1);
      for (const auto& p : inner.path) m_out.path.push_back("[" + nested.email + "] " + p);
      for (const auto& p : inner.prompts) m_out.prompts.push_back(p);
      m_out.path.push_back(what + " (hop " + std::to_string(r->hop) + "): " +
                           (last.end == End::Works ? "discovery for " + nested.email + " succeeded at " + last.url
                                                   : "discovery for " + nested.email + " failed"));
      s = last;
      return;
    }
  }

  // The client's order over these observations; the step it ends with (Works: where), with
  // m_out's method, path and prompts filled in.
  Step run(int depth = 0) {
    for (Method m : discovery_order(m_client)) {
      if (m_client == Client::Outlook2016 && std::ranges::find(m_exclude, m) != m_exclude.end()) {
        m_out.path.push_back(std::string(to_string(m)) + ": skipped, excluded by policy (" + policy_sentence(m) + ")");
        continue;
      }
      Step s = evaluate(m);
      m_out.path.push_back(std::string(to_string(m)) + ": " + s.note);
      if (s.end == End::Works && m_client != Client::ActiveSync) follow_pox(s, depth);
      if (s.end == End::Works) {
        m_out.method = m;
        return s;
      }
      if (s.end == End::CertificateWarning) {
        if (prompts_on_certificate(m_client)) return s;
        m_out.path.back() += " (refused: the device needs a trusted certificate)";
      }
    }
    return {End::NotThere, "", ""};
  }

 private:
  Step endpoint_step(observe::Role role, const std::string& host) {
    const auto* e = m_obs.endpoint(role, host);
    if (!e) return {End::NotThere, autodiscover_url(host), "not probed"};
    return https_step(m_obs, e->exchanges, host, autodiscover_url(host), m_clock, ignores_trust(), m_client,
                      &e->mobile);
  }

  // MS-OXDISCO 3.1.5.1: each SCP URL in the client's order; one that does not answer sends the
  // client to the next, a certificate warning stops it.
  Step scp_step() {
    if (!m_obs.scp) return {End::NotThere, "", "no directory asked"};
    if (m_obs.scp->urls.empty()) return {End::NotThere, "", "no SCP URL in the directory"};
    Step last;
    for (const auto& u : m_obs.scp->urls) {
      const observe::Endpoint* e = nullptr;
      for (const auto& cand : m_obs.endpoints) {
        if (cand.host == u.host && !cand.has(observe::Role::HttpRedirect)) e = &cand;
      }
      if (!e) {
        last = {End::NotThere, u.url, u.host + " not probed"};
        continue;
      }
      last = https_step(m_obs, e->exchanges, u.host, u.url, m_clock, ignores_trust(), m_client, &e->mobile);
      if (last.end != End::NotThere) return last;
      m_out.path.push_back("scp " + u.url + ": " + last.note);
    }
    return last;
  }

  // MS-OXDISCO 3.1.5.4: a 302 (the reference client: 301/302/303/307) to an https URL with the
  // Autodiscover path; Outlook asks the user before it follows.
  Step redirect_step() {
    const auto* e = m_obs.endpoint(observe::Role::HttpRedirect);
    std::string start = "http://autodiscover." + m_obs.domain + "/autodiscover/autodiscover.xml";
    if (!e || e->exchanges.empty()) return {End::NotThere, start, "not probed"};
    if (e->loop || e->too_many_hops) return {End::NotThere, start, "redirect loop"};
    for (std::size_t i = 0; i < e->exchanges.size(); ++i) {
      const auto& hop = e->exchanges[i];
      if (hop.transport != observe::Transport::Ok)
        return {End::NotThere, hop.url, std::string(observe::to_string(hop.transport))};
      if (hop.status < 300 || hop.status > 399 || hop.location.empty())
        return {End::NotThere, hop.url, "no redirect (HTTP " + std::to_string(hop.status) + ")"};
      auto base = observe::parse_url(hop.url);
      auto target = base ? observe::resolve_location(*base, hop.location) : std::nullopt;
      if (!target || target->scheme != "https" || !observe::is_autodiscover_path(target->path)) {
        if (target && target->scheme == "http" && observe::is_autodiscover_path(target->path))
          continue;  // another http hop
        return {End::NotThere, hop.url, "redirect to " + shown(hop.location) + " refused"};
      }
      // KB 2480582: Outlook 2016+ follows a redirect to a server listed under RedirectServers silently.
      bool listed =
          m_client == Client::Outlook2016 &&
          std::ranges::any_of(m_redirect_servers, [&](const std::string& h) { return ascii_iequals(h, target->host); });
      if (listed) {
        m_out.path.push_back("http-redirect: no redirect prompt for " + target->host + " (listed under " +
                             short_key(k_redirect_servers_key) + ", verify --redirect-servers)");
      } else if (!is_device(m_client)) {
        m_out.prompts.push_back("redirect warning: allow " + shown(target->str()) + " to configure the account?" +
                                (m_client == Client::Outlook2016
                                     ? " (not shown when " + target->host + " is listed under " +
                                           short_key(k_redirect_servers_key) +
                                           ", KB 2480582: verify --redirect-servers)"
                                     : std::string()));
      }
      std::vector<observe::HttpExchange> rest(e->exchanges.begin() + static_cast<long>(i) + 1, e->exchanges.end());
      const std::vector<observe::MobileObservation>* mobile = nullptr;  // the target's, when probed on its own
      for (const auto& other : m_obs.endpoints) {
        if (other.host != target->host || other.has(observe::Role::HttpRedirect)) continue;
        if (rest.empty()) rest = other.exchanges;  // the target was probed as an endpoint of its own
        mobile = &other.mobile;
      }
      return https_step(m_obs, rest, target->host, target->str(), m_clock, ignores_trust(), m_client, mobile);
    }
    return {End::NotThere, start, "no redirect"};
  }

  // MS-OXDISCO 3.1.5.5: records with port 443 only, in RFC 2782 order.
  Step srv_step() {
    Step last{End::NotThere, "", m_obs.srv.records.empty() ? "no SRV record" : "no SRV record with port 443"};
    for (const auto& r : m_obs.srv.records) {
      if (r.port != 443) continue;
      const auto* e = m_obs.endpoint(observe::Role::SrvHttps, r.target);
      if (!e) {
        last = {End::NotThere, autodiscover_url(r.target), "target not probed"};
        continue;
      }
      last = https_step(m_obs, e->exchanges, r.target, autodiscover_url(r.target), m_clock, ignores_trust(), m_client,
                        &e->mobile);
      if (last.end == End::NotThere) continue;
      std::string zone = "." + m_obs.domain;
      if (last.end == End::Works && !is_device(m_client) && !r.target.ends_with(zone) && r.target != m_obs.domain) {
        m_out.prompts.push_back("SRV warning: allow " + r.target + " (outside " + m_obs.domain +
                                ") to configure the account?");
      }
      return last;
    }
    return last;
  }

  // White paper: domain-connected Outlook ignores the chain-of-trust check; Outlook 2016 is
  // domain-connected when the run asked the directory (--ldap).
  [[nodiscard]] bool ignores_trust() const {
    return verify::ignores_trust(m_client) || (m_client == Client::Outlook2016 && m_obs.scp.has_value());
  }

  const observe::Observations& m_obs;
  const ClockRules& m_clock;
  Client m_client;
  ClientResult& m_out;
  std::span<const Method> m_exclude;
  std::span<const std::string> m_redirect_servers;
  const observe::Observations* m_root;  // where the run's POX redirects are recorded
};

ClientResult walk(const observe::Observations& obs, const ClockRules& clock, Client client,
                  const OutlookPolicySim& policy = {}) {
  ClientResult out{client, Method::None, {}, {}, Outcome::Failed, {}, {}};
  Walk w(obs, clock, client, out, policy);
  Step s = w.run();
  if (s.end == End::Works) {
    out.url = s.url;
    out.outcome = out.prompts.empty() ? Outcome::Ok : Outcome::OkWithPrompts;
    out.summary =
        "finds Autodiscover at " + s.url + " by " + std::string(to_string(out.method)) +
        (out.prompts.empty() ? ", without prompts" : ", after " + std::to_string(out.prompts.size()) + " prompt(s)") +
        (s.untested ? "; not signed in: verify withheld the credentials there (auth.withheld)" : "");
    return out;
  }
  if (s.end == End::CertificateWarning) {
    out.prompts.push_back(s.note);
    out.url = s.url;
    out.outcome = Outcome::CertificateWarning;
    out.summary = "stops with a " + s.note + " at " + s.url + " before trying the remaining methods";
    return out;
  }
  out.method = Method::None;
  out.summary = "finds no Autodiscover service: the account cannot be set up automatically";
  return out;
}

}  // namespace

std::span<const Method> discovery_order(Client client) {
  static constexpr std::array<Method, 5> k_domain_joined{Method::Scp, Method::RootHttps, Method::AutodiscoverHttps,
                                                         Method::HttpRedirect, Method::Srv};
  static constexpr std::array<Method, 4> k_external{Method::RootHttps, Method::AutodiscoverHttps, Method::HttpRedirect,
                                                    Method::Srv};
  // KB 3211279 (issue 11): Exchange Online first and last.
  static constexpr std::array<Method, 7> k_outlook_2016{
      Method::O365,         Method::Scp, Method::RootHttps, Method::AutodiscoverHttps,
      Method::HttpRedirect, Method::Srv, Method::O365};
  if (client == Client::OutlookDomainJoined) return k_domain_joined;
  if (client == Client::Outlook2016) return k_outlook_2016;
  return k_external;
}

std::vector<ClientResult> simulate(const observe::Observations& obs, const ClockRules& clock,
                                   std::span<const Method> exclude, std::span<const std::string> redirect_servers) {
  std::vector<ClientResult> out;
  // A domain-joined client exists in the report when a directory was asked (verify --ldap).
  if (obs.scp) out.push_back(walk(obs, clock, Client::OutlookDomainJoined));
  out.push_back(walk(obs, clock, Client::OutlookExternal));
  out.push_back(walk(obs, clock, Client::ActiveSync));
  out.push_back(walk(obs, clock, Client::AutodiscoverV2));  // issue 12: Teams, Outlook mobile (hybrid)
  out.push_back(walk(obs, clock, Client::Outlook2016, {exclude, redirect_servers}));  // issue 11
  return out;
}

}  // namespace adplan::verify
