#include <adplan/planner/diff.hpp>

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

std::string ca_name(CertificateSource c) {
  return c == CertificateSource::Public ? "public" : "internal";
}

template <class T>
std::vector<std::string> names_of(const std::vector<T>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) {
    if constexpr (std::is_same_v<T, HostName>)
      out.push_back(x.str());
    else
      out.push_back(x);
  }
  return out;
}

// Sorted set differences: what `after` has that `before` lacks, and the reverse.
std::pair<std::vector<std::string>, std::vector<std::string>> set_diff(std::vector<std::string> before,
                                                                       std::vector<std::string> after) {
  std::ranges::sort(before);
  std::ranges::sort(after);
  std::vector<std::string> added, removed;
  std::ranges::set_difference(after, before, std::back_inserter(added));
  std::ranges::set_difference(before, after, std::back_inserter(removed));
  return {added, removed};
}

void value(std::vector<ValueDiff>& out, std::string field, std::string before, std::string after) {
  if (before != after) out.push_back({std::move(field), std::move(before), std::move(after)});
}

std::string server_text(const Server& s) {
  std::string t = s.fqdn.str() + " " + s.ip.str();
  if (s.secondary_ip) t += " and " + s.secondary_ip->str();
  if (!s.site.empty()) t += ", site " + s.site;
  if (!s.site_scope.empty()) {
    t += ", serves sites";
    for (const auto& x : s.site_scope) t += " " + x;
  }
  return t;
}

void diff_values(Diff& d, const Plan& a, const Plan& b) {
  value(d.values, "scenario", std::to_string(a.scenario), std::to_string(b.scenario));
  value(d.values, "exchange", std::string(traits(a.exchange).name), std::string(traits(b.exchange).name));
  value(d.values, "ca", ca_name(a.ca), ca_name(b.ca));
  value(d.values, "external_host", a.external_host.str(), b.external_host.str());
  value(d.values, "autodiscover_host", a.autodiscover_host.str(), b.autodiscover_host.str());
  value(d.values, "internal_domain", a.internal_domain ? a.internal_domain->str() : "",
        b.internal_domain ? b.internal_domain->str() : "");
  value(d.values, "external_discovery", a.external_discovery, b.external_discovery);
  auto [added, removed] = set_diff(names_of(a.domains), names_of(b.domains));
  for (const auto& n : added) d.values.push_back({"domain", "", n});
  for (const auto& n : removed) d.values.push_back({"domain", n, ""});
  std::map<std::string, std::pair<std::string, std::string>> servers;
  for (const auto& s : a.servers) servers[s.name].first = server_text(s);
  for (const auto& s : b.servers) servers[s.name].second = server_text(s);
  for (const auto& [name, v] : servers) value(d.values, "server " + name, v.first, v.second);
}

std::string cas_scp_command(const Plan& p, const ScpEntry& e) {
  std::string cmd = std::string(traits(p.exchange).cas_cmdlet) + " -Identity " + ps_quote(e.server) +
                    " -AutoDiscoverServiceInternalUri " + ps_quote(e.url);
  if (!e.site_scope.empty()) cmd += " -AutoDiscoverSiteScope " + ps_list(e.site_scope);
  return cmd;
}

void diff_certificates(Diff& d, const Plan& a, const Plan& b) {
  std::map<std::string, std::pair<const PlannedCertificate*, const PlannedCertificate*>> by_key;
  for (const auto& c : a.certificates) by_key[c.key].first = &c;
  for (const auto& c : b.certificates) by_key[c.key].second = &c;
  for (const auto& [key, pair] : by_key) {
    auto [old_c, new_c] = pair;
    // Another common name is another certificate: the new one comes, the old one goes.
    if (old_c && new_c && old_c->common_name != new_c->common_name) {
      d.certificates.push_back(
          {ChangeKind::Added, key, std::nullopt, *new_c, names_of(new_c->sans), {}, new_c->bindings, {}, true});
      d.certificates.push_back(
          {ChangeKind::Removed, key, *old_c, std::nullopt, {}, names_of(old_c->sans), {}, old_c->bindings, false});
      continue;
    }
    if (!old_c) {
      d.certificates.push_back(
          {ChangeKind::Added, key, std::nullopt, *new_c, names_of(new_c->sans), {}, new_c->bindings, {}, true});
      continue;
    }
    if (!new_c) {
      d.certificates.push_back(
          {ChangeKind::Removed, key, *old_c, std::nullopt, {}, names_of(old_c->sans), {}, old_c->bindings, false});
      continue;
    }
    auto [names_added, names_removed] = set_diff(names_of(old_c->sans), names_of(new_c->sans));
    auto [bind_added, bind_removed] = set_diff(old_c->bindings, new_c->bindings);
    if (names_added.empty() && names_removed.empty() && bind_added.empty() && bind_removed.empty() &&
        old_c->site == new_c->site)
      continue;
    bool reissue = !names_added.empty() || !names_removed.empty();
    d.certificates.push_back(
        {ChangeKind::Changed, key, *old_c, *new_c, names_added, names_removed, bind_added, bind_removed, reissue});
  }
}

