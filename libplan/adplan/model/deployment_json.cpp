// adplan.json -> Deployment: the document parsed with limits, then every field checked (the checks by
// topic live in deployment_json_fields.cpp and deployment_json_servers.cpp), every problem reported.
#include <adplan/model/deployment_json.hpp>

#include <adplan/model/bounded_json.hpp>
#include <adplan/model/deployment_builder.hpp>
#include <adplan/model/deployment_json_checker.hpp>

namespace adplan {
namespace {

using nlohmann::json;
using namespace deployment_json;

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
                                "doors",
                                "mta_sts",
                                "load_balancers",
                                "extended_protection",
                                "hybrid",
                                "dane",
                                "$schema"};
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

  auto domains = check_domains(c, doc);
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

  auto servers = check_servers(c, doc, domains, internal_domain);

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

  auto services = check_services(c, doc, exchange);

  auto subject = check_subject(c, doc);

  std::uint32_t ttl = 3600;
  if (auto it = doc.find("dns_ttl"); it != doc.end()) {
    if (auto n = integer_in(*it, k_ttl_min, k_ttl_max); !n) {
      c.add("input.range", "dns_ttl", shown(*it) + " is not a usable TTL", std::string(k_ttl_hint));
    } else {
      ttl = static_cast<std::uint32_t>(*n);
    }
  }

  auto caa_issuers = check_caa_issuers(c, doc);
  auto name_servers = check_name_servers(c, doc);
  auto organization = check_exchange_organization(c, doc);
  auto doors = check_doors(c, doc);
  auto mta_sts = check_mta_sts(c, doc, domains, doors);
  // Issue 24: the namespaces a load balancer may answer: the names clients connect to.
  std::vector<HostName> published;
  if (external) published.push_back(*external);
  if (autodiscover) published.push_back(*autodiscover);
  for (const auto& dom : domains) {
    if (auto h = dom.child("autodiscover")) published.push_back(*h);
  }
  for (const auto& door : doors) published.insert(published.end(), door.hosts.begin(), door.hosts.end());
  auto load_balancers = check_load_balancers(c, doc, published);
  auto extended_protection = check_flag(
      c, doc, "extended_protection", "true or false; absent: on for Exchange 2019 (CU14 and later) and SE, off before");
  auto hybrid = check_flag(c, doc, "hybrid", "true when a hybrid configuration with Exchange Online exists");
  auto dane = check_dane(c, doc, doors);

  if (!c.errors.empty()) return std::unexpected(c.take());
  Deployment d{*scenario,
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
  d.doors = std::move(doors);
  d.mta_sts = std::move(mta_sts.domains);
  d.mta_sts_max_age = mta_sts.max_age;
  d.tls_rpt = std::move(mta_sts.tls_rpt);
  d.load_balancers = std::move(load_balancers);
  d.extended_protection = extended_protection;
  d.hybrid = hybrid.value_or(false);
  d.dane = std::move(dane);
  return d;
}

}  // namespace adplan
