// adplan diff: the differences between two plans, grouped by what changes (values, certificates,
// DNS, SCP and URLs, sites, addresses); the change plan is made in diff_steps.cpp.
#include <adplan/planner/diff.hpp>
#include <adplan/planner/diff_steps.hpp>

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
  // Issue 23: each mail door (kind, host, port) and its certificate; each MTA-STS policy.
  std::map<std::string, std::pair<std::string, std::string>> doors;
  auto door_text = [](const PlannedDoor& x) {
    return std::string(door_tls_key(x.tls)) + ", certificate " + (x.certificate.empty() ? "(none)" : x.certificate);
  };
  for (const auto& x : a.doors)
    doors["door " + std::string(door_key(x.kind)) + " " + x.host.str() + ":" + std::to_string(x.port)].first =
        door_text(x);
  for (const auto& x : b.doors)
    doors["door " + std::string(door_key(x.kind)) + " " + x.host.str() + ":" + std::to_string(x.port)].second =
        door_text(x);
  for (const auto& [name, v] : doors) value(d.values, name, v.first, v.second);
  std::map<std::string, std::pair<std::string, std::string>> sts;
  for (const auto& m : a.mta_sts)
    sts["mta-sts " + m.domain.str()].first = std::string(mta_sts_mode_key(m.mode)) + ", id " + m.id;
  for (const auto& m : b.mta_sts)
    sts["mta-sts " + m.domain.str()].second = std::string(mta_sts_mode_key(m.mode)) + ", id " + m.id;
  for (const auto& [name, v] : sts) value(d.values, name, v.first, v.second);
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
  make_change_steps(d, options);
  return d;
}

}  // namespace adplan
