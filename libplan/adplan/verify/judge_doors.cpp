// Issue 23: the mail doors judged -- each door's conversation and certificate, the certificate
// compared with the web door of the same planned certificate (a renewal that reached IIS but not
// SMTP), and each domain's MX set and MTA-STS policy (RFC 8461).
#include <adplan/model/date.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/mta_sts.hpp>
#include <adplan/verify/internal/doors.hpp>
#include <adplan/verify/internal/judge.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace adplan::verify {
namespace {

using observe::DoorProbe;
using observe::MailDomain;
using observe::Transport;

std::string door_name(const std::string& door) {
  if (door == "smtp") return "inbound SMTP";
  if (door == "submission") return "submission";
  if (door == "imap") return "IMAP";
  return "POP";
}

std::string subject_of(const DoorProbe& d) {
  return d.target.door + " " + d.target.host + ":" + std::to_string(d.target.port) +
         (d.address.empty() ? "" : " (" + d.address + ")");
}

// The Exchange cmdlets that bind a certificate to a door.
std::string bind_remedy(const std::string& door) {
  if (door == "smtp" || door == "submission")
    return "Import-ExchangeCertificate -Path <file> | Enable-ExchangeCertificate -Services SMTP, then "
           "Set-ReceiveConnector -TlsCertificateName \"<I>issuer<S>subject\" (adplan cert check prints it)";
  if (door == "imap")
    return "Enable-ExchangeCertificate -Thumbprint <thumbprint> -Services IMAP; Set-ImapSettings "
           "-X509CertificateName <host>; Restart-Service MSExchangeIMAP4, MSExchangeIMAP4BE";
  return "Enable-ExchangeCertificate -Thumbprint <thumbprint> -Services POP; Set-PopSettings -X509CertificateName "
         "<host>; Restart-Service MSExchangePOP3, MSExchangePOP3BE";
}

// The MTA-STS mode senders apply to an MX host: the served policy's, or the plan's when none is served.
std::string mode_for(const observe::Observations& obs, const std::string& mx) {
  for (const auto& m : obs.mail_domains) {
    bool listed = std::ranges::any_of(m.mx, [&](const observe::MxRecord& r) { return r.host == mx; }) ||
                  std::ranges::find(m.planned_mx, mx) != m.planned_mx.end();
    if (!listed) continue;
    auto parsed = observe::parse_mta_sts_policy(m.policy_body);
    if (parsed.policy && parsed.policy->mode == "enforce") return "enforce";
    if (!parsed.policy && m.mta_sts_mode == "enforce") return "enforce";
  }
  return "";
}

void judge_transport(Judge& j, const DoorProbe& d) {
  const std::string subject = subject_of(d);
  const std::string what = door_name(d.target.door);
  const std::string id_base = d.target.door + ".";
  std::string evidence = std::string(observe::to_string(d.transport)) + " at " + d.stage +
                         (d.error.empty() ? "" : ": " + d.error) + (d.reply.empty() ? "" : "; reply: " + d.reply) +
                         " (" + std::to_string(d.ms) + " ms)";
  if (d.transport == Transport::TlsFailed || d.transport == Transport::TlsTimeout) {
    j.add(id_base + "tls-failed", Severity::Error, subject,
          "the TLS handshake with the " + what + " door " + d.target.host +
              " failed; clients and senders get no "
              "encrypted connection",
          bind_remedy(d.target.door) + "; enable TLS 1.2 or later", evidence);
    return;
  }
  if (d.transport != Transport::Ok) {
    j.add(id_base + "unreachable", Severity::Error, subject,
          "the " + what + " door " + d.target.host + " port " + std::to_string(d.target.port) +
              " did not complete its greeting and capability exchange",
          d.transport == Transport::NoAddress
              ? "publish an address record for " + d.target.host
              : "start the service, bind it to " + (d.address.empty() ? d.target.host : d.address) + " port " +
                    std::to_string(d.target.port) + " and let it through the firewall",
          evidence);
    return;
  }
  if (!d.tls_done) {
    const bool smtp = d.target.door == "smtp";
    j.add(id_base + "starttls-missing", Severity::Error, subject,
          "the " + what + " door " + d.target.host +
              (d.starttls_offered ? " offers STARTTLS, then refuses it" : " does not offer STARTTLS") +
              (smtp ? ": mail arrives unencrypted, and senders with an MTA-STS or DANE policy do not deliver"
                    : ": clients either send passwords in the clear or cannot connect"),
          smtp || d.target.door == "submission"
              ? "bind a certificate to SMTP: " + bind_remedy(d.target.door) +
                    "; check the connector's -AuthMechanism includes Tls (Set-ReceiveConnector)"
              : bind_remedy(d.target.door),
          evidence);
  }
}

void judge_certificate(Judge& j, const DoorProbe& d) {
  if (!d.tls || d.tls->chain.empty()) return;
  const std::string subject = subject_of(d);
  const std::string what = door_name(d.target.door);
  // Opportunistic SMTP does not check names or trust (RFC 3207 4.1); MTA-STS in enforce does
  // (RFC 8461 4.2), and every mail client does.
  const bool smtp = d.target.door == "smtp";
  const bool enforce = smtp && mode_for(j.obs, d.target.host) == "enforce";
  const Severity sev = !smtp || enforce ? Severity::Error : Severity::Warning;
  const std::string why = !smtp     ? ": mail clients show a certificate warning or refuse to connect"
                          : enforce ? ": the domain's MTA-STS policy is enforce, so senders refuse to deliver"
                                    : ": senders that check (MTA-STS, DANE) refuse to deliver";
  for (const auto& p : certificate_problems(*d.tls, d.target.host, j.clock)) {
    if (p.id == "tls.wildcard") continue;  // Outlook Anywhere's concern, not a mail door's
    if (p.id == "tls.name-mismatch") {
      j.add(d.target.door + ".certificate-name", sev, subject,
            "the certificate of the " + what + " door does not name " + d.target.host + why,
            "issue the certificate with " + d.target.host + " among its names (adplan csr), then " +
                bind_remedy(d.target.door),
            p.evidence);
    } else if (p.id == "tls.untrusted") {
      j.add(d.target.door + ".certificate-untrusted", sev, subject,
            "the certificate of the " + what + " door does not lead to a trusted root" + why,
            "use the planned certificate from a CA the senders and clients trust, with its intermediates: " +
                bind_remedy(d.target.door),
            p.evidence);
    } else {
      j.add(p.id, p.warns_user() ? sev : Severity::Warning, subject,
            "the certificate of the " + what + " door " + d.target.host + ": " + p.id.substr(4),
            "renew the certificate, then " + bind_remedy(d.target.door), p.evidence);
    }
  }
}

std::string fingerprint_evidence(const std::string& who, const observe::CertificateFacts& c) {
  return who + " sha256 " + c.sha256 + " (notAfter " + iso_date(c.not_after) + ")";
}

// The web hosts whose certificate a door host must share: those of the sites that carry the
// planned certificate naming the door host; without a plan, the door host's own https endpoint.
std::vector<std::string> web_hosts_for(const Plan* plan, const std::string& host) {
  std::vector<std::string> out;
  if (plan) {
    // The planner names the certificate that answers each door; else the first that covers it.
    std::string key;
    for (const auto& d : plan->doors) {
      if (d.host.str() == host && !d.certificate.empty()) key = d.certificate;
    }
    auto name = HostName::parse(host);
    for (const auto& c : plan->certificates) {
      if (key.empty() ? !name || !c.covers(*name) : c.key != key) continue;
      for (const auto& s : plan->sites) {
        if (!s.tls || s.certificate != c.key) continue;
        for (const auto& h : s.hosts) out.push_back(h.str());
      }
      break;
    }
  }
  std::ranges::sort(out);
  // The door's own name first: the web door a client of that name reaches.
  std::erase(out, host);
  out.insert(out.begin(), host);
  return out;
}

void judge_mismatch(Judge& j, const DoorProbe& d, const Plan* plan, const observe::CertificateFacts* given) {
  if (!d.tls || d.tls->chain.empty()) return;
  const auto& leaf = d.tls->chain.front();
  const std::string door = fingerprint_evidence(d.target.door + " " + d.target.host, leaf);
  if (given) {
    if (given->sha256 != leaf.sha256)
      j.add("tls.door-mismatch", Severity::Error, subject_of(d),
            "the " + door_name(d.target.door) + " door presents another certificate than the one given (--cert)",
            bind_remedy(d.target.door),
            door + "; --cert sha256 " + given->sha256 + " (notAfter " + iso_date(given->not_after) + ")");
    return;
  }
  for (const auto& web : web_hosts_for(plan, d.target.host)) {
    const auto* e = j.obs.endpoint(observe::Role::PlannedHttps, web);
    if (!e) e = j.obs.endpoint(observe::Role::AutodiscoverHttps, web);
    if (!e) e = j.obs.endpoint(observe::Role::RootHttps, web);
    const auto* tls = e ? e->tls() : nullptr;
    if (!tls || tls->chain.empty()) continue;
    if (tls->chain.front().sha256 != leaf.sha256) {
      j.add("tls.door-mismatch", Severity::Error, subject_of(d),
            "the " + door_name(d.target.door) + " door presents another certificate than the web door https://" + web +
                " of the same planned certificate (a renewal that reached one service and not the other)",
            bind_remedy(d.target.door),
            door + "; https " + web + " " + fingerprint_evidence("", tls->chain.front()).substr(1));
    }
    return;  // one web door to compare with is enough
  }
}

void judge_mail_domain(Judge& j, const MailDomain& m) {
  const std::string& d = m.domain;
  if (m.mx_status != observe::DnsStatus::Ok || m.mx.empty()) {
    j.add("dns.mx-missing", Severity::Error, d,
          "the domain " + d + " has no MX record: senders have no mail door to use",
          m.planned_mx.empty() ? "publish an MX record: " + d + ". IN MX 10 <host>."
                               : "publish the plan's MX record: " + d + ". IN MX 10 " + m.planned_mx.front() + ".",
          std::string(observe::to_string(m.mx_status)));
  } else {
    for (const auto& want : m.planned_mx) {
      if (std::ranges::none_of(m.mx, [&](const observe::MxRecord& r) { return r.host == want; }))
        j.add("dns.mx-mismatch", Severity::Warning, d, "the plan's MX host " + want + " is not among the MX records",
              "publish " + d + ". IN MX 10 " + want + ". or change the plan (--mx)", [&] {
                std::string s;
                for (const auto& r : m.mx) s += (s.empty() ? "" : ", ") + std::to_string(r.preference) + " " + r.host;
                return "MX: " + s;
              }());
    }
  }
  const bool planned = !m.mta_sts_mode.empty();
  if (!planned && !m.policy_fetch) return;
  // RFC 8461 3.1: the TXT record tells senders a policy exists and when it changed.
  auto txt = observe::pick_mta_sts_txt(m.mta_sts_txt);
  if (!txt.problem.empty()) {
    j.add("mta-sts.id-missing", Severity::Error, "_mta-sts." + d,
          "_mta-sts." + d + " has no valid MTA-STS TXT record: senders never fetch the policy",
          "publish _mta-sts." + d + ". IN TXT \"v=STSv1; id=<1-32 letters and digits, new for each policy change>\"",
          std::string(observe::to_string(m.txt_status)) + ": " + txt.problem);
  }
  const std::string url = "https://mta-sts." + d + "/.well-known/mta-sts.txt";
  const std::string remedy = "serve the policy (adplan render writes it) at " + url +
                             " as text/plain with a certificate valid for mta-sts." + d;
  if (!m.policy_fetch) return;
  const auto& ex = *m.policy_fetch;
  std::string fetch_problem;
  if (ex.transport != Transport::Ok) {
    fetch_problem = std::string(observe::to_string(ex.transport)) + (ex.error.empty() ? "" : ": " + ex.error);
  } else if (ex.tls && !certificate_problems(*ex.tls, "mta-sts." + d, j.clock).empty()) {
    // RFC 8461 3.3: the policy host's certificate must be valid for its name (PKIX).
    for (const auto& p : certificate_problems(*ex.tls, "mta-sts." + d, j.clock)) {
      if (p.warns_user()) fetch_problem += (fetch_problem.empty() ? "" : "; ") + p.id + ": " + p.evidence;
    }
  }
  if (fetch_problem.empty() && ex.transport == Transport::Ok && ex.status != 200)
    fetch_problem = "HTTP " + std::to_string(ex.status) + " (RFC 8461 3.3: only 200 counts, no redirects)";
  if (fetch_problem.empty() && ex.transport == Transport::Ok && !ascii_lower(ex.content_type).starts_with("text/plain"))
    fetch_problem = "Content-Type \"" + shown(ex.content_type, 80) + "\", not text/plain (RFC 8461 3.2)";
  auto parsed = observe::parse_mta_sts_policy(m.policy_body);
  if (fetch_problem.empty() && !parsed.policy) {
    for (const auto& p : parsed.problems) fetch_problem += (fetch_problem.empty() ? "" : "; ") + p;
  }
  if (!fetch_problem.empty()) {
    j.add("mta-sts.policy-invalid", Severity::Error, url,
          "the MTA-STS policy of " + d + " cannot be fetched or is not valid: senders apply no policy", remedy,
          fetch_problem);
    return;
  }
  const auto& policy = *parsed.policy;
  if (planned && policy.mode != m.mta_sts_mode) {
    j.add("mta-sts.mode-mismatch", Severity::Warning, url,
          "the served MTA-STS mode is " + policy.mode + ", the plan says " + m.mta_sts_mode,
          "serve the planned policy (adplan render) and publish a new id in _mta-sts." + d,
          "mode: " + policy.mode + " (plan: " + m.mta_sts_mode + ")");
  }
  if (policy.mode == "none") return;
  std::set<std::string> mx;
  for (const auto& r : m.mx) mx.insert(r.host);
  for (const auto& h : m.planned_mx) mx.insert(h);
  std::string patterns;
  for (const auto& p : policy.mx) patterns += (patterns.empty() ? "" : " ") + p;
  for (const auto& host : mx) {
    if (std::ranges::any_of(policy.mx, [&](const std::string& p) { return observe::mx_pattern_matches(p, host); }))
      continue;
    // RFC 8461 4.1: an MX no pattern matches is not a valid MX; in enforce senders skip it.
    j.add("mta-sts.mx-not-covered", policy.mode == "enforce" ? Severity::Error : Severity::Warning, url,
          "the MX host " + host + " matches no mx pattern of the MTA-STS policy of " + d +
              (policy.mode == "enforce" ? ": senders do not deliver to it" : ": senders report it (testing)"),
          "add \"mx: " + host + "\" to the policy, then publish a new id in _mta-sts." + d,
          "mx patterns: " + (patterns.empty() ? std::string("(none)") : patterns));
  }
}

}  // namespace

