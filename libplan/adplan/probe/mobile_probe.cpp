// The requests a phone, a tablet and Teams make on one Autodiscover endpoint (issue 12), after
// the POX probe and under the same deadline: the mobilesync POST (MS-ASCMD 2.2.2.1) with its
// Redirect hops, OPTIONS on the MobileSync URL (MS-ASHTTP 2.2.3; a 451 followed once to
// X-MS-Location, 3.1.5.2.2), and the anonymous Autodiscover v2 GETs. Credentials follow the one
// rule of observe/credentials.hpp; bodies are capped (1 MiB XML, 64 KiB JSON) and never decoded
// (no Accept-Encoding is sent and curl decodes nothing, so no Content-Encoding bomb inflates).
#include <adplan/model/email.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/credentials.hpp>
#include <adplan/probe/internal/dns.hpp>
#include <adplan/probe/internal/mobile.hpp>
#include <adplan/probe/internal/pox.hpp>
#include <adplan/probe/internal/shared.hpp>
#include <adplan/probe/probe.hpp>

#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>

namespace adplan::probe {
namespace {

constexpr const char* k_autodiscover_path = "/autodiscover/autodiscover.xml";

struct Answer {
  HttpExchange ex;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string pin;  // the leaf's public key, for a request with credentials
};

std::string header(const Answer& a, std::string_view name) {
  for (const auto& [n, v] : a.headers) {
    if (ascii_iequals(n, name)) return v;
  }
  return {};
}

class Mobile {
 public:
  Mobile(const MobileContext& c, const Endpoint& e) : m_c(c), m_e(e) {}

  Answer request(Url url, const std::string& method, const std::string& body, std::size_t max_body,
                 const Credentials* credentials = nullptr, const std::string& key_pin = {},
                 const CredentialUse* use = nullptr) {
    HttpRequest req;
    req.method = method;
    req.body = body;
    req.max_body = max_body;
    req.credentials = credentials;
    req.pinned_key = key_pin;
    req.cap = m_c.options.timeout;
    req.rate_limit = m_c.options.rate_limit;
    auto literal = IpAddress::parse_host(url.host);
    if (literal) url.host = literal->str();
    req.url = url;
    if (credentials && use) {  // issue 25: judged again on the connection that carries them
      req.recheck = credential_recheck(url, m_c.trust, use->scope);
      req.preemptive_basic = use->preemptive_basic;
    }
    if (!literal) {
      auto addr = address_for(url.host);
      if (!addr) {
        Answer a;
        a.ex.method = method;
        a.ex.url = url.str();
        a.ex.port = url.port;
        a.ex.transport = Transport::NoAddress;
        a.ex.error = "\"" + url.host + "\" has no address";
        return a;
      }
      req.address = *addr;
    }
    HttpResult r = m_c.engine->perform(req, m_c.deadline);
    Answer a;
    a.pin = judge_request_tls(r.exchange, r.pem_chain, url.host, m_c.trust);
    a.ex = std::move(r.exchange);
    a.body = std::move(r.body);
    a.headers = std::move(r.headers);
    return a;
  }

  // A 401 without credentials: ask again as the user where observe/credentials.hpp allows,
  // else say on `first` why not. Returns the answer with credentials when one was asked.
  std::optional<Answer> again_with_credentials(HttpExchange& first, const Url& url, const std::string& pin,
                                               CredentialScope scope, const std::string& method,
                                               const std::string& body, std::size_t max_body) {
    const auto& creds = m_c.options.credentials;
    if (!creds || first.transport != Transport::Ok || first.status != 401) return std::nullopt;
    auto literal = IpAddress::parse_host(url.host);
    scope.approved = scope.approved || m_c.approved.contains(literal ? literal->str() : url.host);
    scope.now = m_c.now;
    scope.named_by = m_c.options.named_by;
    auto d = credentials_allowed(url, first.tls ? &*first.tls : nullptr, scope);
    if (d.allowed && pin.empty()) d = {false, "certificate", "the certificate's public key could not be read"};
    if (!d.allowed) {
      first.withheld_code = d.code;
      first.withheld = d.reason;
      return std::nullopt;
    }
    CredentialUse use{scope, basic_only(first.auth_schemes)};
    return request(url, method, body, max_body, &*creds, pin, &use);
  }

