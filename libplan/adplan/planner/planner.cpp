#include <adplan/planner/plan.hpp>

#include <adplan/model/text.hpp>
#include <adplan/planner/internal/doors.hpp>
#include <adplan/planner/internal/names.hpp>
#include <adplan/planner/internal/pool.hpp>
#include <adplan/planner/lint.hpp>
#include <adplan/planner/powershell.hpp>
#include <adplan/planner/scp_plan.hpp>
#include <adplan/planner/steps.hpp>

#include <algorithm>
#include <set>
#include <tuple>

namespace adplan {
namespace {

std::vector<HostName> expand(const Deployment& d, NameSource source) {
  switch (source) {
    case NameSource::ExternalHost:
      return {d.external_host};
    case NameSource::AutodiscoverHost:
      return {d.autodiscover_host};
    case NameSource::AutodiscoverHosts:
      return autodiscover_hosts(d);
    case NameSource::ServerFqdns: {
      std::vector<HostName> out;
      for (const auto& s : d.servers) out.push_back(s.fqdn);
      return out;
    }
    case NameSource::ServerNetbiosWhenInternalNamespace: {
      // The paper's request for a differing internal namespace adds "server01" beside
      // "server01.contoso.local" (Scenario 1, Step 1).
      std::vector<HostName> out;
      if (!internal_namespace_differs(d)) return out;
      for (const auto& s : d.servers) {
        if (auto h = HostName::parse(ascii_lower(s.netbios), true)) out.push_back(*h);
      }
      return out;
    }
    case NameSource::DoorHosts: {
      // Scenario 1's SAN certificate takes every mail door's name (issue 23).
      std::vector<HostName> out;
      for (const auto& door : d.doors) {
        for (const auto& h : door.hosts) {
          if (std::ranges::find(out, h) == out.end()) out.push_back(h);
        }
      }
      return out;
    }
  }
  return {};
}

std::optional<IpAddress> server_address(const Server& s, AddressKind kind) {
  return kind == AddressKind::Primary ? std::optional(s.ip) : s.secondary_ip;
}

std::optional<IpAddress> public_address(const Deployment& d, AddressKind kind) {
  return kind == AddressKind::Primary ? std::optional(d.public_ip) : d.secondary_public_ip;
}

DnsRecord address_record(const Deployment& d, const ZoneIndex& zones, const HostName& name, const IpAddress& ip,
                         std::string comment) {
  return {zones.zone_of(name), name.fqdn(), std::string(ip.record_type()), ip.str(), d.dns_ttl, std::move(comment)};
}

void sort_records(std::vector<DnsRecord>& records) {
  std::ranges::sort(records, [](const DnsRecord& a, const DnsRecord& b) {
    return std::tie(a.zone, a.name, a.type, a.value) < std::tie(b.zone, b.name, b.type, b.value);
  });
  records.erase(std::unique(records.begin(), records.end(),
                            [](const DnsRecord& a, const DnsRecord& b) {
                              return a.name == b.name && a.type == b.type && a.value == b.value;
                            }),
                records.end());
}

// CAA (RFC 8659): at the apex of every public zone that holds a name of a certificate a public
// CA issues, one `issue` property per planned CA, so that no other CA may issue there; a CA
// climbs from the name to the closest CAA set (RFC 8659 3), so the apex covers every name
// below. `issuewild` only when a wildcard is planned (without it, `issue` governs wildcards too).
void plan_caa(Plan& p, const Deployment& d, const ZoneIndex& zones) {
  p.caa_issuers = d.caa_issuers;
  if (d.caa_issuers.empty()) return;
  std::set<std::string> apexes;
  bool wildcard = false;
  for (const auto& c : p.certificates) {
    for (const auto& n : c.sans) {
      if (std::ranges::find(c.internal_names, n.str()) != c.internal_names.end()) continue;
      apexes.insert(zones.zone_of(n));
      wildcard = wildcard || n.is_wildcard();
    }
  }
  for (const auto& zone : apexes) {
    for (const auto& issuer : d.caa_issuers) {
      p.dns_external.push_back(
          {zone, zone + ".", "CAA", "0 issue \"" + issuer.str() + "\"", d.dns_ttl,
           "CAA (RFC 8659): " + issuer.str() + " may issue for " + zone + " and the names below it"});
      if (wildcard) {
        p.dns_external.push_back({zone, zone + ".", "CAA", "0 issuewild \"" + issuer.str() + "\"", d.dns_ttl,
                                  "CAA (RFC 8659 4.3): " + issuer.str() + " may issue the planned wildcard"});
      }
    }
  }
}

void plan_dns(Plan& p, const Deployment& d, const Scenario& s) {
  const auto ad_hosts = autodiscover_hosts(d);
  const ZoneIndex zones(d);
  // External view: what clients on the Internet resolve.
  p.dns_external.push_back(address_record(d, zones, d.external_host, d.public_ip,
                                          "external host: the Default Web Site (paper's table, note *)"));
  if (s.autodiscover_dns != AutodiscoverDns::None) {
    auto kind = s.autodiscover_dns == AutodiscoverDns::Primary ? AddressKind::Primary : AddressKind::Secondary;
    if (auto ip = public_address(d, kind)) {
      for (const auto& h : ad_hosts) {
        p.dns_external.push_back(address_record(
            d, zones, h, *ip,
            kind == AddressKind::Primary ? "Autodiscover host: same entry point as the external host"
                                         : "Autodiscover host: the second public IP (paper's table, note **)"));
      }
    }
  }
  if (s.srv_record) {
    for (const auto& domain : d.domains) {
      // MS-OXDISCO 3.1.5.5: only port 443 targets are used; RFC 2782 priority 0, weight 0.
      p.dns_external.push_back({domain.str(), "_autodiscover._tcp." + domain.fqdn(), "SRV",
                                "0 0 443 " + d.external_host.fqdn(), d.dns_ttl,
                                "Autodiscover SRV record (KB 940881): points clients at the external host"});
    }
  }
  // Internal view: the split-brain zone domain members and LAN clients resolve.
  for (const auto& server : d.servers) {
    p.dns_internal.push_back(address_record(d, zones, d.external_host, server.ip,
                                            "external host resolves to the Client Access server inside"));
    p.dns_internal.push_back(
        address_record(d, zones, server.fqdn, server.ip, "server's own record (registered by the server)"));
    if (s.autodiscover_dns != AutodiscoverDns::None) {
      auto kind = s.autodiscover_dns == AutodiscoverDns::Primary ? AddressKind::Primary : AddressKind::Secondary;
      if (auto ip = server_address(server, kind)) {
        for (const auto& h : ad_hosts) {
          p.dns_internal.push_back(
              address_record(d, zones, h, *ip, "Autodiscover host for clients that are not domain members"));
        }
      }
    }
  }
  if (s.srv_record) {
    for (const auto& domain : d.domains) {
      p.dns_internal.push_back({domain.str(), "_autodiscover._tcp." + domain.fqdn(), "SRV",
                                "0 0 443 " + d.external_host.fqdn(), d.dns_ttl,
                                "Autodiscover SRV record for clients that are not domain members"});
    }
  }
  plan_mail_records(p, d, zones);
  plan_caa(p, d, zones);
  sort_records(p.dns_external);
  sort_records(p.dns_internal);

  const std::string ad_zone = d.internal_domain ? d.internal_domain->str() : d.primary_domain().str();
  std::set<std::string> ext_zones, int_zones;
  for (const auto& r : p.dns_external) ext_zones.insert(r.zone);
  for (const auto& r : p.dns_internal) int_zones.insert(r.zone);
  for (const auto& z : ext_zones) p.zones.push_back({"external", z, false, "public zone at the DNS provider"});
  for (const auto& z : int_zones) {
    bool create = z != ad_zone;
    p.zones.push_back({"internal", z, create,
                       create ? "create this zone on the internal DNS servers so the external names resolve "
                                "inside (split-brain DNS; paper, Scenario 3 Step 2 note)"
                              : "the Active Directory zone; add the records there"});
  }
}

void plan_certificates_and_sites(Plan& p, const Deployment& d, const Scenario& s) {
  const auto ad_hosts = autodiscover_hosts(d);
  for (const auto& rule : s.certificates) {
    auto cn = expand(d, rule.common_name).front();
    std::vector<HostName> rest;
    for (auto source : rule.names) {
      for (auto& h : expand(d, source)) {
        if (h != cn && std::ranges::find(rest, h) == rest.end()) rest.push_back(h);
      }
    }
    std::ranges::sort(rest);
    PlannedCertificate cert{rule.key, cn, {cn}, {}, {}, {}};
    cert.sans.insert(cert.sans.end(), rest.begin(), rest.end());
    for (const auto& h : cert.sans) {
      if (is_internal_name(h.str())) cert.internal_names.push_back(h.str());
    }
    p.certificates.push_back(std::move(cert));
  }
  for (const auto& rule : s.sites) {
    PlannedSite site{rule.key, rule.name, rule.tls, rule.port, std::nullopt, {}, d.public_ip, {}, std::nullopt};
    if (!rule.certificate.empty()) site.certificate = rule.certificate;
    if (auto pub = public_address(d, rule.address)) site.public_ip = *pub;
    for (const auto& server : d.servers) {
      if (auto ip = server_address(server, rule.address)) site.bindings.push_back({server.name, *ip, rule.port});
    }
    if (rule.address == AddressKind::Primary) site.hosts.push_back(d.external_host);
    bool ad_here = (s.autodiscover_dns == AutodiscoverDns::Primary && rule.address == AddressKind::Primary) ||
                   (s.autodiscover_dns == AutodiscoverDns::Secondary && rule.address == AddressKind::Secondary);
    if (ad_here) site.hosts.insert(site.hosts.end(), ad_hosts.begin(), ad_hosts.end());
    if (rule.redirects) site.redirect_to = autodiscover_url(d.external_host);
    if (site.certificate) {
      for (auto& cert : p.certificates) {
        if (cert.key != *site.certificate) continue;
        cert.site = site.name;
        for (const auto& b : site.bindings) cert.bindings.push_back(b.ip.url_host() + ":" + std::to_string(b.port));
      }
    }
    p.sites.push_back(std::move(site));
  }
}

void plan_scp(Plan& p, const Deployment& d, const Scenario& s) {
  const auto& t = traits(d.exchange);
  for (const auto& server : d.servers) {
    const HostName& host = s.scp_host == UrlHost::ServerFqdn ? server.fqdn : d.external_host;
    ScpEntry e{server.name, server.site, server.site_scope, autodiscover_url(host), host != server.fqdn, {}};
    // Setup writes the server's own site as the SCP's Site= keyword.
    if (e.site_scope.empty() && !server.site.empty()) e.site_scope = {server.site};
    bool explicit_scope = !server.site_scope.empty();
    if (e.changed || explicit_scope) {
      e.cmdlet = std::string(t.cas_cmdlet) + " -Identity " + ps_quote(server.name);
      if (e.changed) e.cmdlet += " -AutoDiscoverServiceInternalUri " + ps_quote(e.url);
      if (!e.site_scope.empty() && (e.changed || explicit_scope)) {
        e.cmdlet += " -AutoDiscoverSiteScope " + ps_list(e.site_scope);
      }
    }
    p.scp.push_back(std::move(e));
  }
}

std::string outlook_anywhere_cmdlet(const Deployment& d, const Server& server, const std::string& internal_host,
                                    bool internal_changed) {
  const auto& t = traits(d.exchange);
  if (t.enable_outlook_anywhere) {
    // Exchange 2007/2010: Outlook Anywhere is off until enabled (paper: "enable Outlook Anywhere").
    return "Enable-OutlookAnywhere -Server " + ps_quote(server.name) + " -ExternalHostname " +
           ps_quote(d.external_host.str()) + " -ClientAuthenticationMethod Basic -SSLOffloading $false";
  }
  std::string cmd = "Set-OutlookAnywhere -Identity " + ps_quote(server.name + "\\Rpc (Default Web Site)") +
                    " -ExternalHostname " + ps_quote(d.external_host.str()) +
                    " -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod Negotiate";
  if (internal_changed) cmd += " -InternalHostname " + ps_quote(internal_host) + " -InternalClientsRequireSsl $true";
  return cmd;
}

void plan_urls(Plan& p, const Deployment& d, const Scenario& s) {
  const auto& t = traits(d.exchange);
  for (const auto& server : d.servers) {
    const HostName& internal_host = s.internal_url_host == UrlHost::ServerFqdn ? server.fqdn : d.external_host;
    bool changed = internal_host != server.fqdn;
    for (auto service : d.services) {
      if (service == Service::Um && !t.um_web_services) continue;  // lint says why
      if (service == Service::Mapi && !t.mapi_http) continue;      // lint says why
      const auto& st = traits(service);
      ServiceUrl u{service, server.name, {}, {}, changed, {}};
      if (service == Service::OutlookAnywhere) {
        u.internal = internal_host.str();
        u.external = d.external_host.str();
        u.cmdlet = outlook_anywhere_cmdlet(d, server, u.internal, changed);
      } else {
        u.internal = "https://" + internal_host.str() + std::string(st.path);
        u.external = "https://" + d.external_host.str() + std::string(st.path);
        u.cmdlet = std::string(st.cmdlet) + " -Identity " +
                   ps_quote(server.name + "\\" + std::string(st.vdir) + " (Default Web Site)") + " -ExternalUrl " +
                   ps_quote(u.external);
        if (changed) u.cmdlet += " -InternalUrl " + ps_quote(u.internal);
      }
      p.urls.push_back(std::move(u));
    }
  }
}

}  // namespace

bool PlannedCertificate::covers(const HostName& host) const {
  return std::ranges::any_of(sans, [&](const HostName& n) { return name_covers(n, host); });
}

const PlannedCertificate* Plan::certificate(std::string_view key) const {
  auto it = std::ranges::find(certificates, key, &PlannedCertificate::key);
  return it == certificates.end() ? nullptr : &*it;
}

const PlannedSite* Plan::site(std::string_view key) const {
  auto it = std::ranges::find(sites, key, &PlannedSite::key);
  return it == sites.end() ? nullptr : &*it;
}

std::string autodiscover_url(const HostName& host) {
  return "https://" + host.str() + "/autodiscover/autodiscover.xml";
}

Plan make_plan(const Deployment& d, const Scenario& s, const PlanOptions& options) {
  Plan p{s.id,
         s.key,
         s.title,
         d.exchange,
         d.ca,
         d.domains,
         d.internal_domain,
         d.servers,
         d.external_host,
         d.autodiscover_host,
         autodiscover_url(d.external_host),
         s.external_discovery,
         s.requirements,
         {},
         {},
         {},
         {},
         {},
         {},
         {},
         {},
         {},
         {},
         d.caa_issuers,
         d.name_servers,
         d.exchange_organization};
  plan_certificates_and_sites(p, d, s);
  plan_mail_doors(p, d);
  plan_pools(p, d);
  p.tls_certificate_name = options.tls_certificate_name;
  plan_dns(p, d, s);
  plan_scp(p, d, s);
  p.scp_order = scp_site_orders(p);
  plan_urls(p, d, s);
  p.steps = plan_steps(p, d, s);
  p.findings = lint(p, d, s, options);
  return p;
}

}  // namespace adplan