void diff_dns(Diff& d, const Plan& a, const Plan& b) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;  // view, zone, name, type
  std::map<Key, std::pair<std::vector<DnsRecord>, std::vector<DnsRecord>>> groups;
  auto collect = [&](const std::vector<DnsRecord>& records, std::string view, bool after) {
    for (const auto& r : records) {
      auto& g = groups[{view, r.zone, r.name, r.type}];
      (after ? g.second : g.first).push_back(r);
    }
  };
  collect(a.dns_external, "external", false);
  collect(b.dns_external, "external", true);
  collect(a.dns_internal, "internal", false);
  collect(b.dns_internal, "internal", true);
  auto same = [](const DnsRecord& x, const DnsRecord& y) { return x.value == y.value && x.ttl == y.ttl; };
  for (auto& [key, g] : groups) {
    DnsDiff dd{std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), ChangeKind::Changed, {}, {}};
    for (const auto& r : g.second) {
      if (std::ranges::none_of(g.first, [&](const DnsRecord& o) { return same(o, r); })) dd.added.push_back(r);
    }
    for (const auto& r : g.first) {
      if (std::ranges::none_of(g.second, [&](const DnsRecord& n) { return same(n, r); })) dd.removed.push_back(r);
    }
    if (dd.added.empty() && dd.removed.empty()) continue;
    if (g.first.empty()) dd.kind = ChangeKind::Added;
    if (g.second.empty()) dd.kind = ChangeKind::Removed;
    for (const auto& r : dd.removed) d.ttl_wait = std::max(d.ttl_wait, r.ttl);
    d.dns.push_back(std::move(dd));
  }
  std::map<std::pair<std::string, std::string>, std::pair<const DnsZone*, const DnsZone*>> zones;
  for (const auto& z : a.zones) zones[{z.view, z.name}].first = &z;
  for (const auto& z : b.zones) zones[{z.view, z.name}].second = &z;
  for (const auto& [key, pair] : zones) {
    if (pair.first && pair.second) continue;
    const DnsZone& z = pair.first ? *pair.first : *pair.second;
    d.zones.push_back({key.first, key.second, pair.first ? ChangeKind::Removed : ChangeKind::Added, z.create, z.note});
  }
}

void diff_scp_urls(Diff& d, const Plan& a, const Plan& b) {
  std::map<std::string, std::pair<const ScpEntry*, const ScpEntry*>> scp;
  for (const auto& e : a.scp) scp[e.server].first = &e;
  for (const auto& e : b.scp) scp[e.server].second = &e;
  for (const auto& [server, pair] : scp) {
    auto [o, n] = pair;
    if (o && n && o->url == n->url && o->site_scope == n->site_scope) continue;
    ScpDiff sd{!o ? ChangeKind::Added : !n ? ChangeKind::Removed : ChangeKind::Changed, server, {}, {}, {}};
    if (o) sd.before = *o;
    if (n) {
      sd.after = *n;
      // The new plan may leave the SCP as setup writes it (no cmdlet): going back needs one.
      sd.command = !n->cmdlet.empty() && (o == nullptr || n->changed) ? n->cmdlet : cas_scp_command(b, *n);
    }
    d.scp.push_back(std::move(sd));
  }

  using Key = std::pair<std::string, Service>;
  std::map<Key, std::pair<const ServiceUrl*, const ServiceUrl*>> urls;
  for (const auto& u : a.urls) urls[{u.server, u.service}].first = &u;
  for (const auto& u : b.urls) urls[{u.server, u.service}].second = &u;
  for (const auto& [key, pair] : urls) {
    auto [o, n] = pair;
    if (o && n && o->internal == n->internal && o->external == n->external && o->cmdlet == n->cmdlet) continue;
    UrlDiff ud{
        !o ? ChangeKind::Added : !n ? ChangeKind::Removed : ChangeKind::Changed, key.first, key.second, {}, {}, {}};
    if (o) ud.before = *o;
    if (n) {
      ud.after = *n;
      ud.command = n->cmdlet;
      // Back to the server's own name: the new plan does not set the internal URL, the diff must.
      if (o && o->internal != n->internal && !n->internal_changed) {
        if (n->service == Service::OutlookAnywhere) {
          if (ud.command.starts_with("Set-OutlookAnywhere"))
            ud.command += " -InternalHostname " + ps_quote(n->internal) + " -InternalClientsRequireSsl $true";
        } else {
          ud.command += " -InternalUrl " + ps_quote(n->internal);
        }
      }
    }
    d.urls.push_back(std::move(ud));
  }
}