  void mobilesync(MobileObservation& m) {
    const std::string domain = normal_name(m_c.options.domain);
    std::string email = m_c.options.email;
    std::vector<std::string> seen{ascii_lower(email)};
    // The endpoint's own host gets the POX endpoint's rule; a host a Redirect leads to is approved first.
    CredentialScope scope;
    const bool srv_only = std::ranges::all_of(m_e.roles, [](Role r) { return r == Role::SrvHttps; });
    scope.needs_approval = srv_only && m_e.host != domain && !m_e.host.ends_with("." + domain);
    scope.reached_by = "the SRV record";
    bool stop = false;
    const MobileSyncExchange* answer = post(m, email, {"https", m_e.host, 443, k_autodiscover_path}, scope, stop);
    for (int hop = 0; answer && answer->response->valid && !answer->response->redirect.empty(); ++hop) {
      // MS-ASCMD 2.2.3.147: "The client device uses the domain part of the address to send a new
      // Autodiscover command request" -- discovery starts again for that address, as for POX
      // redirectAddr, at most k_max_redirects times.
      const std::string next = answer->response->redirect;
      m.redirects.push_back(next);
      auto parsed = EmailAddress::parse(next);
      if (!parsed) return;  // the judge reads the Redirect it could not follow
      if (std::ranges::find(seen, ascii_lower(next)) != seen.end()) {
        m.redirect_loop = true;
        return;
      }
      if (hop + 1 >= k_max_redirects) {
        m.too_many_redirects = true;
        return;
      }
      seen.push_back(ascii_lower(next));
      email = next;
      scope = {};
      scope.needs_approval = true;
      scope.reached_by = "a mobilesync Redirect";
      answer = walk(m, email, parsed->domain().str(), scope);
    }
  }

  // MS-OXDISCO 3.1.5, the order a device walks for a Redirect's domain as for the first: https on
  // the domain, https on autodiscover.<domain>, the http redirect, SRV (port 443, RFC 2782 order).
  // The first answer ends the walk, and so does a 401 (the device's server: credentials decide).
  const MobileSyncExchange* walk(MobileObservation& m, const std::string& email, const std::string& domain,
                                 const CredentialScope& scope) {
    bool stop = false;
    for (const auto& host : {domain, "autodiscover." + domain}) {
      if (const auto* a = post(m, email, {"https", host, 443, k_autodiscover_path}, scope, stop)) return a;
      if (stop) return nullptr;
    }
    if (auto target = http_redirect(m, email, domain)) {
      if (const auto* a = post(m, email, *target, scope, stop)) return a;
      if (stop) return nullptr;
    }
    for (const auto& target : srv_targets(domain)) {
      if (const auto* a = post(m, email, {"https", target, 443, k_autodiscover_path}, scope, stop)) return a;
      if (stop) return nullptr;
    }
    return nullptr;
  }

  // One mobilesync POST, again with credentials after a 401 where the rule allows. The exchange
  // holding a parsed answer (valid or not), or nullptr; `stop` on a 401 without an answer.
  const MobileSyncExchange* post(MobileObservation& m, const std::string& email, const Url& url,
                                 const CredentialScope& scope, bool& stop) {
    if (m_c.deadline.passed()) {
      stop = true;
      return nullptr;
    }
    const std::string body = pox_request(email, PoxSchema::MobileSync);
    auto a = request(url, "POST", body, k_max_mobilesync_body);
    m.mobilesync.push_back({email, std::move(a.ex), std::nullopt});
    auto retry =
        again_with_credentials(m.mobilesync.back().http, url, a.pin, scope, "POST", body, k_max_mobilesync_body);
    auto& last = retry ? m.mobilesync.emplace_back(MobileSyncExchange{email, std::move(retry->ex), std::nullopt})
                       : m.mobilesync.back();
    if (last.http.transport == Transport::Ok && last.http.status == 200)
      last.response = parse_mobilesync_response(retry ? retry->body : a.body);
    if (last.response) return &last;
    stop = last.http.transport == Transport::Ok && last.http.status == 401;
    return nullptr;
  }

