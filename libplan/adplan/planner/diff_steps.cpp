// The change plan of `adplan diff` (see diff_steps.hpp), and the Windows DNS lines it uses.
#include <adplan/planner/diff_steps.hpp>

#include <adplan/planner/mta_sts.hpp>
#include <adplan/planner/powershell.hpp>
#include <adplan/planner/steps.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <type_traits>

namespace adplan {
namespace {

std::string relative_owner(const DnsRecord& r) {
  std::string name = r.name;
  if (name.ends_with('.')) name.pop_back();
  if (name == r.zone) return "@";
  if (name.ends_with("." + r.zone)) return name.substr(0, name.size() - r.zone.size() - 1);
  return name;
}

std::string ttl_text(std::uint32_t s) {
  std::string t = std::to_string(s) + " s";
  if (s >= 3600 && s % 3600 == 0)
    t += " (" + std::to_string(s / 3600) + (s == 3600 ? " hour)" : " hours)");
  else if (s >= 60 && s % 60 == 0)
    t += " (" + std::to_string(s / 60) + " min)";
  return t;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

std::string cert_file(const PlannedCertificate& c) {
  return "pki-new/" + c.common_name.str();
}

}  // namespace

std::string windows_dns_add(const DnsRecord& r) {
  const std::string head = " -ZoneName " + ps_quote(r.zone) + " -Name " + ps_quote(relative_owner(r));
  const std::string ttl = " -TimeToLive ([TimeSpan]::FromSeconds(" + std::to_string(r.ttl) + "))";
  if (r.type == "A") return "Add-DnsServerResourceRecordA" + head + " -IPv4Address " + ps_quote(r.value) + ttl;
  if (r.type == "AAAA") return "Add-DnsServerResourceRecordAAAA" + head + " -IPv6Address " + ps_quote(r.value) + ttl;
  if (r.type == "SRV") {
    std::istringstream in(r.value);
    std::string priority, weight, port, target;
    in >> priority >> weight >> port >> target;
    if (target.ends_with('.')) target.pop_back();
    return "Add-DnsServerResourceRecord -Srv" + head + " -DomainName " + ps_quote(target) + " -Priority " +
           ps_quote(priority) + " -Weight " + ps_quote(weight) + " -Port " + ps_quote(port) + ttl;
  }
  if (r.type == "MX") {
    std::istringstream in(r.value);
    std::string preference, exchange;
    in >> preference >> exchange;
    if (exchange.ends_with('.')) exchange.pop_back();
    return "Add-DnsServerResourceRecordMX" + head + " -MailExchange " + ps_quote(exchange) + " -Preference " +
           ps_quote(preference) + ttl;
  }
  if (r.type == "TXT") {
    return "Add-DnsServerResourceRecord -Txt" + head + " -DescriptiveText " + ps_quote(txt_text(r.value)) + ttl;
  }
  return "# add by hand: " + zone_line(r);
}

std::string windows_dns_remove(const DnsRecord& r) {
  const std::string head = " -ZoneName " + ps_quote(r.zone) + " -Name " + ps_quote(relative_owner(r));
  if (r.type == "SRV") {
    std::istringstream in(r.value);
    std::string priority, weight, port, target;
    in >> priority >> weight >> port >> target;
    return "Get-DnsServerResourceRecord" + head + " -RRType 'Srv' | Where-Object { $_.RecordData.DomainName -eq " +
           ps_quote(target) + " -and $_.RecordData.Port -eq " + ps_quote(port) +
           " } | Remove-DnsServerResourceRecord -ZoneName " + ps_quote(r.zone) + " -Force";
  }
  return "Remove-DnsServerResourceRecord" + head + " -RRType " + ps_quote(r.type) + " -RecordData " +
         ps_quote(r.value) + " -Force";
}

void make_change_steps(Diff& d, const DiffOptions& o) {
  const std::string plan_flag = " --plan " + o.new_plan;
  // 1. Certificates first: every name the new plan uses must be on a certificate before DNS or
  //    a URL points a client at it.
  {
    ChangeStep s{"certificates", "Issue and install the new certificates", {}, {}, {}};
    bool issue = false, replace = false;
    for (const auto& c : d.certificates) {
      if (!c.after) continue;
      if (!c.reissue) {
        // The same certificate on a new binding (a new server): its key travels with it.
        if (c.bindings_added.empty()) continue;
        s.detail += (s.detail.empty() ? "" : " ") +
                    ("Install CN=" + c.after->common_name.str() + " at " + join(c.bindings_added) +
                     ": export it with its key (Export-ExchangeCertificate) from a "
                     "server that has it and import it there (Import-ExchangeCertificate).");
        continue;
      }
      issue = true;
      replace = replace || c.kind == ChangeKind::Changed;
      s.detail += (s.detail.empty() ? "" : " ") + std::string(c.kind == ChangeKind::Added ? "New" : "Reissue") +
                  " CN=" + c.after->common_name.str() + " (" + c.after->site + ").";
      s.check += (s.check.empty() ? "" : "; ") + ("adplan cert check " + cert_file(*c.after) + ".crt --key " +
                                                  cert_file(*c.after) + ".key" + plan_flag);
    }
    if (issue) {
      s.commands.push_back("adplan csr" + plan_flag + " --out pki-new   # new keys; the old ones stay until removals");
      s.commands.push_back("adplan csr" + plan_flag + " --exchange   # or: the request on the Exchange server");
    }
    if (replace)
      s.detail += " Keep the old certificate bound until step \"removals\": clients still use the old names.";
    if (!s.detail.empty()) {
      if (s.check.empty()) s.check = "adplan verify" + plan_flag;
      d.steps.push_back(std::move(s));
    }
  }
  // 2. Addresses and web sites to add: they must answer before DNS sends anyone there.
  {
    ChangeStep s{"sites", "Add the addresses, web sites and bindings", {}, {}, {}};
    for (const auto& a : d.addresses) {
      if (a.after.empty() || a.role != "second IP") continue;
      s.commands.push_back("# " + a.owner + "\nNew-NetIPAddress -InterfaceAlias 'Ethernet' -IPAddress " +
                           ps_quote(a.after) + " -PrefixLength 24 -SkipAsSource $true");
    }
    for (const auto& a : d.addresses) {
      if (a.after.empty() || a.owner != "public") continue;
      s.detail += "Route the public address " + a.after + " to the new web site. ";
    }
    for (const auto& site : d.sites) {
      if (!site.after) continue;
      for (const auto& x : site.bindings_added) {
        std::string cmd = "# " + x.server + "\n";
        if (site.kind == ChangeKind::Added)
          cmd += "New-Website -Name " + ps_quote(site.name) + " -IPAddress " + ps_quote(x.ip.str()) + " -Port " +
                 std::to_string(x.port) + (site.after->tls ? " -Ssl" : "") + " -PhysicalPath 'C:\\inetpub\\wwwroot'";
        else
          cmd += "New-WebBinding -Name " + ps_quote(site.name) + " -IPAddress " + ps_quote(x.ip.str()) + " -Port " +
                 std::to_string(x.port) + " -Protocol " + (site.after->tls ? "https" : "http");
        s.commands.push_back(cmd);
      }
      const bool redirect_changed =
          std::ranges::any_of(site.values, [](const ValueDiff& v) { return v.field == "redirect"; });
      if (site.after->redirect_to && (site.kind == ChangeKind::Added || redirect_changed))
        s.commands.push_back("Set-WebConfiguration -Filter 'system.webServer/httpRedirect' -PSPath " +
                             ps_quote("IIS:\\sites\\" + site.name) +
                             " -Value @{enabled='true';destination=" + ps_quote(*site.after->redirect_to) +
                             ";exactDestination='true';httpResponseStatus='Found'}");
    }
    if (!s.commands.empty() || !s.detail.empty()) {
      s.detail += "The lines of iis.ps1 (adplan render" + plan_flag + ") do the same with the scenario's context.";
      s.check = "Get-Website; Get-WebBinding   # on each server";
      d.steps.push_back(std::move(s));
    }
  }
  // 3. DNS: new records and new values; the old values stay cached until their TTL runs out.
  {
    ChangeStep s{"dns", "Add and change the DNS records", {}, {}, {}};
    for (const auto& z : d.zones) {
      if (z.kind == ChangeKind::Added && z.create)
        s.commands.push_back("Add-DnsServerPrimaryZone -Name " + ps_quote(z.zone) + " -ReplicationScope 'Forest'   # " +
                             z.view + " view");
    }
    for (const auto& r : d.dns) {
      for (const auto& rec : r.added) {
        s.commands.push_back("; " + r.view + ": " + zone_line(rec));
        s.commands.push_back(windows_dns_add(rec));
      }
    }
    for (const auto& r : d.dns) {
      if (r.kind != ChangeKind::Changed) continue;
      for (const auto& rec : r.removed) {
        s.commands.push_back("; " + r.view + ", replaced: " + zone_line(rec));
        s.commands.push_back(windows_dns_remove(rec));
      }
    }
    if (!s.commands.empty()) {
      s.detail =
          "External records at the public DNS provider, internal ones on the internal DNS servers. A changed "
          "record's old value is removed here (both values would be handed out at random); records that go "
          "away entirely wait for step \"removals\".";
      s.check = "adplan verify" + plan_flag + " --dns-server <your DNS server>";
      d.steps.push_back(std::move(s));
    }
  }
  // 4. The wait: resolvers and clients keep an old answer for its TTL.
  if (d.ttl_wait > 0) {
    d.steps.push_back({"wait-ttl",
                       "Wait " + ttl_text(d.ttl_wait) + ", the TTL of the records that change",
                       "Resolvers keep the old answers for up to their TTL (RFC 1035 3.2.1, RFC 2181 8). Outlook "
                       "also re-runs Autodiscover only every 60 minutes.",
                       {},
                       "adplan verify" + plan_flag + "   # from outside, through a public resolver"});
  }
  // 5. SCP and service URLs: now every name they point at resolves and is on a certificate.
  {
    ChangeStep s{"urls", "Point the SCP and the service URLs at the new names", {}, {}, {}};
    for (const auto& e : d.scp) {
      if (!e.command.empty()) s.commands.push_back(e.command);
    }
    for (const auto& u : d.urls) {
      if (!u.command.empty()) s.commands.push_back(u.command);
    }
    if (!s.commands.empty()) {
      s.detail =
          "In the Exchange Management Shell. Domain-joined Outlook reads the SCP at start and every 60 "
          "minutes.";
      s.check = "adplan verify" + plan_flag + " --ldap ldap://<domain controller>";
      d.steps.push_back(std::move(s));
    }
  }
  // 6. Removals last: nothing points at them any more.
  {
    ChangeStep s{"removals", "Remove what the new plan no longer uses", {}, {}, {}};
    for (const auto& r : d.dns) {
      if (r.kind != ChangeKind::Removed) continue;
      for (const auto& rec : r.removed) {
        s.commands.push_back("; " + r.view + ", remove: " + zone_line(rec));
        s.commands.push_back(windows_dns_remove(rec));
      }
    }
    for (const auto& z : d.zones) {
      if (z.kind == ChangeKind::Removed && z.create)
        s.commands.push_back("Remove-DnsServerZone -Name " + ps_quote(z.zone) + " -Force   # " + z.view + " view");
    }
    for (const auto& site : d.sites) {
      if (site.kind == ChangeKind::Removed) {
        s.commands.push_back("Remove-Website -Name " + ps_quote(site.name) + "   # on each server");
        continue;
      }
      for (const auto& x : site.bindings_removed) {
        s.commands.push_back("# " + x.server + "\nRemove-WebBinding -Name " + ps_quote(site.name) + " -IPAddress " +
                             ps_quote(x.ip.str()) + " -Port " + std::to_string(x.port));
      }
    }
    for (const auto& c : d.certificates) {
      if (c.kind == ChangeKind::Added) continue;
      if (c.kind == ChangeKind::Changed && !c.reissue) continue;
      const auto& old = *c.before;
      s.commands.push_back("Get-ExchangeCertificate | Where-Object { $_.Subject -like " +
                           ps_quote("*CN=" + old.common_name.str() + "*") +
                           " } | Format-List Thumbprint,CertificateDomains,NotAfter");
      s.commands.push_back("Remove-ExchangeCertificate -Thumbprint <thumbprint of the " +
                           std::string(c.kind == ChangeKind::Removed ? "retired" : "replaced") +
                           " CN=" + old.common_name.str() + " certificate>");
    }
    for (const auto& a : d.addresses) {
      if (!a.before.empty() && a.role == "second IP")
        s.commands.push_back("# " + a.owner + "\nRemove-NetIPAddress -IPAddress " + ps_quote(a.before) +
                             " -Confirm:$false");
    }
    for (const auto& a : d.addresses) {
      if (!a.before.empty() && a.owner == "public") s.detail += "Release the public address " + a.before + ". ";
    }
    if (!s.commands.empty() || !s.detail.empty()) {
      s.detail += "Only after the steps above are checked: until then clients may still use what goes here.";
      s.check = "adplan verify" + plan_flag;
      d.steps.push_back(std::move(s));
    }
  }
}

}  // namespace adplan
