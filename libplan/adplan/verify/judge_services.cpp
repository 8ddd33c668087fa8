// Issue 11: what today's Outlook needs beyond an Autodiscover answer. Every service URL the answer
// hands out must be alive behind a certificate clients accept (service.*), Exchange Online must not
// claim an address the plan keeps on premises (o365.*), and POX redirects must end (autodiscover.
// redirect-loop) where the same checks pass.
#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/verify/internal/judge.hpp>
#include <adplan/verify/outlook2016.hpp>

#include <algorithm>

namespace adplan::verify {
namespace {

std::string names_of(const observe::ServiceProbe& p) {
  std::string out;
  for (const auto& s : p.services) out += (out.empty() ? "" : ", ") + shown(s, 60);
  return out;
}

// Which part of the certificate failed, in the words the message uses.
std::string aspect_of(const std::string& id) {
  if (id == "tls.untrusted") return "trust";
  if (id == "tls.name-mismatch") return "name";
  if (id == "tls.expired" || id == "tls.not-yet-valid") return "dates";
  if (id == "tls.weak-key") return "key";
  if (id == "tls.weak-signature") return "signature";
  return id;
}

bool timed_out(observe::Transport t) {
  return t == observe::Transport::ConnectTimeout || t == observe::Transport::TlsTimeout ||
         t == observe::Transport::Timeout;
}

void judge_service(Judge& j, const observe::ServiceProbe& p) {
  const auto& ex = p.exchange;
  const std::string what = p.url + " (" + names_of(p) + ")";
  if (ex.tls) {
    std::string aspects, evidence;
    for (const auto& problem : certificate_problems(*ex.tls, p.host, j.clock)) {
      // The white paper's exception: domain-joined Outlook skips the chain of trust (not name, not dates).
      if (p.scp_only && problem.id == "tls.untrusted") continue;
      if (!problem.warns_user()) continue;
      std::string a = aspect_of(problem.id);
      if (aspects.find(a) == std::string::npos) aspects += (aspects.empty() ? "" : ", ") + a;
      evidence += (evidence.empty() ? "" : "; ") + problem.id + ": " + problem.evidence;
    }
    if (!aspects.empty()) {
      j.add("service.certificate", Severity::Error, p.url,
            "the certificate at " + what + " fails on " + aspects +
                ": Outlook shows a certificate warning or cannot use the service",
            "give " + p.host +
                " a certificate that names it, from a CA the clients trust, within its dates (adplan csr; "
                "Import-ExchangeCertificate | Enable-ExchangeCertificate -Services IIS)",
            evidence + " (" + certificate_summary(ex.tls->chain.front()) + ")");
    }
  }
  if (ex.transport != observe::Transport::Ok) {
    j.add("service.unreachable", Severity::Error, p.url,
          "no answer from " + what + (timed_out(ex.transport) ? " within the deadline" : "") +
              ": the client cannot use the service",
          "publish the virtual directory on " + p.host +
              " (DNS, firewall, the web site's binding), or correct the URL "
              "Exchange hands out",
          std::string(observe::to_string(ex.transport)) + (ex.error.empty() ? "" : ": " + shown(ex.error)) +
              (ex.address.empty() ? "" : " (" + ex.address + ")"));
    return;
  }
  const long st = ex.status;
  if (st == 200 || st == 401) return;  // alive: the service or its authentication answers
  if (st >= 300 && st <= 399) {
    auto base = observe::parse_url(ex.url);
    auto to = base ? observe::resolve_location(*base, ex.location) : std::nullopt;
    if (to && to->host == p.host) return;  // OWA's forms login and the like: the same host
    j.add("service.redirect", Severity::Warning, p.url,
          what + " redirects to another host: the client follows it only if that host is set up too",
          "hand out the URL the service answers at (Set-*VirtualDirectory -ExternalUrl)",
          "HTTP " + std::to_string(st) + ", Location: " + shown(ex.location));
    return;
  }
  bool dead = st == 404 || st >= 500;
  j.add("service.http-error", dead ? Severity::Error : Severity::Warning, p.url,
        what + " answers " + std::to_string(st) + (dead ? ": the service is not there" : ": not a service answer"),
        "check the virtual directory on " + p.host + " and the URL Exchange hands out (Get-*VirtualDirectory)",
        "HTTP " + std::to_string(st));
}

bool plan_host(const Judge& j, const std::string& host) {
  return j.expect.https_hosts.contains(host) || j.expect.redirect_hosts.contains(host) ||
         j.expect.addresses.contains(host) || host == j.expect.external_host;
}

void judge_o365(Judge& j) {
  if (!j.obs.o365 || j.obs.o365->endpoint.empty()) return;
  const auto& o = *j.obs.o365;
  const std::string subject = shown(o.exchange.url.empty() ? o.endpoint : o.exchange.url);
  if (!o.claimed_url.empty() && o.exchange.status == 200) {
    auto url = observe::parse_url(o.claimed_url);
    std::string host = url ? url->host : "";
    if (!plan_host(j, host)) {
      j.add("o365.claims-address", j.expect.planned ? Severity::Error : Severity::Warning, subject,
            "Exchange Online claims " + j.obs.email +
                ": Outlook 2016 and later ask it first and set the account up "
                "against " +
                (host.empty() ? std::string("it") : host) +
                (j.expect.planned ? ", not the on-premises servers the plan describes" : ""),
            "keep Outlook on premises with the policy " + policy_sentence(Method::O365) +
                " (adplan config --target outlook-policy), or finish the migration to Exchange Online",
            "Url: " + o.claimed_url);
      return;
    }
    j.add("o365.no-claim", Severity::Info, subject,
          "the Exchange Online endpoint answers with the plan's own host " + host, "none needed",
          "Url: " + o.claimed_url);
    return;
  }
  std::string why =
      o.exchange.transport != observe::Transport::Ok
          ? std::string(observe::to_string(o.exchange.transport))
          : "HTTP " + std::to_string(o.exchange.status) + (o.problem.empty() ? std::string() : " (" + o.problem + ")");
  j.add("o365.no-claim", Severity::Info, subject,
        "Exchange Online does not claim " + j.obs.email + ": Outlook 2016 and later move on to the other methods",
        "none needed", why);
}

void judge_redirects(Judge& j) {
  for (const auto& r : j.obs.pox_redirects) {
    const std::string subject = shown(r.from);
    if (r.refused.starts_with("loop") || r.refused.starts_with("more than")) {
      j.add("autodiscover.redirect-loop", Severity::Error, subject,
            "the Autodiscover redirects (" + r.action + ") " +
                (r.refused.starts_with("loop") ? "come back to where they started"
                                               : "go on past " + std::to_string(observe::k_max_redirects)) +
                ": Outlook gives up (MS-OXDISCO 3.1.5: at most 10 redirects)",
            "answer the address with settings on its own servers, or redirect once to the address's final mailbox "
            "(check the targetAddress / remote routing address)",
            "hop " + std::to_string(r.hop) + ": " + r.action + " " + r.target + ": " + r.refused);
      continue;
    }
    if (r.action == "redirectUrl" && !r.exchanges.empty()) {
      auto url = observe::parse_url(r.target);
      std::string host = url ? url->host : "";
      bool planned = plan_host(j, host);
      if (judge_connection(j, r.exchanges.front(), host, planned, false))
        judge_post(j, r.exchanges, shown(r.target), planned);
    }
    for (const auto& nested : r.discovery) {
      // The new address's domain, by the same checks (MS-OXDISCO 3.1.5.7).
      Judge sub{nested, j.expect, j.clock, {}};
      judge_dns(sub);
      if (std::ranges::none_of(sub.findings, [](const Finding& f) { return f.id == "dns.server-unreachable"; }))
        judge_srv(sub);
      judge_https(sub);
      judge_redirect(sub);
      for (auto& f : sub.findings) {
        f.subject = "[" + nested.email + "] " + f.subject;
        j.findings.push_back(std::move(f));
      }
    }
  }
}

}  // namespace

void judge_outlook(Judge& j) {
  for (const auto& p : j.obs.services) {
    // Issue 22: an URL named only as a mapiHttp InternalUrl is for clients inside, which verify may not
    // be; it is judged where it differs from the plan (the url-drift rule), not as a service of its own.
    if (!p.internal_only) judge_service(j, p);
  }
  judge_o365(j);
  judge_redirects(j);
}

void outlook_checks(const observe::Observations& obs, std::vector<Check>& out) {
  for (const auto& p : obs.services) {
    const auto& ex = p.exchange;
    CheckStatus status = ex.transport == observe::Transport::Ok
                             ? (ex.status == 404 || ex.status >= 500 ? CheckStatus::Fail : CheckStatus::Ok)
                         : timed_out(ex.transport) ? CheckStatus::Timeout
                                                   : CheckStatus::Fail;
    std::string detail =
        "GET -> " + (ex.transport == observe::Transport::Ok ? "HTTP " + std::to_string(ex.status)
                                                            : std::string(observe::to_string(ex.transport)));
    if (ex.status == 401 && !ex.auth_schemes.empty())
      detail += ", WWW-Authenticate: " + shown(ex.auth_schemes.front(), 40);
    if (!ex.location.empty()) detail += ", Location: " + shown(ex.location);
    if (ex.tls && !ex.tls->chain.empty())
      detail +=
          std::string(ex.tls->trusted && ex.tls->name_matches ? ", certificate ok" : ", certificate not accepted");
    if (p.internal_only && ex.transport != observe::Transport::Ok) {
      // An InternalUrl serves clients inside the network; from where verify runs it often has no
      // address or no route. That is no failure of its own (judge_outlook judges it only where it
      // differs from the plan), so the check says "skip" and why, not "fail".
      status = CheckStatus::Skip;
      detail += "; an InternalUrl, for clients inside the network: not reachable from here";
    }
    out.push_back({"service", p.url, status, detail + " (" + names_of(p) + ")", ex.ms});
  }
  if (obs.o365) {
    const auto& o = *obs.o365;
    if (o.endpoint.empty()) {
      out.push_back({"o365", "Exchange Online", CheckStatus::Skip, "not asked (--o365-endpoint none)", 0});
    } else {
      const auto& ex = o.exchange;
      std::string detail = ex.transport == observe::Transport::Ok ? "GET -> HTTP " + std::to_string(ex.status)
                                                                  : std::string(observe::to_string(ex.transport));
      if (!o.claimed_url.empty()) detail += ", claims the address: " + o.claimed_url;
      if (!o.problem.empty()) detail += ", " + o.problem;
      out.push_back({"o365", shown(ex.url.empty() ? o.endpoint : ex.url),
                     ex.transport == observe::Transport::Ok ? CheckStatus::Ok
                     : timed_out(ex.transport)              ? CheckStatus::Timeout
                                                            : CheckStatus::Skip,
                     detail, ex.ms});
    }
  }
  for (const auto& r : obs.pox_redirects) {
    std::string detail = r.action + " " + r.target + " (hop " + std::to_string(r.hop) + ")";
    if (!r.refused.empty()) detail += ": " + r.refused;
    int ms = 0;
    for (const auto& ex : r.exchanges) ms += ex.ms;
    out.push_back({"redirect", shown(r.from), r.refused.empty() ? CheckStatus::Ok : CheckStatus::Fail, detail, ms});
    for (const auto& nested : r.discovery) {
      for (auto c : make_checks(nested)) {
        c.subject = "[" + nested.email + "] " + c.subject;
        out.push_back(std::move(c));
      }
    }
  }
}

void apply_exclusions(std::vector<Finding>& findings, std::span<const Method> exclude) {
  auto excluded = [&](Method m) { return std::ranges::find(exclude, m) != exclude.end(); };
  for (auto& f : findings) {
    Method m = f.id == "root.certificate-warning" ? Method::RootHttps
               : f.id == "o365.claims-address"    ? Method::O365
                                                  : Method::None;
    if (m == Method::None || !excluded(m) || f.severity != Severity::Error) continue;
    f.severity = Severity::Warning;
    f.message += " (verify --exclude " + std::string(to_string(m)) + ": with the policy " + policy_sentence(m) +
                 " Outlook 2016 and later skip this step; clients without the policy still meet it)";
  }
}

}  // namespace adplan::verify
