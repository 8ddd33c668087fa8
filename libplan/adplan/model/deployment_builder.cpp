#include <adplan/model/deployment_builder.hpp>

#include <adplan/model/deployment_json.hpp>
#include <adplan/model/echo.hpp>

#include <algorithm>

namespace adplan {

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  for (;;) {
    auto end = text.find(separator, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

Result<ServerSpec> parse_server_spec(std::string_view text) {
  auto parts = split_list(text, ',');
  if (parts.size() < 3 || parts.size() > 5) {
    return std::unexpected(Error{"input.server-spec", "",
                                 quote_value(text) + " is not NAME,FQDN,IP[,SITE[,SECONDARY_IP]]",
                                 "for example CAS01,cas01.contoso.com,192.0.2.10,Default-First-Site-Name"});
  }
  ServerSpec s{parts[0], parts[1], parts[2], std::nullopt, std::nullopt};
  if (parts.size() > 3 && !parts[3].empty()) s.site = parts[3];
  if (parts.size() > 4 && !parts[4].empty()) s.secondary_ip = parts[4];
  return s;
}

Result<std::string> parse_country_code(std::string_view text) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (text.size() != 2 || !upper(text[0]) || !upper(text[1])) {
    return std::unexpected(Error{"input.country", "", quote_value(text) + " is not a two-letter country code",
                                 "use ISO 3166-1 alpha-2, e.g. US (RFC 5280 appendix A: PrintableString SIZE(2))"});
  }
  return std::string(text);
}

Result<std::string> parse_subject_value(std::string_view text) {
  bool ok = text.size() <= 64 && std::ranges::all_of(text, [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     std::string_view(" .,-&()/").find(c) != std::string_view::npos;
            });
  if (!ok) {
    return std::unexpected(Error{"input.subject", "",
                                 quote_value(text) + (text.size() > 64 ? " is longer than 64 characters"
                                                                       : " has characters a certificate subject here "
                                                                         "may not hold"),
                                 "letters, digits, spaces and . , - & ( ) /, at most 64"});
  }
  return std::string(text);
}

Result<Subject> override_subject(Subject base, const SubjectDraft& given) {
  for (auto [value, field] : {std::pair{&given.organization, &base.organization},
                              {&given.unit, &base.unit},
                              {&given.locality, &base.locality},
                              {&given.state, &base.state},
                              {&given.country, &base.country}}) {
    if (*value) *field = **value;
  }
  for (const auto* value : {&given.organization, &given.unit, &given.locality, &given.state}) {
    if (!*value) continue;
    if (auto v = parse_subject_value(**value); !v) return std::unexpected(v.error());
  }
  if (given.country) {
    auto c = parse_country_code(*given.country);
    if (!c) return std::unexpected(c.error());
  }
  return base;
}

nlohmann::json to_deployment_json(const DeploymentDraft& d) {
  nlohmann::json doc;
  doc["version"] = 1;
  if (d.scenario) doc["scenario"] = *d.scenario;
  doc["exchange"] = d.exchange.value_or("SE");
  doc["domains"] = d.domains;
  for (auto [key, value] : {std::pair{"external_host", &d.external_host},
                            {"autodiscover_host", &d.autodiscover_host},
                            {"internal_domain", &d.internal_domain}}) {
    if (*value) doc[key] = **value;
  }
  doc["servers"] = nlohmann::json::array();
  for (const auto& s : d.servers) {
    nlohmann::json one{{"name", s.name}, {"fqdn", s.fqdn}, {"ip", s.ip}};
    if (s.site) one["site"] = *s.site;
    if (s.secondary_ip) one["secondary_ip"] = *s.secondary_ip;
    doc["servers"].push_back(one);
  }
  for (auto [key, value] :
       {std::pair{"public_ip", &d.public_ip}, {"secondary_public_ip", &d.secondary_public_ip}, {"ca", &d.ca}}) {
    if (*value) doc[key] = **value;
  }
  if (d.services) doc["services"] = *d.services;
  nlohmann::json subject = nlohmann::json::object();
  for (auto [key, value] : {std::pair{"O", &d.subject.organization},
                            {"OU", &d.subject.unit},
                            {"L", &d.subject.locality},
                            {"ST", &d.subject.state},
                            {"C", &d.subject.country}}) {
    if (*value) subject[key] = **value;
  }
  if (!subject.empty()) doc["subject"] = subject;
  if (d.dns_ttl) doc["dns_ttl"] = *d.dns_ttl;
  if (!d.caa_issuers.empty()) doc["caa_issuers"] = d.caa_issuers;
  for (const auto& ns : d.name_servers) {
    // NAME[,IP]: the shape only; the values are checked as adplan.json's name_servers are.
    const auto comma = ns.find(',');
    nlohmann::json o{{"name", ns.substr(0, comma)}};
    if (comma != std::string::npos) o["ip"] = ns.substr(comma + 1);
    doc["name_servers"].push_back(o);
  }
  if (d.exchange_organization) doc["exchange_organization"] = *d.exchange_organization;
  std::vector<std::string> kinds = d.doors;
  if (!d.mx.empty() && std::ranges::find(kinds, "smtp") == kinds.end()) kinds.insert(kinds.begin(), "smtp");
  for (const auto& kind : kinds) {
    // An unknown kind stays in, so validation names it (doors.<kind>) with the closest known one.
    if (kind == "smtp" && !d.mx.empty())
      doc["doors"][kind] = d.mx;
    else if (d.external_host)
      doc["doors"][kind] = nlohmann::json::array({*d.external_host});
    else
      doc["doors"][kind] = nlohmann::json::array();
  }
  if (d.mta_sts) {
    nlohmann::json modes = nlohmann::json::object();
    for (const auto& domain : d.domains) modes[domain] = *d.mta_sts;
    doc["mta_sts"] = {{"domains", modes}};
  }
  if (!d.load_balancers.empty()) {
    // IP[,MODE] each: the shape only; addresses and modes are checked as adplan.json's are. Modes
    // that differ are joined, so validation names the field and the modes it takes.
    nlohmann::json lb{{"namespace", d.external_host.value_or("")}, {"addresses", nlohmann::json::array()}};
    std::vector<std::string> modes;
    for (const auto& spec : d.load_balancers) {
      const auto comma = spec.find(',');
      lb["addresses"].push_back(spec.substr(0, comma));
      const std::string mode = comma == std::string::npos ? "passthrough" : spec.substr(comma + 1);
      if (std::ranges::find(modes, mode) == modes.end()) modes.push_back(mode);
    }
    std::string tls;
    for (const auto& m : modes) tls += (tls.empty() ? "" : ",") + m;
    lb["tls"] = tls;
    doc["load_balancers"] = nlohmann::json::array({lb});
  }
  if (d.extended_protection) {
    if (*d.extended_protection == "on")
      doc["extended_protection"] = true;
    else if (*d.extended_protection == "off")
      doc["extended_protection"] = false;
    else
      doc["extended_protection"] = *d.extended_protection;  // validation names it
  }
  // init --dane [LIST]: "" (the flag alone) is the default 3 1 1; the items are validated as
  // adplan.json's dane.tlsa[i], so a bad one is named there.
  if (d.dane) {
    nlohmann::json dane = nlohmann::json::object();
    if (!d.dane->empty()) dane["tlsa"] = split_list(*d.dane, ',');
    if (d.dane_rollover) dane["rollover"] = *d.dane_rollover;
    doc["dane"] = dane;
  }
  return doc;
}

Checked<Deployment> build_deployment(const DeploymentDraft& draft) {
  return deployment_from_json(to_deployment_json(draft));
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (w.empty()) continue;
    if (!out.empty() && !out.ends_with(',') && !w.starts_with(',')) out += ' ';
    out += w;
  }
  std::string clean;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && ((i + 1 < out.size() && out[i + 1] == ',') || (!clean.empty() && clean.back() == ',')))
      continue;
    clean += out[i];
  }
  return clean;
}

}  // namespace adplan
