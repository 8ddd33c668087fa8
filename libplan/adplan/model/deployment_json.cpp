#include <adplan/model/deployment_json.hpp>

#include <adplan/model/bounded_json.hpp>
#include <adplan/model/deployment_builder.hpp>
#include <adplan/model/echo.hpp>
#include <adplan/model/internal/suggest.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <set>

namespace adplan {
namespace {

using nlohmann::json;

constexpr std::array k_top_keys{"version",
                                "scenario",
                                "exchange",
                                "domains",
                                "external_host",
                                "autodiscover_host",
                                "internal_domain",
                                "servers",
                                "public_ip",
                                "secondary_public_ip",
                                "ca",
                                "services",
                                "subject",
                                "dns_ttl",
                                "caa_issuers",
                                "name_servers",
                                "exchange_organization",
                                "$schema"};
constexpr std::array k_server_keys{"name", "netbios", "fqdn", "site", "site_scope", "ip", "secondary_ip"};
constexpr std::array k_subject_keys{"O", "OU", "L", "ST", "C"};
constexpr std::array k_name_server_keys{"name", "ip"};

// The fixes of the numeric fields, shared by their checks and by a number too large to parse.
constexpr std::string_view k_version_hint =
    "this adplan reads version 1; upgrade adplan or rewrite the file with `adplan init`";
constexpr std::string_view k_scenario_hint = "use 1, 2, 3 or 4 (see `adplan scenarios`)";
constexpr std::string_view k_ttl_hint = "seconds from 60 to 604800, for example 3600";
constexpr std::uint32_t k_ttl_min = 60, k_ttl_max = 604800;

std::string number_hint(std::string_view path) {
  if (path == "version") return std::string(k_version_hint);
  if (path == "scenario") return std::string(k_scenario_hint);
  if (path == "dns_ttl") return std::string(k_ttl_hint);
  return "no field of adplan.json takes a number this large; see `adplan init --help` for the values";
}

// A JSON integer in [lo, hi], never cut to a narrower type on the way (4294967297 is not 1);
// nullopt for any other value.
std::optional<std::int64_t> integer_in(const json& v, std::int64_t lo, std::int64_t hi) {
  std::int64_t n = 0;
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    n = static_cast<std::int64_t>(u);
  } else if (v.is_number_integer()) {
    n = v.get<std::int64_t>();
  } else {
    return std::nullopt;
  }
  if (n < lo || n > hi) return std::nullopt;
  return n;
}

// A value as a message shows it: strings quoted and escaped, everything cut to ~80 characters.
std::string shown(const json& v) {
  if (v.is_string()) return quote_value(v.get_ref<const std::string&>());
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() <= k_echo_max) return text;
  return text.substr(0, k_echo_max) + "... (" + std::to_string(text.size()) + " characters)";
}

// Collects every problem of one document.
class Checker {
 public:
  void add(std::string code, std::string field, std::string message, std::string hint = {}) {
    // A list of a million bad items holds a million problems: keep the first ones, count the rest.
    if (errors.size() >= k_max_errors) {
      ++dropped;
      return;
    }
    errors.push_back({std::move(code), std::move(field), std::move(message), std::move(hint)});
  }

  // Every problem kept, and one more that counts those that were not.
  Errors take() {
    if (dropped > 0) {
      errors.push_back({"input.too-many", "(document)", std::to_string(dropped) + " more problems are not listed",
                        "fix the ones above and run again"});
    }
    return std::move(errors);
  }

  // A key as a field name: itself when it is short printable ASCII, else quoted and cut.
  static std::string key_shown(const std::string& key) {
    bool plain = key.size() <= k_echo_max &&
                 std::ranges::all_of(key, [](unsigned char ch) { return ch > 0x20 && ch < 0x7f && ch != '"'; });
    return plain ? key : quote_value(key);
  }

  template <std::size_t N>
  void unknown_keys(const json& obj, const std::string& prefix, const std::array<const char*, N>& keys) {
    for (const auto& [key, value] : obj.items()) {
      if (std::ranges::find_if(keys, [&](const char* k) { return key == k; }) != keys.end()) continue;
      std::vector<std::string_view> names(keys.begin(), keys.end());
      auto near = closest(key, names);
      add("input.unknown-key", prefix + key_shown(key), "is not a known field",
          near ? "did you mean \"" + std::string(*near) + "\"?" : "remove it");
    }
  }

