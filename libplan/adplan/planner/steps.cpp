#include <adplan/planner/steps.hpp>

#include <adplan/planner/exchange_request.hpp>
#include <adplan/planner/internal/names.hpp>
#include <adplan/planner/internal/pool.hpp>
#include <adplan/planner/key_spec.hpp>
#include <adplan/planner/powershell.hpp>
#include <adplan/scenario/step.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>

namespace adplan {
namespace {

std::string join_names(const std::vector<HostName>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n.str();
  }
  return out;
}

// The request and import commands for a certificate, made on the first server.
ExchangeRequest request_for(const Deployment& d, const PlannedCertificate& c) {
  return exchange_request_commands(c, d.exchange, d.subject, k_min_rsa_bits, d.servers.front().name);
}

// The Exchange services the certificate `key` is enabled for: IIS where it is on the Default Web
// Site, then SMTP, IMAP and POP for the mail doors it answers (Enable-ExchangeCertificate -Services).
std::string exchange_services(const Plan& p, const std::string& key, bool iis) {
  std::string out = iis ? "IIS" : "";
  for (std::string_view service : {"SMTP", "IMAP", "POP"}) {
    bool answers = std::ranges::any_of(p.doors, [&](const PlannedDoor& d) {
      return d.certificate == key && door_exchange_service(d.kind) == service;
    });
    if (answers) out += (out.empty() ? "" : ",") + std::string(service);
  }
  return out;
}

// The newest certificate of that friendly name (New-ExchangeCertificate -FriendlyName <CN>) on a server.
std::string exchange_certificate(const std::string& server, const PlannedCertificate& c) {
  return "Get-ExchangeCertificate -Server " + ps_quote(server) + " | Where-Object { $_.FriendlyName -eq " +
         ps_quote(c.common_name.str()) + " } | Sort-Object NotAfter -Descending | Select-Object -First 1";
}

// Issue 23: bind the certificate to SMTP, IMAP and POP, name it for IMAP/POP and the connectors.
std::optional<PlanStep> mail_doors_step(const Plan& p, const Deployment& d) {
  if (p.doors.empty()) return std::nullopt;
  const auto& t = traits(d.exchange);
  const bool v2013 = d.exchange >= ExchangeVersion::Ex2013;
  PlanStep s{{},
             "Bind the certificate to the mail doors",
             "Enable-ExchangeCertificate binds the certificate to SMTP (inbound 25, submission 587), IMAP and POP; "
             "IMAP and POP present the certificate X509CertificateName names (after a restart of the services); "
             "receive and send connectors name it by TlsCertificateName (<I>issuer<S>subject), which must follow "
             "every renewal whose issuing CA changed. `adplan cert check CERT` prints the issued certificate's, "
             "`adplan render --cert CERT` writes it here.",
             {}};
  // Certificates other than the one install-certificate enabled: enable them here.
  std::vector<std::string> keys;
  for (const auto& door : p.doors) {
    if (!door.certificate.empty() && std::ranges::find(keys, door.certificate) == keys.end())
      keys.push_back(door.certificate);
  }
  for (const auto& key : keys) {
    const auto* c = p.certificate(key);
    if (!c || key == "default") continue;  // install-certificate enabled the Default Web Site's
    for (const auto& server : d.servers) {
      s.commands.push_back(exchange_certificate(server.name, *c) + " | Enable-ExchangeCertificate -Server " +
                           ps_quote(server.name) + " -Services " + exchange_services(p, key, false) + " -Force");
    }
  }
  for (DoorKind kind : {DoorKind::Imap, DoorKind::Pop}) {
    auto door = std::ranges::find(p.doors, kind, &PlannedDoor::kind);
    if (door == p.doors.end()) continue;
    const bool imap = kind == DoorKind::Imap;
    for (const auto& server : d.servers) {
      std::string services = imap ? (v2013 ? "'MSExchangeIMAP4','MSExchangeIMAP4BE'" : "'MSExchangeIMAP4'")
                                  : (v2013 ? "'MSExchangePOP3','MSExchangePOP3BE'" : "'MSExchangePOP3'");
      s.commands.push_back(std::string(imap ? "Set-ImapSettings" : "Set-PopSettings") + " -Server " +
                           ps_quote(server.name) + " -X509CertificateName " + ps_quote(door->host.str()) +
                           "\nGet-Service -ComputerName " + ps_quote(server.name) + " -Name " + services +
                           " | Set-Service -StartupType Automatic -PassThru | Restart-Service");
    }
  }
  auto smtp = std::ranges::find_if(
      p.doors, [](const PlannedDoor& x) { return x.kind == DoorKind::Smtp || x.kind == DoorKind::Submission; });
  if (smtp == p.doors.end() || smtp->certificate.empty()) return s;
  if (d.exchange == ExchangeVersion::Ex2007) {
    s.detail += " Exchange 2007 connectors have no TlsCertificateName: they pick the certificate by their FQDN.";
    return s;
  }
  if (p.tls_certificate_name) {
    s.commands.push_back("# TlsCertificateName of the issued certificate (adplan cert check)\n$tlsName = " +
                         ps_quote(*p.tls_certificate_name));
  } else {
    s.commands.push_back(
        "# TlsCertificateName of the installed certificate (`adplan render --cert CERT` writes the "
        "issued one's here)\n$cert = " +
        exchange_certificate(d.servers.front().name, *p.certificate(smtp->certificate)) +
        "\n$tlsName = \"<I>$($cert.Issuer)<S>$($cert.Subject)\"");
  }
  const bool has_smtp = std::ranges::any_of(p.doors, [](const PlannedDoor& x) { return x.kind == DoorKind::Smtp; });
  const bool has_submission =
      std::ranges::any_of(p.doors, [](const PlannedDoor& x) { return x.kind == DoorKind::Submission; });
  for (const auto& server : d.servers) {
    // Setup's receive connectors: "Default Frontend <server>" (25) and "Client Frontend <server>" (587)
    // from Exchange 2013 on; "Default <server>" and "Client <server>" on 2010.
    if (has_smtp)
      s.commands.push_back("Set-ReceiveConnector -Identity " +
                           ps_quote(server.name + "\\" + (v2013 ? "Default Frontend " : "Default ") + server.name) +
                           " -TlsCertificateName $tlsName");
    if (has_submission)
      s.commands.push_back("Set-ReceiveConnector -Identity " +
                           ps_quote(server.name + "\\" + (v2013 ? "Client Frontend " : "Client ") + server.name) +
                           " -TlsCertificateName $tlsName");
  }
  if (has_smtp) {
    s.commands.push_back(
        "Get-SendConnector | Where-Object { $_.AddressSpaces -match '^SMTP:\\*;' } | Set-SendConnector "
        "-TlsCertificateName $tlsName");
  }
  (void)t;
  return s;
}

// Issue 23: the MTA-STS policy sites (RFC 8461 3.3), one per domain, by SNI on port 443.
std::optional<PlanStep> mta_sts_step(const Plan& p, const Deployment&) {
  if (p.mta_sts.empty()) return std::nullopt;
  PlanStep s{{},
             "Serve the MTA-STS policies",
             "Each policy host serves https://mta-sts.<domain>/.well-known/mta-sts.txt (text/plain, CRLF lines; "
             "render writes mta-sts/<domain>.txt) with its own certificate, bound by SNI beside the Default Web "
             "Site. nginx/mta-sts.conf does the same on nginx.",
             {}};
  for (const auto& m : p.mta_sts) {
    const auto* c = p.certificate(m.certificate);
    const std::string site = "MTA-STS " + m.domain.str();
    const std::string root = "C:\\inetpub\\mta-sts\\" + m.domain.str();
    std::string cmd = "# " + m.policy_host.str() + ": the policy of " + m.domain.str() + " (mode " +
                      std::string(mta_sts_mode_key(m.mode)) + ", id " + m.id + ")\n";
    cmd += "New-Item -ItemType Directory -Force -Path " + ps_quote(root + "\\.well-known") + " | Out-Null\n";
    cmd += "Copy-Item -Path " + ps_quote("mta-sts\\" + m.domain.str() + ".txt") + " -Destination " +
           ps_quote(root + "\\.well-known\\mta-sts.txt") + "\n";
    cmd += "New-Website -Name " + ps_quote(site) + " -PhysicalPath " + ps_quote(root) + " -HostHeader " +
           ps_quote(m.policy_host.str()) + " -Port 443 -Ssl -SslFlags 1\n";
    cmd += "$cert = Get-ChildItem -Path 'Cert:\\LocalMachine\\My' | Where-Object { $_.FriendlyName -eq " +
           ps_quote(c ? c->common_name.str() : m.policy_host.str()) +
           " } | Sort-Object NotAfter -Descending | Select-Object -First 1\n";
    cmd += "(Get-WebBinding -Name " + ps_quote(site) + " -Protocol https).AddSslCertificate($cert.Thumbprint, 'My')";
    s.commands.push_back(std::move(cmd));
  }
  return s;
}

using Builder = std::function<std::optional<PlanStep>(const Plan&, const Deployment&)>;

// How each step of the catalogue (scenario/step.hpp) is made from the plan; nullopt where the
// step does not apply to this deployment. The step's id is filled in from the catalogue.
const std::map<StepId, Builder>& builders() {
  static const std::map<StepId, Builder> k{
      {StepId::RequestCertificate,
       [](const Plan& p, const Deployment& d) -> std::optional<PlanStep> {
         PlanStep s{{}, "Request the certificate", {}, {}};
         for (const auto& c : p.certificates) {
           s.detail += "Certificate " + c.common_name.str() + " names: " + join_names(c.sans) + ". ";
           std::string lines;
           for (const auto& line : request_for(d, c).generate) lines += (lines.empty() ? "" : "\n") + line;
           s.commands.push_back(lines);
         }
         s.detail +=
             "The paper's -KeySize 1024 is obsolete: RSA keys under 2048 bits are refused by every public CA "
             "(CA/B Forum BR 6.1.5). Or let `adplan csr` make the key and request.";
         return s;
       }},
      {StepId::InstallCertificate,
       [](const Plan& p, const Deployment& d) -> std::optional<PlanStep> {
         const auto* c = p.certificate("default");
         if (!c) return std::nullopt;
         const std::string services = exchange_services(p, c->key, true);
         if (services == "IIS") {
           return PlanStep{{},
                           "Install the certificate on the Default Web Site",
                           "Import the certificate the CA issued for " + c->common_name.str() +
                               " and enable it for IIS (Enable-ExchangeCertificate binds the Default Web Site).",
                           {request_for(d, *c).import}};
         }
         // Issue 23: the same certificate answers the mail doors; -Force answers the prompt to
         // replace the default SMTP certificate.
         return PlanStep{
             {},
             "Install the certificate on the Default Web Site and the mail doors",
             "Import the certificate the CA issued for " + c->common_name.str() + " and enable it for " + services +
                 " (Enable-ExchangeCertificate binds the Default Web Site and the mail services).",
             {request_for(d, *c).import_only + " | Enable-ExchangeCertificate -Services " + services + " -Force"}};
       }},
      {StepId::DistributeRoot,
       [](const Plan&, const Deployment& d) -> std::optional<PlanStep> {
         if (d.ca != CertificateSource::Internal) return std::nullopt;
         return PlanStep{
             {},
             "Distribute the internal root certificate",
             "Domain members get the root through Group Policy (Computer Configuration > Windows Settings > "
             "Security Settings > Public Key Policies > Trusted Root Certification Authorities). Outlook "
             "Anywhere users outside the domain and ActiveSync devices must install it by hand.",
             {"certutil -dspublish -f ca.crt RootCA"}};
       }},
      {StepId::DnsRecords,
       [](const Plan& p, const Deployment&) -> std::optional<PlanStep> {
         PlanStep s{{},
                    "Create the DNS records",
                    "External records at the public DNS provider; internal records on the internal DNS servers "
                    "(split-brain).",
                    {}};
         s.commands.push_back("; external view: the public DNS provider");
         for (const auto& r : p.dns_external) s.commands.push_back(zone_line(r));
         s.commands.push_back("; internal view: the internal DNS servers (split-brain)");
         for (const auto& r : p.dns_internal) s.commands.push_back(zone_line(r));
         return s;
       }},
      {StepId::ExchangeUrls,
       [](const Plan& p, const Deployment& d) -> std::optional<PlanStep> {
         PlanStep s{{},
                    "Configure the Exchange services' URLs",
                    p.requirements.web_services_url_change
                        ? "Set external and internal URLs to the external host, so that every URL a client uses is "
                          "on the certificate (KB 940726)."
                        : "Set the external URLs; internal URLs stay as setup wrote them (the certificate names the "
                          "servers).",
                    {}};
         for (const auto& u : p.urls) s.commands.push_back(u.cmdlet);
         if (std::ranges::any_of(p.urls, [](const ServiceUrl& u) { return u.service == Service::Mapi; })) {
           const auto& t = traits(d.exchange);
           if (t.mapi_http_off_by_default) {
             // Exchange 2013 SP1: the organisation switch is off after setup.
             s.detail +=
                 " MAPI over HTTP is off after Exchange 2013 setup: Set-OrganizationConfig -MapiHttpEnabled "
                 "$true turns it on for the organisation (Exchange 2013 SP1 or later).";
             s.commands.push_back("Set-OrganizationConfig -MapiHttpEnabled $true");
           } else {
             s.detail +=
                 " MAPI over HTTP is on by default from Exchange 2016 and is the protocol Outlook 2016 and "
                 "later connect with (an organisation upgraded from 2013 keeps its setting: check "
                 "Get-OrganizationConfig | Format-List MapiHttpEnabled).";
           }
         }
         return s;
       }},
      {StepId::SiteScope,
       [](const Plan& p, const Deployment&) -> std::optional<PlanStep> {
         PlanStep s{{},
                    "Set Autodiscover site affinity",
                    "AutoDiscoverSiteScope writes Site= keywords on each server's SCP so clients in a site prefer it.",
                    {}};
         for (const auto& e : p.scp) {
           if (!e.cmdlet.empty()) s.commands.push_back(e.cmdlet);
         }
         if (s.commands.empty()) return std::nullopt;
         return s;
       }},
      {StepId::SetScp,
       [](const Plan& p, const Deployment&) -> std::optional<PlanStep> {
         PlanStep s{{},
                    "Point the SCP at the external host",
                    "Repeat for every Client Access server: domain-joined Outlook then reaches Autodiscover on "
                    "the name the certificate holds (the paper's autodiscover.<domain> here is a slip: that name "
                    "is not on this scenario's Default Web Site certificate).",
                    {}};
         for (const auto& e : p.scp) {
           if (!e.cmdlet.empty()) s.commands.push_back(e.cmdlet);
         }
         return s;
       }},
      {StepId::SrvRecord,
       [](const Plan& p, const Deployment&) -> std::optional<PlanStep> {
         PlanStep s{{},
                    "Publish the Autodiscover SRV record",
                    "External clients that find nothing at https://<domain> or https://autodiscover.<domain> and "
                    "no HTTP redirect look up _autodiscover._tcp.<domain> and use targets on port 443.",
                    {}};
         for (const auto& r : p.dns_external) {
           if (r.type == "SRV") s.commands.push_back(zone_line(r));
         }
         return s;
       }},
      {StepId::OutlookUpdate,
       [](const Plan&, const Deployment&) -> std::optional<PlanStep> {
         return PlanStep{{},
                         "Outlook 2007 clients: install the update rollup",
                         "Outlook 2007 looks up SRV records only with the update rollup of June 27, 2007 (KB 939184, "
                         "feature described in KB 940881); later Outlook versions have it.",
                         {}};
       }},
      {StepId::AddSecondaryIp,
       [](const Plan& p, const Deployment& d) -> std::optional<PlanStep> {
         PlanStep s{{},
                    "Add the second IP address to the network adapter",
                    "Each Client Access server needs a second address for the second web site. SkipAsSource keeps "
                    "outgoing traffic on the primary address; adjust the adapter name and prefix length.",
                    {}};
         (void)p;
         for (const auto& server : d.servers) {
           if (!server.secondary_ip) continue;
           s.commands.push_back("# " + server.name + "\nNew-NetIPAddress -InterfaceAlias 'Ethernet' -IPAddress " +
                                ps_quote(server.secondary_ip->str()) + " -PrefixLength 24 -SkipAsSource $true");
         }
         return s;
       }},
      {StepId::BindDefaultSite,
       [](const Plan& p, const Deployment&) -> std::optional<PlanStep> {
         PlanStep s{{},
                    "Bind the Default Web Site to the primary IP address",
                    "By default it answers on all unassigned addresses and would take the second site's address.",
                    {}};
         if (const auto* site = p.site("default")) {
           for (const auto& b : site->bindings) {
             s.commands.push_back(
                 "# " + b.server + "\nImport-Module WebAdministration; Set-WebBinding -Name " + ps_quote(site->name) +
                 " -BindingInformation '*:443:' -PropertyName IPAddress -Value " + ps_quote(b.ip.str()));
           }
         }
         return s;
       }},
      {StepId::CreateAutodiscoverSite,
       [](const Plan& p, const Deployment&) -> std::optional<PlanStep> {
         const auto* site = p.site("autodiscover");
         if (!site) return std::nullopt;
         PlanStep s{{},
                    "Create the Autodiscover Web Site on the second IP address",
                    "Anonymous access, home directory C:\\inetpub\\wwwroot, https on port 443.",
                    {}};
         for (const auto& b : site->bindings) {
           s.commands.push_back("# " + b.server + "\nNew-Website -Name " + ps_quote(site->name) + " -IPAddress " +
                                ps_quote(b.ip.str()) + " -Port 443 -Ssl -PhysicalPath 'C:\\inetpub\\wwwroot'");
         }
         return s;
       }},
      {StepId::BindAutodiscoverCertificate,
       [](const Plan& p, const Deployment& d) -> std::optional<PlanStep> {
         const auto* c = p.certificate("autodiscover");
         const auto* site = p.site("autodiscover");
         if (!c || !site) return std::nullopt;
         return PlanStep{{},
                         "Install the second certificate on the Autodiscover Web Site",
                         "Enable-ExchangeCertificate binds only the Default Web Site, so this certificate is bound in "
                         "IIS.",
                         {"$cert = " + request_for(d, *c).import_only + "\n(Get-WebBinding -Name " +
                          ps_quote(site->name) + " -Protocol https).AddSslCertificate($cert.Thumbprint, 'My')"}};
       }},
      {StepId::NewAutodiscoverVdir,
       [](const Plan& p, const Deployment&) -> std::optional<PlanStep> {
         const auto* site = p.site("autodiscover");
         if (!site) return std::nullopt;
         return PlanStep{{},
                         "Create the Autodiscover virtual directory on the new site",
                         "The web site name is case-sensitive.",
                         {"New-AutodiscoverVirtualDirectory -WebSiteName " + ps_quote(site->name) +
                          " -BasicAuthentication $true -WindowsAuthentication $true"}};
       }},
      {StepId::CreateRedirectSite,
       [](const Plan& p, const Deployment&) -> std::optional<PlanStep> {
         const auto* site = p.site("redirect");
         if (!site || !site->redirect_to) return std::nullopt;
         PlanStep s{{},
                    "Create the Autodiscover redirect site on the second IP address, port 80",
                    "No certificate. HTTP Redirect sends /autodiscover/autodiscover.xml to " + *site->redirect_to +
                        " with a 302 (Found), exact destination; Outlook asks the user to confirm the redirect.",
                    {}};
         for (const auto& b : site->bindings) {
           s.commands.push_back("# " + b.server + "\nNew-Website -Name " + ps_quote(site->name) + " -IPAddress " +
                                ps_quote(b.ip.str()) + " -Port 80 -PhysicalPath 'C:\\inetpub\\redirect'\n" +
                                "Set-WebConfiguration -Filter 'system.webServer/httpRedirect' -PSPath " +
                                ps_quote("IIS:\\sites\\" + site->name) + " -Value @{enabled='true';destination=" +
                                ps_quote(*site->redirect_to) + ";exactDestination='true';httpResponseStatus='Found'}");
         }
         return s;
       }},
      {StepId::MailDoors, mail_doors_step},
      {StepId::MtaStsSite, mta_sts_step},
      {StepId::PoolCertificate, pool_certificate_step},
      {StepId::TenantRecords,
       [](const Plan& p, const Deployment& d) -> std::optional<PlanStep> {
         if (d.domains.size() < 2) return std::nullopt;
         PlanStep s{
             {},
             "Point every hosted domain's autodiscover record at the redirect site",
             "One redirect site serves all tenants: each autodiscover.<tenant> resolves to the second public IP.",
             {}};
         for (const auto& r : p.dns_external) {
           if (r.name.starts_with("autodiscover.")) s.commands.push_back(zone_line(r));
         }
         return s;
       }},
  };
  return k;
}

}  // namespace

std::string zone_line(const DnsRecord& r) {
  return r.name + " " + std::to_string(r.ttl) + " IN " + r.type + " " + r.value;
}

bool is_known_step(std::string_view id) {
  return find_step(id) != nullptr;
}

std::vector<PlanStep> plan_steps(const Plan& p, const Deployment& d, const Scenario& s) {
  std::vector<PlanStep> out;
  for (const auto& id : s.steps) {
    // parse_scenario refuses ids the catalogue does not know, and every catalogue step has a builder.
    const StepInfo* info = find_step(id);
    if (!info) throw std::logic_error("scenario names unknown step \"" + id + "\"");
    if (auto step = builders().at(info->step)(p, d)) {
      step->id = std::string(info->id);
      out.push_back(std::move(*step));
    }
  }
  // Issue 23: the mail doors' steps follow the paper's, whatever the scenario; issue 24: the pool's
  // certificate goes to every server before the doors bind it there.
  for (StepId id : {StepId::PoolCertificate, StepId::MailDoors, StepId::MtaStsSite}) {
    if (auto step = builders().at(id)(p, d)) {
      step->id = std::string(step_info(id).id);
      out.push_back(std::move(*step));
    }
  }
  return out;
}

}  // namespace adplan
