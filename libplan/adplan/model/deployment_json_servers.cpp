// adplan.json: servers[] (the Client Access servers) and name_servers[] (the full zones' NS).
#include <adplan/model/deployment_json_checker.hpp>

#include <set>

namespace adplan::deployment_json {
namespace {

using nlohmann::json;

constexpr std::array k_server_keys{"name", "netbios", "fqdn", "site", "site_scope", "ip", "secondary_ip"};
constexpr std::array k_name_server_keys{"name", "ip"};

bool netbios_ok(std::string_view s) {
  // NetBIOS computer names: 1-15 characters; adplan takes the DNS-safe subset.
  return !s.empty() && s.size() <= 15 && s.front() != '-' && s.back() != '-' && std::ranges::all_of(s, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }) && !std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

bool site_ok(std::string_view s) {
  // AD site names: up to 63 characters; adplan takes the DNS-label-safe subset so a site
  // can reach PowerShell, LDIF and zone files without quoting surprises.
  return !s.empty() && s.size() <= 63 && std::ranges::all_of(s, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

std::string upper(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::optional<Server> check_server(Checker& c, const json& s, const std::string& at,
                                   const std::vector<HostName>& domains,
                                   const std::optional<HostName>& internal_domain) {
  if (!s.is_object()) {
    c.add("input.type", at, "must be an object",
          "{\"name\": \"CAS01\", \"fqdn\": \"cas01.contoso.com\", \"ip\": \"192.0.2.10\"}");
    return std::nullopt;
  }
  c.unknown_keys(s, at + ".", k_server_keys);
  auto name = c.string(s, at + ".name", "name", true, "CAS01");
  if (name && !netbios_ok(*name)) {
    c.add("input.netbios-name", at + ".name", Checker::quoted(*name) + " is not a server (NetBIOS) name",
          "1-15 letters, digits or hyphens, for example \"CAS01\"");
    name.reset();
  }
  auto netbios = c.string(s, at + ".netbios", "netbios", false, "CAS01");
  if (netbios && !netbios_ok(*netbios)) {
    c.add("input.netbios-name", at + ".netbios", Checker::quoted(*netbios) + " is not a NetBIOS name",
          "1-15 letters, digits or hyphens");
    netbios.reset();
  }
  std::optional<HostName> fqdn;
  if (s.contains("fqdn")) {
    fqdn = c.host(s, at + ".fqdn", "fqdn", true, "cas01.contoso.com");
  } else if (name && !domains.empty()) {
    // Default: <name>.<internal domain or primary domain>.
    auto base = internal_domain ? *internal_domain : domains.front();
    auto h = base.child(*name);
    if (h) fqdn = *h;
  }
  auto site = c.string(s, at + ".site", "site", false, "Default-First-Site-Name");
  if (site && !site_ok(*site)) {
    c.add("input.site", at + ".site", Checker::quoted(*site) + " is not an Active Directory site name adplan accepts",
          "letters, digits, '-', '_' or '.', at most 63, for example \"Default-First-Site-Name\"");
    site.reset();
  }
  std::vector<std::string> scope;
  if (auto it = s.find("site_scope"); it != s.end()) {
    if (!it->is_array()) {
      c.add("input.type", at + ".site_scope", "must be a list of site names", "[\"Site-A\", \"Site-B\"]");
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& v = (*it)[i];
        std::string f = at + ".site_scope[" + std::to_string(i) + "]";
        if (!v.is_string() || !site_ok(v.get<std::string>())) {
          c.add(v.is_string() ? "input.site" : "input.type", f, "is not a site name",
                "letters, digits, '-', '_' or '.'");
        } else {
          scope.push_back(v.get<std::string>());
        }
      }
    }
  }
  auto ip = c.ip(s, at + ".ip", "ip", true, "192.0.2.10");
  std::optional<IpAddress> secondary;
  if (s.contains("secondary_ip")) secondary = c.ip(s, at + ".secondary_ip", "secondary_ip", false, "192.0.2.11");
  if (!name || !fqdn || !ip) return std::nullopt;
  return Server{*name, netbios ? upper(*netbios) : upper(*name), *fqdn, site.value_or(""), scope, *ip, secondary};
}

}  // namespace

std::vector<Server> check_servers(Checker& c, const json& doc, const std::vector<HostName>& domains,
                                  const std::optional<HostName>& internal_domain) {
  std::vector<Server> servers;
  if (auto it = doc.find("servers"); it == doc.end()) {
    c.add("input.missing", "servers", "is missing",
          "add at least one Client Access server: [{\"name\": \"CAS01\", \"fqdn\": \"cas01.contoso.com\", \"ip\": "
          "\"192.0.2.10\"}]");
  } else if (!it->is_array() || it->empty()) {
    c.add(it->is_array() ? "input.missing" : "input.type", "servers",
          "must be a non-empty list of Client Access servers", "[{\"name\": \"CAS01\", ...}]");
  } else {
    std::set<std::string> names, fqdns;
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string at = "servers[" + std::to_string(i) + "]";
      auto s = check_server(c, (*it)[i], at, domains, internal_domain);
      if (!s) continue;
      if (!names.insert(upper(s->name)).second) {
        c.add("input.duplicate", at + ".name", Checker::quoted(s->name) + " names a server twice",
              "give each server its own name");
        continue;
      }
      if (!fqdns.insert(s->fqdn.str()).second) {
        c.add("input.duplicate", at + ".fqdn", Checker::quoted(s->fqdn.str()) + " is used by two servers",
              "give each server its own FQDN");
        continue;
      }
      servers.push_back(std::move(*s));
    }
  }
  return servers;
}

// name_servers: [{"name": HOST, "ip": IP}], the ip optional; at most 13 (the root zone's count
// fits any zone), no name twice.
std::vector<NameServer> check_name_servers(Checker& c, const json& doc) {
  std::vector<NameServer> out;
  auto it = doc.find("name_servers");
  if (it == doc.end() || it->is_null()) return out;
  if (!it->is_array()) {
    c.add("input.type", "name_servers", "must be a list",
          "[{\"name\": \"ns1.contoso.com\", \"ip\": \"203.0.113.53\"}]");
    return out;
  }
  if (it->size() > 13) {
    c.add("input.range", "name_servers", std::to_string(it->size()) + " name servers", "list at most 13");
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& n = (*it)[i];
    const std::string at = "name_servers[" + std::to_string(i) + "]";
    if (!n.is_object()) {
      c.add("input.type", at, "must be an object", "{\"name\": \"ns1.contoso.com\", \"ip\": \"203.0.113.53\"}");
      continue;
    }
    c.unknown_keys(n, at + ".", k_name_server_keys);
    auto name = c.host(n, at + ".name", "name", true, "ns1.contoso.com");
    std::optional<IpAddress> ip;
    if (n.contains("ip") && !n["ip"].is_null()) ip = c.ip(n, at + ".ip", "ip", false, "203.0.113.53");
    if (!name) continue;
    if (std::ranges::any_of(out, [&](const NameServer& s) { return s.name == *name; })) {
      c.add("input.duplicate", at + ".name", Checker::quoted(name->str()) + " is listed twice",
            "list each name server once");
      continue;
    }
    out.push_back({*name, ip});
  }
  return out;
}

}  // namespace adplan::deployment_json