void diff_sites(Diff& d, const Plan& a, const Plan& b) {
  std::map<std::string, std::pair<const PlannedSite*, const PlannedSite*>> sites;
  for (const auto& s : a.sites) sites[s.key].first = &s;
  for (const auto& s : b.sites) sites[s.key].second = &s;
  auto key_of = [](const SiteBinding& x) { return x.server + "|" + x.ip.str() + "|" + std::to_string(x.port); };
  for (const auto& [key, pair] : sites) {
    auto [o, n] = pair;
    SiteDiff sd{!o ? ChangeKind::Added : !n ? ChangeKind::Removed : ChangeKind::Changed,
                key,
                (n ? n : o)->name,
                {},
                {},
                {},
                {},
                {}};
    if (o) sd.before = *o;
    if (n) sd.after = *n;
    const std::vector<SiteBinding> none;
    const auto& ob = o ? o->bindings : none;
    const auto& nb = n ? n->bindings : none;
    for (const auto& x : nb) {
      if (std::ranges::none_of(ob, [&](const SiteBinding& y) { return key_of(x) == key_of(y); }))
        sd.bindings_added.push_back(x);
    }
    for (const auto& x : ob) {
      if (std::ranges::none_of(nb, [&](const SiteBinding& y) { return key_of(x) == key_of(y); }))
        sd.bindings_removed.push_back(x);
    }
    if (o && n) {
      value(sd.values, "name", o->name, n->name);
      value(sd.values, "scheme", o->tls ? "https" : "http", n->tls ? "https" : "http");
      value(sd.values, "port", std::to_string(o->port), std::to_string(n->port));
      value(sd.values, "public IP", o->public_ip.str(), n->public_ip.str());
      value(sd.values, "certificate", o->certificate.value_or(""), n->certificate.value_or(""));
      value(sd.values, "redirect", o->redirect_to.value_or(""), n->redirect_to.value_or(""));
      auto [added, removed] = set_diff(names_of(o->hosts), names_of(n->hosts));
      for (const auto& h : added) sd.values.push_back({"host", "", h});
      for (const auto& h : removed) sd.values.push_back({"host", h, ""});
      if (sd.values.empty() && sd.bindings_added.empty() && sd.bindings_removed.empty()) continue;
    }
    d.sites.push_back(std::move(sd));
  }
}

void diff_addresses(Diff& d, const Plan& a, const Plan& b) {
  std::map<std::string, std::pair<const Server*, const Server*>> servers;
  for (const auto& s : a.servers) servers[s.name].first = &s;
  for (const auto& s : b.servers) servers[s.name].second = &s;
  auto add = [&](std::string owner, std::string role, std::string before, std::string after) {
    if (before == after) return;
    ChangeKind k = before.empty() ? ChangeKind::Added : after.empty() ? ChangeKind::Removed : ChangeKind::Changed;
    d.addresses.push_back({k, std::move(owner), std::move(role), std::move(before), std::move(after)});
  };
  for (const auto& [name, pair] : servers) {
    auto [o, n] = pair;
    add(name, "IP", o ? o->ip.str() : "", n ? n->ip.str() : "");
    auto second = [](const Server* s) { return s && s->secondary_ip ? s->secondary_ip->str() : std::string(); };
    add(name, "second IP", second(o), second(n));
  }
  std::set<std::string> pa, pb;
  for (const auto& s : a.sites) pa.insert(s.public_ip.str());
  for (const auto& s : b.sites) pb.insert(s.public_ip.str());
  for (const auto& ip : pb) {
    if (!pa.contains(ip)) add("public", "public IP", "", ip);
  }
  for (const auto& ip : pa) {
    if (!pb.contains(ip)) add("public", "public IP", ip, "");
  }
}

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

void make_steps(Diff& d, const DiffOptions& o) {
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

}  // namespace

std::string_view to_string(ChangeKind k) {
  switch (k) {
    case ChangeKind::Added:
      return "add";
    case ChangeKind::Removed:
      return "remove";
    case ChangeKind::Changed:
      return "change";
  }
  return "change";
}

bool Diff::empty() const {
  return values.empty() && certificates.empty() && zones.empty() && dns.empty() && scp.empty() && urls.empty() &&
         sites.empty() && addresses.empty() && requirements_before == requirements_after;
}

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

Diff diff_plans(const Plan& before, const Plan& after, const DiffOptions& options) {
  Diff d;
  d.scenario_before = before.scenario;
  d.scenario_after = after.scenario;
  d.title_before = before.scenario_title;
  d.title_after = after.scenario_title;
  d.requirements_before = before.requirements;
  d.requirements_after = after.requirements;
  diff_values(d, before, after);
  diff_certificates(d, before, after);
  diff_dns(d, before, after);
  diff_scp_urls(d, before, after);
  diff_sites(d, before, after);
  diff_addresses(d, before, after);
  make_steps(d, options);
  return d;
}

}  // namespace adplan