  std::optional<std::string> string(const json& obj, const std::string& field, const char* key, bool required,
                                    std::string_view example) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) add("input.missing", field, "is missing", "add it, for example \"" + std::string(example) + "\"");
      return std::nullopt;
    }
    if (!it->is_string()) {
      add("input.type", field, "must be a string, not " + std::string(it->type_name()),
          "write it in quotes, for example \"" + std::string(example) + "\"");
      return std::nullopt;
    }
    const auto& text = it->get_ref<const std::string&>();
    // A NUL would cut the value wherever it meets a C string (libidn2, OpenSSL); other control
    // characters are each field's validator's to refuse.
    if (auto at = text.find('\0'); at != std::string::npos) {
      add("input.nul", field, quoted(text) + " holds a NUL character at byte " + std::to_string(at),
          "remove it; the values of adplan.json are printable text");
      return std::nullopt;
    }
    return text;
  }

  std::optional<HostName> host(const json& obj, const std::string& field, const char* key, bool required,
                               std::string_view example) {
    auto text = string(obj, field, key, required, example);
    if (!text) return std::nullopt;
    auto h = HostName::parse(*text);
    // Every host of adplan.json is one real host: a wildcard would reach DNS records and SANs.
    if (h && h->is_wildcard()) {
      add("input.host-name", field, quoted(*text) + " is a wildcard, not a host name",
          "name one real host, for example \"" + std::string(example) + "\"");
      return std::nullopt;
    }
    if (!h) {
      add(h.error().code, field, quoted(*text) + " is not a host name (" + h.error().message + ")",
          "use a fully qualified name such as \"" + std::string(example) + "\"");
      return std::nullopt;
    }
    return *h;
  }

  std::optional<IpAddress> ip(const json& obj, const std::string& field, const char* key, bool required,
                              std::string_view example) {
    auto text = string(obj, field, key, required, example);
    if (!text) return std::nullopt;
    auto a = IpAddress::parse(*text);
    if (!a) {
      add(a.error().code, field, quoted(*text) + " " + a.error().message,
          "for example \"" + std::string(example) + "\"");
      return std::nullopt;
    }
    return *a;
  }

  static std::string quoted(std::string_view s) { return quote_value(s); }

  static constexpr std::size_t k_max_errors = 100;
  Errors errors;
  std::size_t dropped = 0;
};

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

// Exchange setup /OrganizationName: up to 64 characters, A-Z a-z 0-9, hyphen and space, no
// leading or trailing space. Nothing in it needs escaping in a DN (RFC 4514 2.4).
bool exchange_organization_ok(std::string_view s) {
  return !s.empty() && s.size() <= 64 && s.front() != ' ' && s.back() != ' ' && std::ranges::all_of(s, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ' ';
  });
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

bool Deployment::publishes(Service s) const {
  return std::ranges::find(services, s) != services.end();
}

std::vector<Service> default_services(ExchangeVersion v) {
  std::vector<Service> out{Service::Ews, Service::Oab, Service::OutlookAnywhere, Service::Owa, Service::ActiveSync};
  if (traits(v).um_web_services) out.push_back(Service::Um);
  if (traits(v).mapi_http) out.push_back(Service::Mapi);
  std::ranges::sort(out);
  return out;
}

Checked<Deployment> load_deployment(std::string_view text, std::string_view source) {
  auto doc = parse_bounded_json(text);
  if (!doc) {
    const JsonProblem& p = doc.error();
    // Turn the byte offset into line:column for the message.
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < p.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string at = std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(col);
    switch (p.kind) {
      case JsonProblem::Kind::Depth:
        return std::unexpected(Errors{
            {"input.json-depth", at,
             "arrays and objects nest deeper than " + std::to_string(k_json_max_depth) + " levels, the nesting limit",
             "adplan.json nests three levels (the document, servers, a server): remove the "
             "extra brackets"}});
      case JsonProblem::Kind::Overflow:
        return std::unexpected(Errors{
            {"input.range", std::string(source) + ": " + (p.path.empty() ? std::string("(document)") : p.path),
             (p.message.size() <= k_echo_max
                  ? p.message
                  : p.message.substr(0, k_echo_max) + "... (" + std::to_string(p.message.size()) + " characters)") +
                 " at line " + std::to_string(line) + ", column " + std::to_string(col) +
                 " is too large for any number adplan reads",
             number_hint(p.path)}});
      case JsonProblem::Kind::Syntax:
        break;
    }
    return std::unexpected(
        Errors{{"input.json-syntax", at, "malformed JSON: " + p.message, "fix the syntax at that position"}});
  }
  auto d = deployment_from_json(*doc);
  if (!d) {
    for (auto& e : d.error()) e.field = std::string(source) + ": " + e.field;
  }
  return d;
}

