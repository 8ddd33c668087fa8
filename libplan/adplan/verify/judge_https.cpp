#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/verify/internal/judge.hpp>
#include <adplan/verify/internal/url_drift.hpp>
#include <adplan/verify/outlook2016.hpp>

namespace adplan::verify {
namespace {

const char* k_cert_remedy_name =
    "reissue the certificate with this name in its subjectAltName (adplan csr; adplan ca sign for the internal CA), "
    "then Import-ExchangeCertificate -Path <file> | Enable-ExchangeCertificate -Services IIS";
const char* k_cert_remedy_renew =
    "renew the certificate (adplan csr, or adplan ca sign), then Import-ExchangeCertificate -Path <file> | "
    "Enable-ExchangeCertificate -Services IIS";

std::string remedy_for(const std::string& id, const std::string& matched) {
  if (id == "tls.untrusted") {
    return "use a certificate from a CA the clients trust and send its intermediate certificates, or distribute the "
           "internal CA's root certificate to every client (Group Policy; mobile devices by hand)";
  }
  if (id == "tls.name-mismatch") return k_cert_remedy_name;
  if (id == "tls.weak-key")
    return "reissue with an RSA key of 2048 bits or more: New-ExchangeCertificate -GenerateRequest -KeySize 2048";
  if (id == "tls.weak-signature")
    return "reissue the certificate signed with SHA-256 (CA/B Forum BR 7.1.3.2: no SHA-1)";
  if (id == "tls.wildcard") {
    return "for Outlook Anywhere set the certificate principal name: Set-OutlookProvider EXPR -CertPrincipalName "
           "\"msstd:" +
           matched + "\"";
  }
  return k_cert_remedy_renew;
}

std::string message_for(const std::string& id, const std::string& host) {
  if (id == "tls.untrusted")
    return "the certificate of " + host + " does not lead to a trusted root: clients show a certificate warning";
  if (id == "tls.name-mismatch")
    return "the certificate of " + host + " does not name " + host + ": clients show a certificate warning";
  if (id == "tls.expired") return "a certificate of " + host + " has expired: clients show a certificate warning";
  if (id == "tls.not-yet-valid")
    return "a certificate of " + host + " is not valid yet: clients show a certificate warning";
  if (id == "tls.expiring-soon") return "the certificate of " + host + " expires soon";
  if (id == "tls.weak-key")
    return "a certificate of " + host + " has a key current clients reject (CA/B Forum BR 6.1.5)";
  if (id == "tls.weak-signature") return "a certificate of " + host + " has a signature current clients reject";
  return "the certificate of " + host +
         " covers it by a wildcard; Outlook Anywhere then needs the certificate principal name set";
}

// An answer's URL against the plan's: OABUrl by prefix (the OAB's GUID follows); mapiHttp and
// OWA without the query (?MailboxId=...) and a trailing slash; the rest as URLs.
bool same_planned_url(std::string_view url, const ExpectedUrl& want) {
  if (want.prefix) return ascii_lower(url).starts_with(ascii_lower(want.url));
  if (!want.loose) return observe::same_url(url, want.url);
  auto trim = [](std::string_view u) {
    u = u.substr(0, u.find('?'));
    while (u.ends_with('/')) u.remove_suffix(1);
    return u;
  };
  return observe::same_url(trim(url), trim(want.url));
}

void judge_pox(Judge& j, const observe::PoxResponse& pox, const std::string& subject, bool planned) {
  if (!pox.valid) {
    j.add("autodiscover.invalid-response", planned ? Severity::Error : Severity::Info, subject,
          "the answer to the Autodiscover POST is not an Autodiscover response; clients treat it as a failure",
          "check the Autodiscover virtual directory (New-AutodiscoverVirtualDirectory) and anything in front of it",
          shown(pox.problem, 400));
    return;
  }
  if (pox.error_code) {
    std::string code = shown(*pox.error_code, 40);  // the server's text
    std::string meaning = code == "500"   ? "address not found"
                          : code == "600" ? "invalid request"
                          : code == "601" ? "requested schema not available"
                          : code == "603" ? "user not found in Active Directory"
                                          : "error";
    j.add("autodiscover.error-response", planned ? Severity::Error : Severity::Warning, subject,
          "Autodiscover answered with error " + code + " (" + meaning + ")",
          code == "500" || code == "603" ? "check the e-mail address (--email) and that its mailbox exists"
                                         : "check the Autodiscover virtual directory and the request schema",
          shown(pox.error_message));
    return;
  }
  if (pox.action == "redirectAddr" || pox.action == "redirectUrl") {
    // MS-OXDISCO 3.1.5.7: the client starts again with the new address, or POSTs to the URL.
    bool url = pox.action == "redirectUrl";
    bool https = !url || pox.redirect.starts_with("https://");
    j.add("autodiscover.redirect", https ? Severity::Info : Severity::Error, subject,
          url ? (https ? "Autodiscover sends clients on to another URL"
                       : "Autodiscover sends clients on to a URL that is not https")
              : "Autodiscover sends clients on to another e-mail address (a hosted or migrated mailbox)",
          https ? "none needed when intended" : "point the redirect at the https Autodiscover URL",
          pox.action + ": " + shown(pox.redirect));
    return;
  }
  if (!j.expect.planned) return;
  for (const auto& proto : pox.protocols) {
    // EXCH is the internal RPC view; mapiHttp is what Outlook 2016 and later connect to (issue 11).
    const bool mapi = proto.type == "mapiHttp";
    if (proto.type != "EXPR" && proto.type != "WEB" && !mapi) continue;
    for (const auto& [element, url] : proto.urls) {
      for (const auto& want : j.expect.urls) {
        if (want.element != element || (want.type == "mapiHttp") != mapi) continue;
        if (same_planned_url(url, want)) continue;
        // Issue 22: judged by what the client meets at the live URL (verify/internal/url_drift.hpp).
        UrlDifference d;
        d.family = UrlFamily::Autodiscover;
        d.subject = subject;
        d.what = shown(proto.type, 40) + " " + shown(element, 40);
        d.planned = want.url;
        d.live = url;
        d.internal = want.internal;
        d.clients = want.internal ? "Outlook clients inside the network" : "Outlook clients outside";
        d.set_remedy = want.set_remedy.empty() ? want.cmdlet : want.set_remedy;
        if (j.expect.plan) d.adopt_remedy = adopt_remedy(*j.expect.plan, want.internal, want.url, url);
        j.findings.push_back(judge_url_difference(d, live_facts(j.obs, url), j.clock));
      }
    }
  }
}

}  // namespace

std::string url_of(const std::string& host) {
  return "https://" + host + "/autodiscover/autodiscover.xml";
}

bool judge_connection(Judge& j, const observe::HttpExchange& ex, const std::string& host, bool planned, bool root) {
  const std::string subject = shown(ex.url);
  bool stop = false;
  if (ex.tls) {
    auto problems = certificate_problems(*ex.tls, host, j.clock);
    if (root && !planned) {
      // The root-domain trap: Outlook shows this warning instead of moving on.
      std::string evidence;
      for (const auto& p : problems) {
        if (p.warns_user()) evidence += (evidence.empty() ? "" : "; ") + p.id + ": " + p.evidence;
      }
      if (!evidence.empty()) {
        j.add("root.certificate-warning", Severity::Error, subject,
              "https://" + host + " answers on port 443 with a certificate clients do not accept for " + host +
                  ": Outlook stops with a certificate warning before it tries the other methods",
              "make " + host + " stop answering on port 443 (ask the web host), or give it a certificate that names " +
                  host + " and serves Autodiscover; Outlook 2016 and later skip it with the policy " +
                  policy_sentence(Method::RootHttps),
              evidence + " (" + certificate_summary(ex.tls->chain.front()) + ")");
        stop = true;
      }
    } else {
      for (const auto& p : problems) {
        j.add(p.id, p.warns_user() ? Severity::Error : Severity::Warning, subject, message_for(p.id, host),
              remedy_for(p.id, ex.tls->matched_name), p.evidence);
      }
    }
  }
  using observe::Transport;
  switch (ex.transport) {
    case Transport::Ok:
      return !stop;
    case Transport::NoAddress:
    case Transport::Forbidden:
      return false;  // judged as DNS (dns.forbidden-address) or as the redirect (redirect.forbidden-address)
    case Transport::Refused:
    case Transport::Unreachable:
    case Transport::Reset:
    case Transport::Error:
      j.add("tcp.unreachable", planned ? Severity::Error : Severity::Info, subject,
            planned ? "nothing answers on " + host + " port " + std::to_string(ex.port) + " (" + ex.address +
                          "), where the plan puts the Autodiscover service"
                    : host + " port " + std::to_string(ex.port) +
                          " does not answer; clients move on (normal when the scenario does not use it)",
            planned ? "bind the web site to " + ex.address + " port " + std::to_string(ex.port) + " and let TCP " +
                          std::to_string(ex.port) + " through the firewall"
                    : "none needed",
            std::string(observe::to_string(ex.transport)) + (ex.error.empty() ? "" : ": " + ex.error));
      return false;
    case Transport::ConnectTimeout:
    case Transport::TlsTimeout:
    case Transport::Timeout:
      // One id per layer that timed out: TCP connect, TLS handshake, HTTP response.
      j.add(ex.transport == Transport::ConnectTimeout ? "tcp.timeout"
            : ex.transport == Transport::TlsTimeout   ? "tls.timeout"
                                                      : "http.timeout",
            planned ? Severity::Error : Severity::Warning, subject,
            host + " port " + std::to_string(ex.port) +
                " accepted nothing or answered nothing in time; clients wait, then move on",
            "find what holds the connection without answering (a firewall that drops packets, a stalled server)",
            std::string(observe::to_string(ex.transport)) + " after " + std::to_string(ex.ms) + " ms");
      return false;
    case Transport::TlsFailed:
      j.add("tls.handshake-failed", planned ? Severity::Error : Severity::Info, subject,
            "the TLS handshake with " + host + " failed; clients cannot use it",
            "bind a certificate to the site and enable TLS 1.2 or later", ex.error);
      return false;
    case Transport::TooLarge:
      j.add("autodiscover.invalid-response", planned ? Severity::Error : Severity::Info, subject,
            "the answer is larger than a verifier accepts (1 MiB); not an Autodiscover response",
            "check what answers at this URL", ex.error);
      return false;
  }
  return false;
}

void judge_post(Judge& j, const std::vector<observe::HttpExchange>& exchanges, const std::string& subject,
                bool planned) {
  for (const auto& ex : exchanges) {
    // Issue 25: a request with credentials refused on its own connection (the certificate there is
    // not the one judged, or fails now) was never sent; it carries no status, only why.
    const bool refused_on_connection = ex.transport != observe::Transport::Ok && !ex.withheld.empty();
    if ((ex.transport != observe::Transport::Ok && !refused_on_connection) || ex.method != "POST") continue;
    if (ex.status == 200) {
      if (ex.pox) judge_pox(j, *ex.pox, subject, planned);
      continue;
    }
    if (ex.status == 401 && ex.authenticated) {
      j.add("autodiscover.auth-failed", Severity::Warning, subject, "the server refused the credentials given",
            "check --user and the password file; a single 401 can also mean another authentication scheme is needed",
            "WWW-Authenticate: " + (ex.auth_schemes.empty() ? std::string("(none)") : ex.auth_schemes.front()));
      continue;
    }
    if ((ex.status == 401 || refused_on_connection) && !ex.withheld.empty()) {
      // Issue 10: the credentials were not sent here, so the authenticated step is untested. An
      // error: the run was asked to sign in and could not, and a pass would pretend it had.
      // A tenant's or a scraper's domain (issue 21): withheld by the rule, not for a fault of the server.
      const bool by_rule = ex.withheld_code == "not-plan-host";
      j.add("auth.withheld", by_rule ? Severity::Warning : Severity::Error, subject,
            "verify did not send the credentials to " + ex.url +
                ": the answer with credentials (the user's settings) was not tested",
            ex.withheld_code == "redirect-not-approved" || by_rule
                ? "if this host is yours, approve it: adplan verify --allow-redirect <host> (or add it to the plan)"
            : ex.withheld_code == "certificate"
                ? "fix the certificate (the tls.* findings say how); credentials go only to a certificate that passes"
                : "serve Autodiscover over https",
            ex.withheld_code + ": " + ex.withheld);
      continue;
    }
    if (ex.status == 401 && !ex.auth_schemes.empty()) continue;  // the expected challenge
    std::string what =
        ex.status == 401
            ? "401 without a WWW-Authenticate header: clients cannot authenticate"
            : "the Autodiscover POST is answered with " + std::to_string(ex.status) +
                  (planned ? "" : "; clients move on (normal where the scenario puts no Autodiscover service)");
    j.add("http.unexpected-status", planned ? Severity::Error : Severity::Info, subject, what,
          planned ? "publish Autodiscover on this site: New-AutodiscoverVirtualDirectory -WebSiteName \"<site>\" "
                    "(and in nginx match the path case-insensitively)"
                  : "none needed",
          "HTTP " + std::to_string(ex.status) + (ex.location.empty() ? "" : ", Location: " + shown(ex.location)));
  }
}

void judge_https(Judge& j) {
  for (const auto& e : j.obs.endpoints) {
    if (e.has(observe::Role::HttpRedirect) || e.exchanges.empty()) continue;
    // A host only the SCP names is judged by judge_scp, by the domain-joined client's rules.
    if (e.roles.size() == 1 && e.has(observe::Role::Scp)) continue;
    bool planned = j.planned_https(e.host) || e.has(observe::Role::PlannedHttps);
    bool root = e.has(observe::Role::RootHttps);
    if (judge_connection(j, e.exchanges.front(), e.host, planned, root))
      judge_post(j, e.exchanges, url_of(e.host), planned);
    // DNS round robin: every address is some client's server; each is judged on its own.
    for (auto other : e.other_addresses) {
      other.url += " via " + other.address;
      if (judge_connection(j, other, e.host, planned, root)) judge_post(j, {other}, other.url, planned);
    }
  }
}

}  // namespace adplan::verify
