#include <adplan/model/sanitize.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/verify/internal/judge.hpp>
#include <adplan/verify/internal/mobile_checks.hpp>

namespace adplan::verify {
namespace {

CheckStatus status_of(observe::Transport t) {
  switch (t) {
    case observe::Transport::Ok:
      return CheckStatus::Ok;
    case observe::Transport::ConnectTimeout:
    case observe::Transport::TlsTimeout:
    case observe::Transport::Timeout:
      return CheckStatus::Timeout;
    case observe::Transport::NoAddress:
      return CheckStatus::Skip;
    default:
      return CheckStatus::Fail;
  }
}

void exchange_checks(std::vector<Check>& out, const observe::HttpExchange& ex, const std::string& host) {
  std::string where = shown(host) + ":" + std::to_string(ex.port) + (ex.address.empty() ? "" : " (" + ex.address + ")");
  if (ex.transport == observe::Transport::NoAddress) {
    out.push_back({"tcp", where, CheckStatus::Skip, "no address", 0});
    return;
  }
  if (ex.transport == observe::Transport::Forbidden) {
    out.push_back({"tcp", where, CheckStatus::Skip, "not connected: " + ex.error, 0});
    return;
  }
  bool connected = ex.transport == observe::Transport::Ok || ex.transport == observe::Transport::Timeout ||
                   ex.transport == observe::Transport::TlsTimeout || ex.transport == observe::Transport::TlsFailed ||
                   ex.transport == observe::Transport::TooLarge || ex.tls;
  out.push_back({"tcp", where, connected ? CheckStatus::Ok : status_of(ex.transport),
                 connected ? "port open" : std::string(observe::to_string(ex.transport)), ex.connect_ms});
  if (ex.tls && !ex.tls->chain.empty() && !ex.authenticated) {
    bool good = ex.tls->trusted && ex.tls->name_matches;
    out.push_back({"tls", shown(host), good ? CheckStatus::Ok : CheckStatus::Fail,
                   std::string(good ? "certificate valid for the name and trusted: " : "certificate not accepted: ") +
                       certificate_summary(ex.tls->chain.front()),
                   ex.connect_ms});
  }
  if (!connected) return;
  std::string detail = ex.method + (ex.authenticated ? " with credentials" : "") + " -> ";
  detail += ex.transport == observe::Transport::Ok ? "HTTP " + std::to_string(ex.status)
                                                   : std::string(observe::to_string(ex.transport));
  if (!ex.auth_schemes.empty() && ex.status == 401) {
    detail += ", WWW-Authenticate:";
    for (const auto& s : ex.auth_schemes) detail += " " + shown(s, 40);
  }
  if (!ex.location.empty()) detail += ", Location: " + shown(ex.location);
  if (ex.pox) {
    detail += ex.pox->valid
                  ? (ex.pox->error_code ? ", Autodiscover error " + shown(*ex.pox->error_code, 40)
                                        : ", Autodiscover " + (ex.pox->action.empty() ? std::string("settings")
                                                                                      : shown(ex.pox->action, 40)))
                  : ", not an Autodiscover response";
  }
  bool ok = ex.transport == observe::Transport::Ok &&
            (ex.status == 200 || ex.status == 401 || (ex.status >= 300 && ex.status < 400));
  out.push_back(
      {"http", shown(ex.url),
       ex.transport == observe::Transport::Ok ? (ok ? CheckStatus::Ok : CheckStatus::Fail) : status_of(ex.transport),
       detail, ex.ms});
  if (!ex.withheld.empty()) {
    out.push_back(
        {"auth", ex.url, CheckStatus::Skip, "credentials withheld (" + ex.withheld_code + "): " + ex.withheld, 0});
  }
}

// Issue 25: an answer the exporter kept from an earlier scrape, not asked this time.
std::string kept(int ttl_left) {
  return " (cached: an earlier scrape's answer, kept " + std::to_string(ttl_left) + " s more)";
}

}  // namespace

std::vector<Check> make_checks(const observe::Observations& obs) {
  std::vector<Check> out;
  for (const auto& l : obs.lookups) {
    std::string detail;
    for (const auto& a : l.addresses) detail += (detail.empty() ? "" : " ") + a;
    if (!l.canonical.empty()) detail += " (CNAME " + l.canonical + ")";
    if (detail.empty()) detail = std::string(observe::to_string(l.status));
    if (l.cached) detail += kept(l.ttl_left);
    out.push_back({"dns", l.name,
                   l.addresses.empty()
                       ? (l.status == observe::DnsStatus::Timeout ? CheckStatus::Timeout : CheckStatus::Fail)
                       : CheckStatus::Ok,
                   detail, l.ms});
  }
  std::string srv;
  for (const auto& r : obs.srv.records) {
    srv += (srv.empty() ? "" : ", ") + std::to_string(r.priority) + " " + std::to_string(r.weight) + " " +
           std::to_string(r.port) + " " + r.target;
  }
  out.push_back({"srv", obs.srv.name,
                 obs.srv.records.empty()
                     ? (obs.srv.status == observe::DnsStatus::Timeout ? CheckStatus::Timeout : CheckStatus::Fail)
                     : CheckStatus::Ok,
                 (srv.empty() ? std::string(observe::to_string(obs.srv.status)) : srv) +
                     (obs.srv.cached ? kept(obs.srv.ttl_left) : std::string{}),
                 obs.srv.ms});
  for (const auto& e : obs.endpoints) {
    for (const auto& ex : e.exchanges) {
      auto url = observe::parse_url(ex.url);
      exchange_checks(out, ex, url ? url->host : e.host);
    }
  }
  add_mobile_checks(obs, out);  // issue 12
  return out;
}

}  // namespace adplan::verify
