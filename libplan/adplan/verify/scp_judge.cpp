#include <adplan/verify/scp_judge.hpp>

#include <adplan/model/text.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/planner/powershell.hpp>
#include <adplan/verify/internal/url_drift.hpp>

#include <algorithm>
#include <cctype>

namespace adplan {

DirectoryView directory_view(const observe::ScpLookup& lookup, std::string_view directory,
                             std::string_view client_site) {
  return DirectoryView{std::string(directory), lookup.objects(), lookup.urls,          std::string(client_site),
                       lookup.errors,          lookup.untrusted, lookup.cleartext_bind};
}

namespace {

// "CN=CAS00,CN=Configuration,..." -> "CAS00": the server an SCP object belongs to.
std::string server_of(const std::string& dn) {
  if (dn.size() < 3 || ascii_lower(dn.substr(0, 3)) != "cn=") return {};
  return dn.substr(3, dn.find(',') == std::string::npos ? std::string::npos : dn.find(',') - 3);
}

// The command that writes one server's SCP URL (Set-ClientAccessService from Exchange 2016 on).
std::string scp_set(const Plan& plan, const std::string& server, const std::string& url) {
  std::string cmd = plan.exchange >= ExchangeVersion::Ex2016 ? "Set-ClientAccessService" : "Set-ClientAccessServer";
  return cmd + " -Identity " + ps_quote(server.empty() ? "<server>" : server) + " -AutoDiscoverServiceInternalUri " +
         ps_quote(url);
}

Finding scp_difference(const RankedUrl& r, const Plan& plan, const observe::Observations* observed, std::int64_t now) {
  const std::string server = server_of(r.dn);
  const auto mine = std::ranges::find_if(plan.scp, [&](const ScpEntry& e) { return ascii_iequals(e.server, server); });
  std::string planned;
  if (mine != plan.scp.end()) {
    planned = mine->url;
  } else {
    for (const auto& e : plan.scp) planned += (planned.empty() ? "" : ", ") + e.url;
  }
  verify::UrlDifference d;
  d.family = verify::UrlFamily::Scp;
  d.subject = r.dn;
  d.what = "the SCP URL";
  d.planned = planned.empty() ? "(no SCP)" : planned;
  d.live = r.url;
  d.internal = true;
  d.clients = "domain-joined Outlook clients";
  const std::string target = mine != plan.scp.end() ? mine->url : plan.scp.empty() ? "<url>" : plan.scp.front().url;
  d.set_remedy = scp_set(plan, server, target);
  if (mine == plan.scp.end()) d.set_remedy += " (a retired server's SCP: remove its object, or uninstall it properly)";
  if (mine != plan.scp.end()) d.adopt_remedy = verify::adopt_remedy(plan, true, planned, r.url);
  verify::LiveUrlFacts facts;
  if (observed) facts = verify::live_facts(*observed, r.url);
  facts.trust_exception = true;  // domain-joined Outlook skips the chain's trust (white paper), not name and dates
  return verify::judge_url_difference(d, facts, verify::ClockRules{now});
}

}  // namespace

std::vector<Finding> judge_directory(const DirectoryView& view, const Plan* plan, const observe::Observations* observed,
                                     std::int64_t now) {
  std::vector<Finding> out;
  for (const auto& e : view.errors) {
    if (e.code == "ldap.timeout") {
      out.push_back({"ldap.timeout", Severity::Error, e.field.empty() ? view.directory : e.field,
                     "the directory did not answer in time, so domain-joined Outlook's first method cannot be "
                     "checked: " +
                         e.message,
                     "check that the domain controller answers on its LDAP port (firewall, load), or raise --timeout",
                     ""});
      continue;
    }
    out.push_back(
        {"scp.lookup-failed", Severity::Error, view.directory,
         "the directory could not be read, so domain-joined Outlook's first method cannot be checked: " + e.to_string(),
         "check --ldap, --bind-dn/--ldap-password-file and --ca-file", ""});
  }
  // Where the bind credentials did not go (ldap_policy.hpp), and where they went unprotected.
  for (const auto& p : view.untrusted) {
    out.push_back({"scp.pointer-untrusted", p.followed ? Severity::Warning : Severity::Error, p.host,
                   p.followed ? "a pointer SCP sends the look-up to " + p.uri +
                                    ", asked anonymously: the bind DN and password were withheld because " + p.reason
                              : "a pointer SCP sends the look-up to " + p.uri + ", which was not asked: " + p.reason,
                   "if " + p.host +
                       " is a domain controller of your forest, ask over TLS (ldaps:// or --starttls, with --ca-file) "
                       "and name it with --ldap-trust " +
                       p.host + "; otherwise remove the pointer SCP (whoever wrote it chooses where clients look)",
                   p.uri});
  }
  if (view.cleartext_bind) {
    out.push_back({"scp.cleartext-bind", Severity::Warning, view.directory,
                   "the bind DN and password went unencrypted to " + view.directory + " (--allow-cleartext-bind)",
                   "use ldaps:// or --starttls with --ca-file", ""});
  }
  // Nothing was read at all: only the look-up failure is known.
  if (view.objects == 0 && !view.errors.empty()) {
    sort_findings(out);
    return out;
  }
  if (view.ranked.empty()) {
    out.push_back({"scp.missing", Severity::Error, "Active Directory",
                   "no Autodiscover SCP URL in the directory: domain-joined Outlook falls back to DNS and, inside, "
                   "usually to a certificate warning or no configuration at all",
                   plan && !plan->scp.empty() && !plan->scp.front().cmdlet.empty()
                       ? plan->scp.front().cmdlet
                       : "Set-ClientAccessService -Identity <server> -AutoDiscoverServiceInternalUri <url> "
                         "(the SCP is written by Exchange setup's Client Access role)",
                   std::to_string(view.objects) + " SCP object(s) read"});
    sort_findings(out);
    return out;
  }
  if (plan) {
    for (const auto& r : view.ranked) {
      bool known = std::ranges::any_of(plan->scp, [&](const ScpEntry& e) { return ascii_lower(e.url) == r.url; });
      if (!known) out.push_back(scp_difference(r, *plan, observed, now));
    }
  }
  if (!view.client_site.empty()) {
    bool any_scoped = std::ranges::any_of(view.ranked, [](const RankedUrl& r) { return !r.sites.empty(); });
    bool mine = std::ranges::any_of(view.ranked, [](const RankedUrl& r) { return r.priority == 1; });
    if (any_scoped && !mine) {
      out.push_back(
          {"scp.no-site-affinity", Severity::Warning, "site " + view.client_site,
           "no SCP is scoped to site " + view.client_site + ": clients there try " + view.ranked.front().url +
               " first, which may be far away",
           "Set-ClientAccessService -Identity <nearest server> -AutoDiscoverSiteScope <its site>," + view.client_site,
           ""});
    }
  }
  sort_findings(out);
  return out;
}

}  // namespace adplan
