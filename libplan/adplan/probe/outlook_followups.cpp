// Issue 11: what Outlook 2016 and later do beyond finding Autodiscover. They connect to every
// service URL the answer hands out (EWS, OAB, UM, MAPI over HTTP, OWA), follow a POX redirect
// (MS-OXDISCO 3.1.5.7: redirectUrl POSTs again there, redirectAddr starts discovery again for the
// new address) and, first of all, ask Exchange Online whether it holds the mailbox (KB 3211279).
// All of it under the run's one deadline, on the run's worker pool (internal/task_queue.hpp).
#include <adplan/model/bounded_json.hpp>
#include <adplan/model/email.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/probe/internal/shared.hpp>

#include <algorithm>

namespace adplan::probe {
namespace {

// The service URLs an external client takes from the answer: the EXPR (Outlook Anywhere) and
// mapiHttp sections, EXHTTP where a server sends it, and WEB's external OWA. EXCH is the internal view.
bool external_service(const std::string& type, const std::string& element) {
  if (type == "WEB") return element == "External/OWAUrl";
  if (type != "EXPR" && type != "mapiHttp" && type != "EXHTTP") return false;
  static const char* const k_elements[] = {
      "EwsUrl", "OOFUrl", "OABUrl", "UMUrl", "ASUrl", "EmwsUrl", "MailStore/ExternalUrl", "AddressBook/ExternalUrl"};
  return std::ranges::any_of(k_elements, [&](const char* e) { return element == e; });
}

// Issue 22: the mapiHttp InternalUrls, probed too so a difference from the plan is judged by what
// the URL answers (the judge reads them only where they differ; reaching them is not required here).
bool internal_service(const std::string& type, const std::string& element) {
  return type == "mapiHttp" && (element == "MailStore/InternalUrl" || element == "AddressBook/InternalUrl");
}

// The answer a client acts on: the last usable 200 (the one with credentials when there is one).
const PoxResponse* final_answer(const std::vector<HttpExchange>& exchanges) {
  const PoxResponse* out = nullptr;
  for (const auto& ex : exchanges) {
    if (ex.transport == Transport::Ok && ex.status == 200 && ex.pox && ex.pox->valid && !ex.pox->error_code)
      out = &*ex.pox;
  }
  return out;
}

void probe_service(const Shared& s, ServiceProbe& p, const Url& url) {
  std::optional<Resolver> resolver;
  std::string pin;
  std::vector<HttpExchange> xs{exchange(s, url, "GET", nullptr, resolver, {}, {}, &pin)};
  // Issue 22: a 401 is also what a wrong path behind IIS answers; the GET as the user tells.
  CredentialScope scope;
  scope.needs_approval = true;  // a host the answer named, not one the user typed
  scope.reached_by = "the Autodiscover answer";
  const std::string pinned = xs.front().address;
  with_credentials(s, xs, url, scope, pin, resolver, pinned, "GET");
  p.exchange = std::move(xs.front());
  if (xs.size() > 1) p.authenticated = std::move(xs.back());
}

void follow(Shared& s, PoxRedirect& r, std::vector<std::string> chain);

}  // namespace

void queue_followups(Shared& s, const std::vector<HttpExchange>& exchanges, bool scp_only,
                     std::vector<std::string> chain) {
  const PoxResponse* pox = final_answer(exchanges);
  if (!pox) return;
  auto& f = *s.followups;
  if (pox->action == "redirectUrl" || pox->action == "redirectAddr") {
    if (chain.empty()) chain = s.chain;
    if (chain.empty()) chain.push_back(ascii_lower(s.options.email));
    const std::string target = ascii_lower(pox->redirect);
    PoxRedirect* r = nullptr;
    {
      std::lock_guard lock(f.mutex);
      bool loop = std::ranges::find(chain, target) != chain.end();
      // The same redirect from another endpoint of the same step is followed once.
      if (!loop && !f.redirects_seen.insert(pox->action + " " + target).second) return;
      r = &f.redirects.emplace_back();
      r->from = exchanges.back().url;
      r->action = pox->action;
      r->target = shown(pox->redirect, 200);
      r->hop = static_cast<int>(chain.size());
      if (loop)
        r->refused = "loop: " + r->target + " was visited before in this chain";
      else if (r->hop > k_max_redirects)
        r->refused = "more than " + std::to_string(k_max_redirects) + " redirects";
    }
    if (!r->refused.empty()) return;
    chain.push_back(target);
    s.queue->push([&s, r, chain] { follow(s, *r, chain); });
    return;
  }
  for (const auto& proto : pox->protocols) {
    for (const auto& [element, text] : proto.urls) {
      const bool internal = internal_service(proto.type, element);
      if (!internal && !external_service(proto.type, element)) continue;
      auto url = parse_url(text);
      if (!url || url->scheme != "https") continue;  // the judge reads the settings themselves
      const std::string key = ascii_lower(url->str());
      const std::string name = proto.type + " " + element;
      std::lock_guard lock(f.mutex);
      if (auto it = f.service_index.find(key); it != f.service_index.end()) {
        auto& p = f.services[it->second];
        if (std::ranges::find(p.services, name) == p.services.end()) p.services.push_back(name);
        p.scp_only = p.scp_only && scp_only;
        p.internal_only = p.internal_only && internal;
        continue;
      }
      f.service_index.emplace(key, f.services.size());
      auto& p = f.services.emplace_back();
      p.url = shown(text, 400);
      p.host = url->host;
      p.services.push_back(name);
      p.scp_only = scp_only;
      p.internal_only = internal;
      s.queue->push([&s, &p, u = *url] { probe_service(s, p, u); });
    }
  }
}

namespace {

void follow(Shared& s, PoxRedirect& r, std::vector<std::string> chain) {
  if (r.action == "redirectUrl") {
    auto url = parse_url(r.target);
    if (!url || url->scheme != "https") {
      r.refused = "not an https URL: the client does not POST there";
      return;
    }
    std::optional<Resolver> resolver;
    std::string pin;
    r.exchanges.push_back(exchange(s, *url, "POST", nullptr, resolver, {}, {}, &pin));
    CredentialScope scope;
    scope.needs_approval = true;  // a host the answer named, not one the user typed
    scope.reached_by = "an Autodiscover redirectUrl";
    with_credentials(s, r.exchanges, *url, scope, pin, resolver, r.exchanges.back().address);
    queue_followups(s, r.exchanges, false, std::move(chain));
    return;
  }
  auto email = EmailAddress::parse(r.target);
  if (!email) {
    r.refused = "not an e-mail address (" + email.error().message + ")";
    return;
  }
  ProbeOptions po = s.options;
  po.domain = email->domain().str();
  po.email = email->str();
  po.scp_hosts.clear();
  po.o365_endpoint.clear();  // Exchange Online was asked once for the run
  po.redirected = true;
  auto nested = run_probes_until(po, s.trust, s.deadline, s.followups, std::move(chain), s.engine);
  if (nested)
    r.discovery.push_back(std::move(*nested));
  else
    r.refused = nested.error().message;
}

}  // namespace

O365Probe probe_o365(const Shared& s) {
  constexpr std::size_t k_max_claim = std::size_t{64} * 1024;
  O365Probe o;
  o.endpoint = s.options.o365_endpoint;
  auto base = parse_url(o.endpoint);
  if (!base) {
    o.problem = "not an http(s) URL";
    return o;
  }
  Url url = *base;
  while (url.path.ends_with("/")) url.path.pop_back();
  // Autodiscover v2 (Exchange 2013 CU19 and later, Exchange Online): anonymous, JSON.
  url.path += "/autodiscover/autodiscover.json/v1.0/" + s.options.email + "?Protocol=AutodiscoverV1";
  std::optional<Resolver> resolver;
  std::string body;
  o.exchange = exchange(s, url, "GET", nullptr, resolver, {}, {}, nullptr, &body);
  if (o.exchange.transport != Transport::Ok || o.exchange.status != 200) return o;
  if (body.size() > k_max_claim) {
    o.problem = "the answer is larger than " + std::to_string(k_max_claim) + " bytes";
    return o;
  }
  // Nesting deeper than this is no Autodiscover v2 answer: refused before anything recurses.
  auto doc = parse_bounded_json(body, 8);
  if (!doc) {
    o.problem = doc.error().kind == JsonProblem::Kind::Depth ? "the answer nests deeper than any Autodiscover v2 answer"
                                                             : "the answer is not JSON";
    return o;
  }
  const auto& j = *doc;
  if (!j.is_object()) {
    o.problem = "the answer is not a JSON object";
  } else if (!j.contains("Url") || !j["Url"].is_string()) {
    o.problem = "the answer has no string \"Url\"";
  } else {
    o.claimed_url = shown(j["Url"].get<std::string>(), 400);
  }
  return o;
}

void collect_followups(Followups& f, Observations& obs) {
  obs.services.assign(std::make_move_iterator(f.services.begin()), std::make_move_iterator(f.services.end()));
  std::ranges::sort(obs.services, [](const ServiceProbe& a, const ServiceProbe& b) {
    return ascii_lower(a.url) < ascii_lower(b.url);
  });
  obs.pox_redirects.assign(std::make_move_iterator(f.redirects.begin()), std::make_move_iterator(f.redirects.end()));
  std::ranges::stable_sort(obs.pox_redirects, [](const PoxRedirect& a, const PoxRedirect& b) {
    return a.hop != b.hop ? a.hop < b.hop : a.from < b.from;
  });
}

}  // namespace adplan::probe