  // MS-OXDISCO 3.1.5.4: GET http://autodiscover.<domain>/autodiscover/autodiscover.xml without
  // credentials; redirects (at most k_max_redirects) to an https URL with the Autodiscover path
  // give where the device POSTs. Each GET is recorded beside the POSTs.
  std::optional<Url> http_redirect(MobileObservation& m, const std::string& email, const std::string& domain) {
    Url url{"http", "autodiscover." + domain, 80, k_autodiscover_path};
    for (int hop = 0; hop <= k_max_redirects && !m_c.deadline.passed(); ++hop) {
      auto a = request(url, "GET", {}, 64 * 1024);
      const auto ex = a.ex;
      m.mobilesync.push_back({email, std::move(a.ex), std::nullopt});
      if (ex.transport != Transport::Ok || ex.status < 300 || ex.status > 399 || ex.location.empty())
        return std::nullopt;
      auto next = resolve_location(url, ex.location);
      if (!next || !is_autodiscover_path(next->path)) return std::nullopt;
      if (next->scheme == "https") return next;
      url = *next;
    }
    return std::nullopt;
  }

  // MS-OXDISCO 3.1.5.5: the SRV targets with port 443, in RFC 2782 order (the resolver's).
  std::vector<std::string> srv_targets(const std::string& domain) {
    std::vector<std::string> out;
    std::lock_guard lock(m_resolver_mutex);
    auto* r = resolver();
    if (!r || m_c.deadline.passed()) return out;
    auto batch = r->resolve({}, {"_autodiscover._tcp." + domain}, m_c.deadline);
    if (batch.srv.empty()) return out;
    for (const auto& rec : batch.srv.front().records) {
      if (rec.port == 443 && std::ranges::find(out, rec.target) == out.end()) out.push_back(rec.target);
    }
    return out;
  }

  // MS-ASCMD 2.2.2.1: after the Autodiscover answer the device sends OPTIONS to the server it
  // names; MS-ASHTTP 3.1.5.2.2: a 451 carries the right URL in X-MS-Location, used once.
  void options(MobileObservation& m) {
    const auto* final = m.final_answer();
    if (!final || !final->response->valid) return;
    auto url = parse_url(final->response->mobilesync_url());
    if (!url) return;
    CredentialScope scope;
    scope.needs_approval = true;  // a host the server's answer named
    scope.reached_by = "the Autodiscover answer";
    for (int round = 0; round < 2; ++round) {
      if (m_c.deadline.passed()) return;
      auto a = request(*url, "OPTIONS", {}, 64 * 1024);
      m.options.push_back(options_exchange(a, round == 1));
      auto retry = again_with_credentials(m.options.back().http, *url, a.pin, scope, "OPTIONS", {}, 64 * 1024);
      if (retry) m.options.push_back(options_exchange(*retry, round == 1));
      const auto& last = m.options.back();
      if (round == 1 || last.http.transport != Transport::Ok || last.http.status != 451 || last.ms_location.empty())
        return;
      auto next = resolve_location(*url, last.ms_location);
      if (!next) return;
      url = next;
      scope.reached_by = "a 451 X-MS-Location";
    }
  }

  // Issue 25: the GETs go out at once (one round trip on warm connections, not five).
  void v2(MobileObservation& m) {
    std::vector<std::pair<std::string, bool>> asks;
    for (auto p : k_v2_protocols) asks.emplace_back(std::string(p), false);
    asks.emplace_back(std::string(k_v2_unknown_protocol), true);
    std::vector<std::optional<V2Exchange>> answers(asks.size());
    {
      std::vector<std::jthread> in_flight;
      for (std::size_t i = 0; i < asks.size(); ++i) {
        in_flight.emplace_back([this, &asks, &answers, i] {
          if (m_c.deadline.passed()) return;
          const auto& [protocol, unknown] = asks[i];
          Url url{"https", m_e.host, 443, v2_path(m_c.options.email, protocol)};
          auto a = request(url, "GET", {}, k_max_v2_body);
          V2Exchange v{protocol, unknown, std::move(a.ex), std::nullopt, {}};
          if (v.http.transport == Transport::Ok && (v.http.status == 200 || v.http.status == 400))
            v.response = parse_v2_response(a.body);
          answers[i] = std::move(v);
        });
      }
    }  // joined
    for (auto& a : answers) {
      if (a) m.v2.push_back(std::move(*a));
    }
    targets(m);
  }

