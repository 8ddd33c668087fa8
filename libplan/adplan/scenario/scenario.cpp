#include <adplan/scenario/scenario.hpp>

#include <adplan/model/echo.hpp>

#include <charconv>

#include <adplan/model/embedded.hpp>
#include <adplan/scenario/step.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace adplan {
namespace {

using nlohmann::json;

NameSource name_source(const std::string& s) {
  if (s == "external_host") return NameSource::ExternalHost;
  if (s == "autodiscover_host") return NameSource::AutodiscoverHost;
  if (s == "autodiscover_hosts") return NameSource::AutodiscoverHosts;
  if (s == "server_fqdns") return NameSource::ServerFqdns;
  if (s == "server_netbios_when_internal_namespace") return NameSource::ServerNetbiosWhenInternalNamespace;
  if (s == "door_hosts") return NameSource::DoorHosts;
  throw std::invalid_argument("unknown name source \"" + s + "\"");
}

UrlHost url_host(const std::string& s) {
  if (s == "server_fqdn") return UrlHost::ServerFqdn;
  if (s == "external_host") return UrlHost::ExternalHost;
  throw std::invalid_argument("unknown URL host \"" + s + "\"");
}

Scenario from_json(const json& j) {
  Scenario s;
  s.id = j.at("id").get<int>();
  s.key = j.at("key").get<std::string>();
  s.title = j.at("title").get<std::string>();
  s.summary = j.at("summary").get<std::string>();
  s.paper_section = j.at("paper_section").get<std::string>();
  const auto& r = j.at("requirements");
  s.requirements = {r.at("primary_ip").get<bool>(),
                    r.at("secondary_ip").get<bool>(),
                    r.at("primary_public_ip").get<bool>(),
                    r.at("secondary_public_ip").get<bool>(),
                    r.at("certificate_count").get<int>(),
                    r.at("scp_change").get<bool>(),
                    r.at("web_services_url_change").get<bool>()};
  s.pros = j.at("pros").get<std::vector<std::string>>();
  s.cons = j.at("cons").get<std::vector<std::string>>();
  for (const auto& c : j.at("certificates")) {
    CertificateRule rule{c.at("key").get<std::string>(), name_source(c.at("common_name").get<std::string>()), {}};
    for (const auto& n : c.at("names")) rule.names.push_back(name_source(n.get<std::string>()));
    s.certificates.push_back(std::move(rule));
  }
  for (const auto& w : j.at("sites")) {
    std::string addr = w.at("address").get<std::string>();
    if (addr != "primary" && addr != "secondary") throw std::invalid_argument("unknown address \"" + addr + "\"");
    s.sites.push_back({w.at("key").get<std::string>(), w.at("name").get<std::string>(),
                       addr == "primary" ? AddressKind::Primary : AddressKind::Secondary, w.at("port").get<int>(),
                       w.at("tls").get<bool>(), w.value("certificate", std::string{}), w.contains("redirect_to")});
  }
  const auto& dns = j.at("dns");
  std::string ad = dns.at("autodiscover").get<std::string>();
  s.autodiscover_dns = ad == "none"      ? AutodiscoverDns::None
                       : ad == "primary" ? AutodiscoverDns::Primary
                                         : AutodiscoverDns::Secondary;
  if (ad != "none" && ad != "primary" && ad != "secondary")
    throw std::invalid_argument("unknown dns.autodiscover \"" + ad + "\"");
  s.srv_record = dns.at("srv").get<bool>();
  s.scp_host = url_host(j.at("scp_host").get<std::string>());
  s.internal_url_host = url_host(j.at("internal_url_host").get<std::string>());
  s.external_discovery = j.at("external_discovery").get<std::string>();
  s.steps = j.at("steps").get<std::vector<std::string>>();
  const auto& rec = j.at("recommend");
  s.recommend = {rec.at("preference").get<int>(), rec.at("needs").get<std::vector<std::string>>(),
                 rec.at("scales_to_many_domains").get<bool>(), rec.at("why").get<std::string>()};
  // Internal consistency: every site's certificate exists.
  for (const auto& site : s.sites) {
    if (!site.certificate.empty() &&
        std::ranges::none_of(s.certificates, [&](const auto& c) { return c.key == site.certificate; })) {
      throw std::invalid_argument("site \"" + site.key + "\" names unknown certificate \"" + site.certificate + "\"");
    }
  }
  return s;
}

std::vector<Scenario> load_all() {
  std::vector<Scenario> out;
  for (const auto& f : embedded::scenarios()) {
    auto s = parse_scenario(f.content, f.path);
    if (!s) throw std::logic_error("embedded scenario data is broken: " + s.error().to_string());
    out.push_back(std::move(*s));
  }
  std::ranges::sort(out, {}, &Scenario::id);
  return out;
}

}  // namespace

Result<Scenario> parse_scenario(std::string_view json_text, std::string_view source) {
  Scenario s;
  try {
    s = from_json(json::parse(json_text));
  } catch (const std::exception& e) {
    return std::unexpected(Error{"scenario.invalid", std::string(source), e.what(), "fix the scenario file"});
  }
  // Every step id names a step of the catalogue (scenario/step.hpp): a typo must not drop a
  // step from the plan and the runbook without a word.
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    if (find_step(s.steps[i])) continue;
    std::string known;
    for (const auto& info : step_catalogue()) known += (known.empty() ? "" : ", ") + std::string(info.id);
    return std::unexpected(Error{"scenario.unknown-step", std::string(source) + ": steps[" + std::to_string(i) + "]",
                                 "unknown step id \"" + s.steps[i] + "\"", "use one of: " + known});
  }
  return s;
}

std::span<const Scenario> scenarios() {
  static const std::vector<Scenario> k_all = load_all();
  return k_all;
}

const Scenario* find_scenario(int id) {
  auto all = scenarios();
  auto it = std::ranges::find(all, id, &Scenario::id);
  return it == all.end() ? nullptr : &*it;
}

Result<const Scenario*> choose_scenario(std::string_view text, std::string_view field) {
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  const Scenario* s = ec == std::errc{} && end == text.data() + text.size() ? find_scenario(n) : nullptr;
  if (s) return s;
  const bool number = ec == std::errc{} && end == text.data() + text.size();  // shown as it is, else quoted
  return std::unexpected(Error{"usage.scenario", std::string(field),
                               (number ? std::string(text) : quote_value(text)) + " is not a scenario",
                               "use 1, 2, 3 or 4; see `adplan scenarios`"});
}

}  // namespace adplan
