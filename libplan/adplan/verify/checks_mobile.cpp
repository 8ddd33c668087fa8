// The check table's lines for the phones' and Teams' requests (issue 12): "eas" for the
// mobilesync POST and the OPTIONS after it, "v2" for each Autodiscover v2 GET, with timings.
#include <adplan/model/sanitize.hpp>
#include <adplan/verify/internal/mobile.hpp>
#include <adplan/verify/internal/mobile_checks.hpp>

namespace adplan::verify {
namespace {

using observe::Transport;

CheckStatus transport_status(Transport t) {
  switch (t) {
    case Transport::Ok:
      return CheckStatus::Ok;
    case Transport::ConnectTimeout:
    case Transport::TlsTimeout:
    case Transport::Timeout:
      return CheckStatus::Timeout;
    case Transport::NoAddress:
    case Transport::Forbidden:
      return CheckStatus::Skip;
    default:
      return CheckStatus::Fail;
  }
}

std::string status_text(const observe::HttpExchange& ex) {
  std::string out = ex.method + (ex.authenticated ? " with credentials" : "") + " -> ";
  if (ex.transport != Transport::Ok) return out + std::string(observe::to_string(ex.transport));
  out += "HTTP " + std::to_string(ex.status);
  if (ex.status == 401 && !ex.auth_schemes.empty()) {
    out += ", WWW-Authenticate:";
    for (const auto& s : ex.auth_schemes) out += " " + shown(s, 40);
  }
  if (!ex.withheld.empty()) out += ", credentials withheld (" + ex.withheld_code + ")";
  return out;
}

}  // namespace

void add_mobile_checks(const observe::Observations& obs, std::vector<Check>& out) {
  for (const auto& e : obs.endpoints) {
    if (e.mobile.empty()) continue;
    const auto& m = e.mobile.front();
    for (const auto& x : m.mobilesync) {
      std::string detail = status_text(x.http);
      bool ok = x.http.transport == Transport::Ok && (x.http.status == 401 || x.http.status == 200);
      if (x.http.method == "GET" && !x.http.location.empty()) {  // a Redirect walk's http redirect
        ok = ok || (x.http.status >= 300 && x.http.status <= 399);
        detail += ", Location: " + shown(x.http.location);
      }
      if (x.email != obs.email) detail += ", for " + shown(x.email, 80);
      if (x.response) {
        const auto& r = *x.response;
        if (!r.valid) {
          ok = false;
          detail += ", not a mobilesync response";
        } else if (r.error_code) {
          ok = false;
          detail += ", error " + shown(*r.error_code, 40);
        } else if (!r.redirect.empty()) {
          detail += ", Redirect to " + shown(r.redirect, 80);
        } else {
          detail += ", MobileSync " + shown(r.mobilesync_url());
        }
      }
      out.push_back({"eas", shown(x.http.url),
                     x.http.transport == Transport::Ok ? (ok ? CheckStatus::Ok : CheckStatus::Fail)
                                                       : transport_status(x.http.transport),
                     detail, x.http.ms});
    }
    for (const auto& o : m.options) {
      std::string detail = status_text(o.http);
      if (!o.versions.empty()) detail += ", MS-ASProtocolVersions: " + shown(o.versions, 80);
      if (!o.ms_location.empty()) detail += ", X-MS-Location: " + shown(o.ms_location);
      if (o.follows_451) detail += " (after the 451)";
      bool ok = o.http.transport == Transport::Ok &&
                ((o.http.status == 200 && !o.versions.empty()) || o.http.status == 401 || o.http.status == 451);
      out.push_back({"eas", shown(o.http.url),
                     o.http.transport == Transport::Ok ? (ok ? CheckStatus::Ok : CheckStatus::Fail)
                                                       : transport_status(o.http.transport),
                     detail, o.http.ms});
    }
    for (const auto& v : m.v2) {
      std::string detail = status_text(v.http);
      bool ok = v.http.transport == Transport::Ok && v.http.status == (v.unknown ? 400 : 200);
      if (v.response) {
        if (!v.response->valid) {
          ok = false;
          detail += ", not v2 JSON (" + shown(v.response->problem, 120) + ")";
        } else if (!v.response->error_code.empty()) {
          detail += ", ErrorCode " + shown(v.response->error_code, 60);
        } else {
          detail += ", " + shown(v.response->protocol, 40) + " " + shown(v.response->url);
        }
      }
      out.push_back({"v2", shown(v.http.url),
                     v.http.transport == Transport::Ok ? (ok ? CheckStatus::Ok : CheckStatus::Fail)
                                                       : transport_status(v.http.transport),
                     detail, v.http.ms});
    }
  }
}

}  // namespace adplan::verify