void judge_doors(Judge& j, const Plan* plan, const observe::CertificateFacts* given) {
  for (const auto& d : j.obs.doors) {
    judge_transport(j, d);
    judge_certificate(j, d);
    judge_mismatch(j, d, plan, given);
  }
  for (const auto& m : j.obs.mail_domains) judge_mail_domain(j, m);
}

void door_results(const observe::Observations& obs, VerifyResult& r) {
  for (const auto& d : obs.doors) {
    DoorResult out;
    out.door = d.target.door;
    out.host = d.target.host;
    out.address = d.address;
    out.port = d.target.port;
    out.stage = d.stage;
    out.tls = d.target.implicit_tls          ? (d.tls_done ? "implicit" : "failed")
              : d.tls_done                   ? "starttls"
              : d.transport == Transport::Ok ? "missing"
                                             : "failed";
    if (d.tls && !d.tls->chain.empty()) {
      out.sha256 = d.tls->chain.front().sha256;
      out.not_after = d.tls->chain.front().not_after;
    }
    out.ms = d.ms;
    const std::string subject = subject_of(d);
    out.ok = d.transport == Transport::Ok && d.tls_done && std::ranges::none_of(r.findings, [&](const Finding& f) {
               return f.subject == subject && f.severity == Severity::Error;
             });
    r.checks.push_back(
        Check{"door", subject,
              out.ok ? CheckStatus::Ok
              : d.transport == Transport::ConnectTimeout || d.transport == Transport::Timeout ||
                      d.transport == Transport::TlsTimeout
                  ? CheckStatus::Timeout
                  : CheckStatus::Fail,
              "stage " + d.stage + ", TLS " + out.tls +
                  (d.tls && !d.tls->chain.empty() ? ", " + certificate_summary(d.tls->chain.front()) : std::string{}) +
                  (d.error.empty() ? "" : "; " + d.error),
              d.ms});
    r.doors.push_back(std::move(out));
  }
  for (const auto& m : obs.mail_domains) {
    MailDomainResult out;
    out.domain = m.domain;
    for (const auto& x : m.mx) out.mx.push_back(std::to_string(x.preference) + " " + x.host);
    auto parsed = observe::parse_mta_sts_policy(m.policy_body);
    if (parsed.policy) out.mta_sts_mode = parsed.policy->mode;
    out.mta_sts_id = observe::pick_mta_sts_txt(m.mta_sts_txt).id;
    r.mail_domains.push_back(std::move(out));
  }
}

}  // namespace adplan::verify
