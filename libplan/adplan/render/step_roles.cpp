#include <adplan/render/internal/step_roles.hpp>

#include <adplan/planner/powershell.hpp>

#include <map>

namespace adplan::render {
namespace {

const std::map<std::string, StepRole, std::less<>>& roles() {
  static const std::map<std::string, StepRole, std::less<>> k{
      {"request-certificate", StepRole::Exchange},
      {"install-certificate", StepRole::Exchange},
      // Bound in IIS, but with the certificate Import-ExchangeCertificate returns.
      {"bind-autodiscover-certificate", StepRole::Exchange},
      {"new-autodiscover-vdir", StepRole::Exchange},
      {"set-scp", StepRole::Exchange},
      {"site-scope", StepRole::Exchange},
      {"exchange-urls", StepRole::Exchange},
      {"add-secondary-ip", StepRole::Iis},
      {"bind-default-site", StepRole::Iis},
      {"create-autodiscover-site", StepRole::Iis},
      {"create-redirect-site", StepRole::Iis},
      {"dns-records", StepRole::Dns},
      {"srv-record", StepRole::Dns},
      {"tenant-records", StepRole::Dns},
      {"distribute-root", StepRole::Clients},
      {"outlook-update", StepRole::Clients},
  };
  return k;
}

}  // namespace

StepRole step_role(std::string_view step_id) {
  auto it = roles().find(step_id);
  // A step id the renderer does not know yet goes into the runbook only (Clients role).
  return it == roles().end() ? StepRole::Clients : it->second;
}

std::string_view to_string(StepRole r) {
  switch (r) {
    case StepRole::Exchange:
      return "Exchange Management Shell";
    case StepRole::Iis:
      return "IIS (each Client Access server)";
    case StepRole::Dns:
      return "DNS";
    case StepRole::Clients:
      return "client computers";
  }
  return "";
}

std::vector<std::string> step_checks(const Plan& p, const PlanStep& step) {
  const std::string host = p.external_host.str();
  const std::string domain = p.domains.front().str();
  const std::string& id = step.id;
  if (id == "request-certificate") {
    std::vector<std::string> out;
    for (const auto& c : p.certificates) {
      out.push_back("adplan cert check pki/" + c.common_name.str() + ".crt");
    }
    return out;
  }
  if (id == "install-certificate" || id == "bind-autodiscover-certificate") {
    return {"adplan verify " + host + " --plan adplan.json",
            "Get-ExchangeCertificate | Format-List Subject,CertificateDomains,Services,NotAfter"};
  }
  if (id == "dns-records" || id == "tenant-records") {
    return {"adplan verify " + domain + " --plan adplan.json",
            "adplan verify " + domain + " --plan adplan.json --dns-server <internal DNS server>"};
  }
  if (id == "srv-record") {
    return {"adplan verify " + domain + " --plan adplan.json",
            "Resolve-DnsName -Type SRV " + ps_quote("_autodiscover._tcp." + domain)};
  }
  if (id == "set-scp" || id == "site-scope") {
    return {"adplan verify " + domain + " --plan adplan.json --ldap ldap://<domain controller>",
            p.exchange >= ExchangeVersion::Ex2016
                ? "Get-ClientAccessService | Format-List Name,AutoDiscoverServiceInternalUri,AutoDiscoverSiteScope"
                : "Get-ClientAccessServer | Format-List Name,AutoDiscoverServiceInternalUri,AutoDiscoverSiteScope"};
  }
  if (id == "exchange-urls" || id == "new-autodiscover-vdir") {
    return {"adplan verify " + host + " --plan adplan.json --email <mailbox> --user <user> --password-file <file>",
            "Get-WebServicesVirtualDirectory | Format-List Server,InternalUrl,ExternalUrl"};
  }
  if (id == "add-secondary-ip" || id == "bind-default-site" || id == "create-autodiscover-site") {
    return {"adplan verify " + domain + " --plan adplan.json", "Get-WebBinding | Format-Table -AutoSize"};
  }
  if (id == "create-redirect-site") {
    return {"adplan verify " + domain + " --plan adplan.json", "curl -si http://autodiscover." + domain +
                                                                   "/autodiscover/autodiscover.xml  # expect 302 to " +
                                                                   p.autodiscover_url};
  }
  if (id == "distribute-root") return {"certutil -verify -urlfetch " + host + ".crt  # on a client"};
  if (id == "outlook-update") return {"Outlook: hold Ctrl, right-click the tray icon, Test E-mail AutoConfiguration"};
  return {"adplan verify " + domain + " --plan adplan.json"};
}

}  // namespace adplan::render
