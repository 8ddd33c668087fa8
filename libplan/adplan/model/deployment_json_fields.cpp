// adplan.json: the lists and objects of the document — domains, services, subject, caa_issuers —
// and exchange_organization.
#include <adplan/model/deployment_builder.hpp>
#include <adplan/model/deployment_json_checker.hpp>

#include <cctype>
#include <set>

namespace adplan::deployment_json {
namespace {

using nlohmann::json;

constexpr std::array k_subject_keys{"O", "OU", "L", "ST", "C"};

// Exchange setup /OrganizationName: up to 64 characters, A-Z a-z 0-9, hyphen and space, no
// leading or trailing space. Nothing in it needs escaping in a DN (RFC 4514 2.4).
bool exchange_organization_ok(std::string_view s) {
  return !s.empty() && s.size() <= 64 && s.front() != ' ' && s.back() != ' ' && std::ranges::all_of(s, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ' ';
  });
}

}  // namespace

std::vector<HostName> check_domains(Checker& c, const json& doc) {
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
  return domains;
}

std::vector<Service> check_services(Checker& c, const json& doc, ExchangeVersion exchange) {
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
  return services;
}

Subject check_subject(Checker& c, const json& doc) {
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
  return subject;
}

// RFC 8659 4.2: an issuer domain name is an LDH domain name; no wildcard, no trailing dot.
std::vector<HostName> check_caa_issuers(Checker& c, const json& doc) {
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
  return caa_issuers;
}

std::string check_exchange_organization(Checker& c, const json& doc) {
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
  return organization;
}

}  // namespace adplan::deployment_json
