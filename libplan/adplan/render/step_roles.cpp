#include <adplan/render/internal/step_roles.hpp>

#include <adplan/planner/powershell.hpp>

namespace adplan::render {

StepRole step_role(std::string_view step_id) {
  const StepInfo* info = find_step(step_id);
  // Plans are made from the catalogue, so every step id is in it; anything else goes into the
  // runbook only (Clients role).
  return info ? info->role : StepRole::Clients;
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
  const StepInfo* info = find_step(step.id);
  if (!info) return {"adplan verify " + domain + " --plan adplan.json"};
  switch (info->step) {
    case StepId::RequestCertificate: {
      std::vector<std::string> out;
      for (const auto& c : p.certificates) {
        out.push_back("adplan cert check pki/" + c.common_name.str() + ".crt");
      }
      return out;
    }
    case StepId::InstallCertificate:
    case StepId::BindAutodiscoverCertificate:
      return {"adplan verify " + host + " --plan adplan.json",
              "Get-ExchangeCertificate | Format-List Subject,CertificateDomains,Services,NotAfter"};
    case StepId::DnsRecords:
    case StepId::TenantRecords:
      return {"adplan verify " + domain + " --plan adplan.json",
              "adplan verify " + domain + " --plan adplan.json --dns-server <internal DNS server>"};
    case StepId::SrvRecord:
      return {"adplan verify " + domain + " --plan adplan.json",
              "Resolve-DnsName -Type SRV " + ps_quote("_autodiscover._tcp." + domain)};
    case StepId::SetScp:
    case StepId::SiteScope:
      return {"adplan verify " + domain + " --plan adplan.json --ldap ldap://<domain controller>",
              p.exchange >= ExchangeVersion::Ex2016
                  ? "Get-ClientAccessService | Format-List Name,AutoDiscoverServiceInternalUri,AutoDiscoverSiteScope"
                  : "Get-ClientAccessServer | Format-List Name,AutoDiscoverServiceInternalUri,AutoDiscoverSiteScope"};
    case StepId::ExchangeUrls:
    case StepId::NewAutodiscoverVdir:
      return {"adplan verify " + host + " --plan adplan.json --email <mailbox> --user <user> --password-file <file>",
              "Get-WebServicesVirtualDirectory | Format-List Server,InternalUrl,ExternalUrl"};
    case StepId::AddSecondaryIp:
    case StepId::BindDefaultSite:
    case StepId::CreateAutodiscoverSite:
      return {"adplan verify " + domain + " --plan adplan.json", "Get-WebBinding | Format-Table -AutoSize"};
    case StepId::CreateRedirectSite:
      return {"adplan verify " + domain + " --plan adplan.json",
              "curl -si http://autodiscover." + domain + "/autodiscover/autodiscover.xml  # expect 302 to " +
                  p.autodiscover_url};
    case StepId::DistributeRoot:
      return {"certutil -verify -urlfetch " + host + ".crt  # on a client"};
    case StepId::MailDoors:
      return {"adplan verify " + domain + " --plan adplan.json",
              "Get-ExchangeCertificate | Format-List FriendlyName,Issuer,Subject,Services,NotAfter",
              "Get-ReceiveConnector | Format-List Identity,TlsCertificateName"};
    case StepId::PoolCertificate: {
      // Issue 24: each server by name, then verify, which compares what every member presents.
      std::vector<std::string> out;
      for (const auto& s : p.servers) {
        out.push_back("Get-ExchangeCertificate -Server " + ps_quote(s.name) +
                      " | Format-List FriendlyName,Thumbprint,Services,NotAfter  # " + s.name +
                      ": the same thumbprint on every server");
      }
      for (const auto& pool : p.pools) out.push_back("adplan verify " + pool.name_space.str() + " --plan adplan.json");
      return out;
    }
    case StepId::MtaStsSite: {
      std::vector<std::string> out;
      for (const auto& m : p.mta_sts) out.push_back("curl -s " + m.policy_url);
      return out;
    }
    case StepId::OutlookUpdate:
      return {"Outlook: hold Ctrl, right-click the tray icon, Test E-mail AutoConfiguration"};
  }
  return {"adplan verify " + domain + " --plan adplan.json"};
}

}  // namespace adplan::render
