// SCP findings: what the directory holds (scp.missing, scp.url-mismatch/-drift, scp.no-site-affinity,
// by libplan/directory's judge) and what its URLs answer, by the domain-joined client's rules
// (scp.name-mismatch, scp.unreachable, scp.self-signed).
#include <adplan/verify/internal/judge.hpp>
#include <adplan/verify/scp_judge.hpp>

namespace adplan::verify {
namespace {

const observe::Endpoint* endpoint_for(const observe::Observations& obs, const std::string& host) {
  for (const auto& e : obs.endpoints) {
    if (e.host == host && !e.has(observe::Role::HttpRedirect)) return &e;
  }
  return nullptr;
}

// Whether the URL gives a domain-joined client its settings (or asks for credentials).
bool answers(const observe::Endpoint& e) {
  if (e.exchanges.empty()) return false;
  const auto& first = e.exchanges.front();
  if (first.transport != observe::Transport::Ok) return false;
  if (first.status == 401 && !first.auth_schemes.empty()) return true;
  return first.status == 200 && first.pox && first.pox->valid && !first.pox->error_code;
}

}  // namespace

void judge_scp(Judge& j, const Plan* plan) {
  if (!j.obs.scp) return;
  const auto& scp = *j.obs.scp;
  DirectoryView view{scp.directory, scp.objects, {}, scp.client_site, scp.errors, scp.untrusted, scp.cleartext_bind};
  for (const auto& u : scp.urls) view.ranked.push_back({u.url, u.dn, u.priority, u.sites});
  for (auto& f : judge_directory(view, plan, &j.obs, j.clock.now)) j.findings.push_back(std::move(f));

  // Each URL in the client's order: the first that answers ends the walk.
  std::vector<std::string> dead;
  bool working = false;
  for (const auto& u : scp.urls) {
    const auto* e = endpoint_for(j.obs, u.host);
    if (e && !e->exchanges.empty() && e->exchanges.front().tls) {
      const auto& tls = *e->exchanges.front().tls;
      if (!tls.name_matches) {
        j.add("scp.name-mismatch", Severity::Error, u.url,
              "the certificate at " + u.host +
                  " does not name it: domain-joined Outlook shows \"The name of the "
                  "security certificate is invalid or does not match the name of the site\" (KB 940726)",
              "point the SCP at a name the certificate holds (Set-ClientAccessService -Identity <server> "
              "-AutoDiscoverServiceInternalUri https://<name on the certificate>/autodiscover/autodiscover.xml) or "
              "add " +
                  u.host + " to the certificate",
              tls.chain.empty() ? "" : certificate_summary(tls.chain.front()));
      } else if (!tls.chain.empty() && tls.chain.front().self_signed) {
        // White paper: setup's self-signed certificate (CN = NetBIOS name, SAN = FQDN) satisfies
        // domain-joined Outlook, which skips the chain check, but not Outlook Anywhere or devices.
        j.add("scp.self-signed", Severity::Warning, u.url,
              "the certificate at " + u.host +
                  " is self-signed: domain-joined Outlook accepts it (it skips the "
                  "chain check), Outlook Anywhere and ActiveSync devices fail",
              "replace it with a certificate from a public CA or a trusted internal CA (adplan csr; adplan ca sign), "
              "then Import-ExchangeCertificate ... | Enable-ExchangeCertificate -Services IIS",
              certificate_summary(tls.chain.front()));
      }
    }
    if (e && answers(*e)) {
      working = true;
      break;
    }
    dead.push_back(u.url);
  }
  for (const auto& url : dead) {
    j.add("scp.unreachable", working ? Severity::Warning : Severity::Error, url,
          working ? "domain-joined Outlook tries " + url +
                        " first and waits for it before a working SCP: a stale "
                        "SCP (retired server?) slows every start"
                  : "no SCP URL answers: domain-joined Outlook falls back to the DNS methods",
          "remove the SCP of a retired server (uninstall it properly, or delete its Autodiscover SCP object), or "
          "fix the server behind " +
              url);
  }
}

}  // namespace adplan::verify