  // Issue 22: GET each distinct https Url the v2 answers name (again with credentials after a 401
  // where the rule allows), so the judge can tell a Url that differs from the plan but works from
  // one that fails. The Autodiscover URL itself and the MobileSync URL asked with OPTIONS are
  // requested already. Issue 25: the distinct Urls do not depend on each other and go out together.
  void targets(MobileObservation& m) {
    std::vector<std::string> seen{ascii_lower(Url{"https", m_e.host, 443, k_autodiscover_path}.str())};
    for (const auto& o : m.options) seen.push_back(ascii_lower(o.http.url));
    std::vector<std::pair<V2Exchange*, Url>> asks;
    for (auto& v : m.v2) {
      if (v.unknown || !v.response || !v.response->valid || v.response->url.empty()) continue;
      auto url = parse_url(v.response->url);
      if (!url || url->scheme != "https") continue;
      const std::string key = ascii_lower(url->str());
      if (std::ranges::find(seen, key) != seen.end()) continue;
      seen.push_back(key);
      asks.emplace_back(&v, std::move(*url));
    }
    std::vector<std::jthread> in_flight;
    for (auto& [v, url] : asks) {
      in_flight.emplace_back([this, v, &url] {  // each writes only its own V2Exchange
        if (m_c.deadline.passed()) return;
        auto a = request(url, "GET", {}, k_max_v2_body);
        v->target.push_back(std::move(a.ex));
        CredentialScope scope;
        scope.needs_approval = true;  // a host the server's answer named
        scope.reached_by = "the Autodiscover v2 answer";
        auto retry = again_with_credentials(v->target.back(), url, a.pin, scope, "GET", {}, k_max_v2_body);
        if (retry) v->target.push_back(std::move(retry->ex));
      });
    }
  }

 private:
  static OptionsExchange options_exchange(Answer& a, bool follows) {
    OptionsExchange o;
    o.versions = header(a, "MS-ASProtocolVersions");
    o.commands = header(a, "MS-ASProtocolCommands");
    o.ms_location = header(a, "X-MS-Location");
    o.follows_451 = follows;
    o.http = std::move(a.ex);
    return o;
  }

  std::optional<std::string> address_for(const std::string& host) {
    // The endpoint's own host: the address its POX request used (the client's server).
    if (host == m_e.host && !m_e.exchanges.empty() && !m_e.exchanges.front().address.empty())
      return m_e.exchanges.front().address;
    if (auto it = m_c.lookups.find(host); it != m_c.lookups.end()) {
      if (it->second.addresses.empty()) return std::nullopt;
      return it->second.addresses.front();
    }
    std::lock_guard lock(m_resolver_mutex);  // v2's side thread resolves too
    auto* r = resolver();
    if (!r) return std::nullopt;
    auto batch = r->resolve({host}, {}, m_c.deadline);
    if (batch.addresses.front().addresses.empty()) return std::nullopt;
    return batch.addresses.front().addresses.front();
  }

  // Under m_resolver_mutex.
  Resolver* resolver() {
    if (!m_resolver) {
      auto r = Resolver::create(m_c.options.dns_servers);
      if (!r) return nullptr;
      m_resolver.emplace(std::move(*r));
    }
    return &*m_resolver;
  }

  const MobileContext& m_c;
  const Endpoint& m_e;
  std::mutex m_resolver_mutex;  // issue 25: v2's side thread and the mobilesync walk share the resolver
  std::optional<Resolver> m_resolver;
};

}  // namespace

void probe_mobile(const MobileContext& c, Endpoint& e) {
  // A device meets what Outlook met on the way in: no connection, no mobile requests either
  // (and a tarpit costs the run one timeout, not one more per request).
  if (e.exchanges.empty() || e.exchanges.front().transport != Transport::Ok || c.deadline.passed()) return;
  auto start = Deadline::Clock::now();
  MobileObservation m;
  MobileObservation v2;
  Mobile probe(c, e);
  {
    // v2 asks this endpoint, OPTIONS the host the answer names: a tarpit there must not cost v2
    // its turn. Issue 25: they do not depend on each other, so they go out together.
    std::jthread v2_side([&probe, &v2] { probe.v2(v2); });
    probe.mobilesync(m);
    probe.options(m);
  }
  m.v2 = std::move(v2.v2);
  m.ms = elapsed_ms(start);
  e.mobile.push_back(std::move(m));
}

}  // namespace adplan::probe