Checked<Deployment> deployment_from_json(const json& doc) {
  Checker c;
  if (!doc.is_object()) {
    return std::unexpected(Errors{{"input.type", "(document)", "must be a JSON object", "start from `adplan init`"}});
  }
  c.unknown_keys(doc, "", k_top_keys);

  if (auto it = doc.find("version"); it == doc.end()) {
    c.add("input.missing", "version", "is missing", "add \"version\": 1");
  } else if (!integer_in(*it, Deployment::k_format_version, Deployment::k_format_version)) {
    c.add("input.version", "version", shown(*it) + " is not a format version this adplan reads",
          std::string(k_version_hint));
  }

  std::optional<int> scenario;
  if (auto it = doc.find("scenario"); it == doc.end()) {
    c.add("input.missing", "scenario", "is missing", "add \"scenario\": 1, 2, 3 or 4 (see `adplan scenarios`)");
  } else if (auto n = integer_in(*it, 1, 4); !n) {
    c.add("input.scenario", "scenario", shown(*it) + " is not a scenario", std::string(k_scenario_hint));
  } else {
    scenario = static_cast<int>(*n);
  }

  // The default is the current version, Subscription Edition (2019 left support on 2025-10-14).
  ExchangeVersion exchange = ExchangeVersion::ExSE;
  if (auto text = c.string(doc, "exchange", "exchange", false, "SE")) {
    if (auto v = parse_exchange_version(*text))
      exchange = *v;
    else
      c.add("input.exchange", "exchange", Checker::quoted(*text) + " is not an Exchange version",
            "use 2007, 2010, 2013, 2016, 2019 or SE");
  }

  std::vector<HostName> domains;
  if (auto it = doc.find("domains"); it == doc.end()) {
    c.add("input.missing", "domains", "is missing", "add \"domains\": [\"contoso.com\"] (primary SMTP domain first)");
  } else if (!it->is_array() || it->empty()) {
    c.add(it->is_array() ? "input.missing" : "input.type", "domains", "must be a non-empty list of SMTP domains",
          "[\"contoso.com\"]");
  } else {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string f = "domains[" + std::to_string(i) + "]";
      const auto& v = (*it)[i];
      if (!v.is_string()) {
        c.add("input.type", f, "must be a string", "\"contoso.com\"");
        continue;
      }
      auto h = HostName::parse(v.get<std::string>());
      if (!h) {
        c.add(h.error().code, f, Checker::quoted(v.get<std::string>()) + " is not a domain (" + h.error().message + ")",
              "for example \"contoso.com\"");
        continue;
      }
      if (h->is_wildcard()) {
        c.add("input.host-name", f, "a wildcard is not an SMTP domain", "list each domain");
        continue;
      }
      if (!seen.insert(h->str()).second) {
        c.add("input.duplicate", f, Checker::quoted(h->str()) + " is listed twice", "remove the duplicate");
        continue;
      }
      domains.push_back(*h);
    }
  }

  auto external = c.host(doc, "external_host", "external_host", true, "mail.contoso.com");
  std::optional<HostName> autodiscover;
  if (doc.contains("autodiscover_host")) {
    autodiscover = c.host(doc, "autodiscover_host", "autodiscover_host", true, "autodiscover.contoso.com");
  } else if (!domains.empty()) {
    if (auto h = domains.front().child("autodiscover")) autodiscover = *h;
  }
  std::optional<HostName> internal_domain;
  if (doc.contains("internal_domain") && !doc["internal_domain"].is_null()) {
    internal_domain = c.host(doc, "internal_domain", "internal_domain", false, "contoso.local");
  }

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

  auto public_ip = c.ip(doc, "public_ip", "public_ip", true, "203.0.113.10");
  std::optional<IpAddress> secondary_public;
  if (doc.contains("secondary_public_ip") && !doc["secondary_public_ip"].is_null()) {
    secondary_public = c.ip(doc, "secondary_public_ip", "secondary_public_ip", false, "203.0.113.11");
  }

  CertificateSource ca = CertificateSource::Public;
  if (auto text = c.string(doc, "ca", "ca", false, "public")) {
    if (*text == "public")
      ca = CertificateSource::Public;
    else if (*text == "internal")
      ca = CertificateSource::Internal;
    else
      c.add("input.ca", "ca", Checker::quoted(*text) + " is not a certificate source",
            "use \"public\" (a commercial CA) or \"internal\" (your own CA)");
  }

  std::vector<Service> services = default_services(exchange);
  if (auto it = doc.find("services"); it != doc.end()) {
    services.clear();
    if (!it->is_array()) {
      c.add("input.type", "services", "must be a list",
            "[\"ews\", \"oab\", \"outlook-anywhere\", \"owa\", \"activesync\"]");
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        std::string f = "services[" + std::to_string(i) + "]";
        const auto& v = (*it)[i];
        auto s = v.is_string() ? parse_service(v.get<std::string>()) : std::nullopt;
        if (!s || *s == Service::Autodiscover) {
          c.add("input.service", f, shown(v) + " is not a service adplan plans",
                "use ews, oab, um, outlook-anywhere, owa, ecp, activesync or mapi");
          continue;
        }
        if (std::ranges::find(services, *s) == services.end()) services.push_back(*s);
      }
      std::ranges::sort(services);
    }
  }

  Subject subject;
  if (auto it = doc.find("subject"); it != doc.end()) {
    if (!it->is_object()) {
      c.add("input.type", "subject", "must be an object", "{\"O\": \"Contoso Ltd\", \"C\": \"US\"}");
    } else {
      c.unknown_keys(*it, "subject.", k_subject_keys);
      auto field = [&](const char* key, std::string& out) {
        if (auto v = c.string(*it, std::string("subject.") + key, key, false, "Contoso Ltd")) {
          if (auto ok = parse_subject_value(*v); !ok) {
            c.add(ok.error().code, std::string("subject.") + key, ok.error().message, ok.error().hint);
          } else {
            out = *ok;
          }
        }
      };
      field("O", subject.organization);
      field("OU", subject.unit);
      field("L", subject.locality);
      field("ST", subject.state);
      std::string country;
      field("C", country);
      if (!country.empty() && (country.size() != 2 || !std::isupper(static_cast<unsigned char>(country[0])) ||
                               !std::isupper(static_cast<unsigned char>(country[1])))) {
        c.add("input.country", "subject.C", Checker::quoted(country) + " is not a country code",
              "two capital letters (ISO 3166-1), for example \"US\"");
      } else {
        subject.country = country;
      }
    }
  }

  std::uint32_t ttl = 3600;
  if (auto it = doc.find("dns_ttl"); it != doc.end()) {
    if (auto n = integer_in(*it, k_ttl_min, k_ttl_max); !n) {
      c.add("input.range", "dns_ttl", shown(*it) + " is not a usable TTL", std::string(k_ttl_hint));
    } else {
      ttl = static_cast<std::uint32_t>(*n);
    }
  }

  // RFC 8659 4.2: an issuer domain name is an LDH domain name; no wildcard, no trailing dot.
  std::vector<HostName> caa_issuers;
  if (auto it = doc.find("caa_issuers"); it != doc.end()) {
    if (!it->is_array()) {
      c.add("input.type", "caa_issuers", "must be a list of CA issuer domains", "[\"letsencrypt.org\"]");
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        std::string f = "caa_issuers[" + std::to_string(i) + "]";
        const auto& v = (*it)[i];
        Result<HostName> h = std::unexpected(Error{});
        if (v.is_string()) h = HostName::parse_host(v.get<std::string>());
        if (!h) {
          c.add("input.caa-issuer", f, shown(v) + " is not a CA's issuer domain name (RFC 8659 4.2)",
                "the domain the CA names in its CP/CPS, for example \"letsencrypt.org\"");
          continue;
        }
        if (std::ranges::find(caa_issuers, *h) == caa_issuers.end()) caa_issuers.push_back(*h);
      }
      std::ranges::sort(caa_issuers, {}, &HostName::str);
    }
  }
  auto name_servers = check_name_servers(c, doc);
  std::string organization(k_default_exchange_organization);
  if (doc.contains("exchange_organization")) {
    if (auto v = c.string(doc, "exchange_organization", "exchange_organization", false, "Contoso")) {
      if (exchange_organization_ok(*v))
        organization = *v;
      else
        c.add("input.organization", "exchange_organization",
              Checker::quoted(*v) +
                  " is not an Exchange organisation name (1-64 characters: letters, digits, "
                  "spaces inside, hyphens)",
              "use the name Get-OrganizationConfig shows, for example \"First Organization\"");
    }
  }

  if (!c.errors.empty()) return std::unexpected(c.take());
  return Deployment{*scenario,
                    exchange,
                    std::move(domains),
                    *external,
                    *autodiscover,
                    internal_domain,
                    std::move(servers),
                    *public_ip,
                    secondary_public,
                    ca,
                    std::move(services),
                    subject,
                    ttl,
                    std::move(caa_issuers),
                    std::move(name_servers),
                    std::move(organization)};
}

