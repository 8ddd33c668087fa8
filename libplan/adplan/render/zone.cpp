#include <adplan/render/zone.hpp>

#include <adplan/render/internal/escape.hpp>
#include <adplan/render/internal/fill.hpp>

#include <algorithm>

namespace adplan::render {
namespace {

// The record's value as the zone file carries it. A CAA value is a <character-string> (RFC 8659
// 4.1.1); the planned ones are issuer domain names (LDH, no space), which BIND reads unquoted,
// and zone_escape would turn the quotes of 0 issue "letsencrypt.org" into part of the value.
std::string zone_value(const DnsRecord& r) {
  if (r.type != "CAA") return r.value;
  std::string v;
  for (char c : r.value) {
    if (c != '"') v += c;
  }
  return v;
}

// A TXT value is already in presentation form: one quoted <character-string> (the planner builds
// it from validated values with '"' and '\\' escaped); only a value of that shape on one line
// goes in as it is, anything else is escaped like every other value.
bool txt_presentation(const DnsRecord& r) {
  return r.type == "TXT" && r.value.size() >= 2 && r.value.front() == '"' && r.value.back() == '"' &&
         std::ranges::none_of(r.value, [](unsigned char c) { return c < 0x20 || c >= 0x7f; });
}

Data record_data(const DnsRecord& r) {
  Data d;
  d.set("name", r.name);
  d.set("ttl", std::to_string(r.ttl));
  d.set("type", r.type);
  const bool raw = txt_presentation(r);
  d.set("value", raw ? std::string() : zone_value(r));
  d.set("raw", raw ? r.value : std::string());
  d.set("comment", one_line(r.comment));
  return d;
}

Data header(const Plan& p, View view) {
  Data d;
  d.set("view", std::string(to_string(view)));
  d.set("scenario", std::to_string(p.scenario));
  d.set("title", p.scenario_title);  // zone_escape keeps it on its line
  return d;
}

}  // namespace

std::uint32_t zone_serial(std::chrono::year_month_day day) {
  return static_cast<std::uint32_t>(static_cast<int>(day.year()) * 1000000 +
                                    static_cast<int>(static_cast<unsigned>(day.month())) * 10000 +
                                    static_cast<int>(static_cast<unsigned>(day.day())) * 100 + 1);
}

Result<std::string> render_zone_records(const Plan& p, View view, const TemplateSet& templates) {
  Data d = header(p, view);
  List zone_list;
  for (const auto* z : zones(p, view)) {
    Data zd;
    zd.set("zone", z->name);
    zd.set("create", z->create);
    zd.set("note", one_line(z->note));
    List recs;
    for (const auto& r : records(p, view)) {
      if (r.zone == z->name) recs.push_back(record_data(r));
    }
    zd.set("records", recs);
    zone_list.push_back(zd);
  }
  d.set("zones", zone_list);
  return fill(templates, "zone.mustache", d, infallible(&zone_escape));
}

Result<std::string> render_full_zone(const Plan& p, View view, const FullZoneOptions& o, const TemplateSet& templates) {
  auto zone = find_zone(p, view, o.domain.str());
  if (!zone) return std::unexpected(zone.error());
  // The zone's name servers: adplan.json's name_servers, else --ns (default ns1.<zone>) at --ns-ip.
  std::vector<NameServer> servers;
  if (o.plan_name_servers && !p.name_servers.empty()) {
    servers = p.name_servers;
  } else {
    servers.push_back({o.ns ? *o.ns : *o.domain.child("ns1"), o.ns_ip});
  }
  const HostName& ns = servers.front().name;
  const auto& all = records(p, view);
  std::vector<const DnsRecord*> in_zone;
  for (const auto& r : all) {
    if (r.zone == o.domain.str()) in_zone.push_back(&r);
  }
  Data d = header(p, view);
  d.set("zone", o.domain.fqdn());
  d.set("note", one_line((*zone)->note));
  d.set("ns", ns.fqdn());
  d.set("hostmaster", "hostmaster." + o.domain.fqdn());
  d.set("serial", std::to_string(o.serial));
  d.set("ttl", std::to_string(in_zone.empty() ? 3600U : in_zone.front()->ttl));
  // An in-zone name server needs an address record (RFC 1034 4.2.1 glue; named-checkzone
  // refuses an NS without one), unless the plan already gives the name an address.
  List ns_list;
  for (std::size_t i = 0; i < servers.size(); ++i) {
    const auto& s = servers[i];
    Data nd;
    nd.set("name", s.name.fqdn());
    bool has_address = std::ranges::any_of(
        in_zone, [&](const DnsRecord* r) { return r->name == s.name.fqdn() && (r->type == "A" || r->type == "AAAA"); });
    if (s.name.is_within(o.domain) && !has_address) {
      if (!s.ip) {
        return std::unexpected(
            Error{"input.missing", "name_servers[" + std::to_string(i) + "].ip",
                  s.name.str() + " lies inside " + o.domain.str() + " and needs an address (glue, RFC 1034 4.2.1)",
                  "add \"ip\" to the name server"});
      }
      Data glue;
      glue.set("type", std::string(s.ip->record_type()));
      glue.set("ip", s.ip->str());
      nd.set("address", glue);
    } else {
      nd.set("address", false);
    }
    ns_list.push_back(nd);
  }
  d.set("name_servers", ns_list);
  List recs;
  for (const auto* r : in_zone) recs.push_back(record_data(*r));
  d.set("records", recs);
  return fill(templates, "zone-full.mustache", d, infallible(&zone_escape));
}

}  // namespace adplan::render