nlohmann::ordered_json to_json(const Deployment& d) {
  nlohmann::ordered_json j;
  j["version"] = Deployment::k_format_version;
  j["scenario"] = d.scenario;
  j["exchange"] = traits(d.exchange).name;
  auto domains = nlohmann::ordered_json::array();
  for (const auto& h : d.domains) domains.push_back(h.str());
  j["domains"] = domains;
  j["external_host"] = d.external_host.str();
  j["autodiscover_host"] = d.autodiscover_host.str();
  if (d.internal_domain) j["internal_domain"] = d.internal_domain->str();
  auto servers = nlohmann::ordered_json::array();
  for (const auto& s : d.servers) {
    nlohmann::ordered_json o;
    o["name"] = s.name;
    o["netbios"] = s.netbios;
    o["fqdn"] = s.fqdn.str();
    if (!s.site.empty()) o["site"] = s.site;
    if (!s.site_scope.empty()) o["site_scope"] = s.site_scope;
    o["ip"] = s.ip.str();
    if (s.secondary_ip) o["secondary_ip"] = s.secondary_ip->str();
    servers.push_back(o);
  }
  j["servers"] = servers;
  j["public_ip"] = d.public_ip.str();
  if (d.secondary_public_ip) j["secondary_public_ip"] = d.secondary_public_ip->str();
  j["ca"] = d.ca == CertificateSource::Public ? "public" : "internal";
  auto svc = nlohmann::ordered_json::array();
  for (auto s : d.services) svc.push_back(traits(s).key);
  j["services"] = svc;
  nlohmann::ordered_json subj = nlohmann::ordered_json::object();
  if (!d.subject.country.empty()) subj["C"] = d.subject.country;
  if (!d.subject.state.empty()) subj["ST"] = d.subject.state;
  if (!d.subject.locality.empty()) subj["L"] = d.subject.locality;
  if (!d.subject.organization.empty()) subj["O"] = d.subject.organization;
  if (!d.subject.unit.empty()) subj["OU"] = d.subject.unit;
  if (!subj.empty()) j["subject"] = subj;
  j["dns_ttl"] = d.dns_ttl;
  if (!d.caa_issuers.empty()) {
    auto caa = nlohmann::ordered_json::array();
    for (const auto& h : d.caa_issuers) caa.push_back(h.str());
    j["caa_issuers"] = caa;
  }
  if (!d.name_servers.empty()) {
    auto ns = nlohmann::ordered_json::array();
    for (const auto& n : d.name_servers) {
      nlohmann::ordered_json o;
      o["name"] = n.name.str();
      if (n.ip) o["ip"] = n.ip->str();
      ns.push_back(o);
    }
    j["name_servers"] = ns;
  }
  if (d.exchange_organization != k_default_exchange_organization) j["exchange_organization"] = d.exchange_organization;
  return j;
}

std::string to_json_text(const Deployment& d) {
  return to_json(d).dump(2) + "\n";
}

}  // namespace adplan
