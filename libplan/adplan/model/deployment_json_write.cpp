// Deployment -> adplan.json: the canonical text (stable key order; defaults left out where the
// reader restores them).
#include <adplan/model/deployment_json.hpp>

#include <nlohmann/json.hpp>

namespace adplan {

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
  // Mail doors: written only when planned, so a plan without them reads and writes as before.
  if (!d.doors.empty()) {
    nlohmann::ordered_json doors = nlohmann::ordered_json::object();
    for (const auto& door : d.doors) {
      auto hosts = nlohmann::ordered_json::array();
      for (const auto& h : door.hosts) hosts.push_back(h.str());
      doors[std::string(door_key(door.kind))] = hosts;
    }
    j["doors"] = doors;
  }
  if (!d.mta_sts.empty()) {
    nlohmann::ordered_json sts = nlohmann::ordered_json::object();
    nlohmann::ordered_json modes = nlohmann::ordered_json::object();
    for (const auto& m : d.mta_sts) modes[m.domain.str()] = std::string(mta_sts_mode_key(m.mode));
    sts["domains"] = modes;
    sts["max_age"] = d.mta_sts_max_age;
    if (d.tls_rpt) sts["tls_rpt"] = d.tls_rpt->str();
    j["mta_sts"] = sts;
  }
  // Issue 24: written only when given, so older plans read and write as before.
  if (!d.load_balancers.empty()) {
    auto lbs = nlohmann::ordered_json::array();
    for (const auto& lb : d.load_balancers) {
      nlohmann::ordered_json o;
      o["namespace"] = lb.name_space.str();
      auto addresses = nlohmann::ordered_json::array();
      for (const auto& a : lb.addresses) addresses.push_back(a.str());
      o["addresses"] = addresses;
      o["tls"] = std::string(lb_tls_key(lb.tls));
      lbs.push_back(o);
    }
    j["load_balancers"] = lbs;
  }
  if (d.extended_protection) j["extended_protection"] = *d.extended_protection;
  if (d.hybrid) j["hybrid"] = true;
  if (d.dane) {
    nlohmann::ordered_json dane = nlohmann::ordered_json::object();
    auto tlsa = nlohmann::ordered_json::array();
    for (const auto& t : d.dane->tlsa) tlsa.push_back(t.str());
    dane["tlsa"] = tlsa;
    dane["rollover"] = std::string(dane_rollover_key(d.dane->rollover));
    j["dane"] = dane;
  }
  return j;
}

std::string to_json_text(const Deployment& d) {
  return to_json(d).dump(2) + "\n";
}

}  // namespace adplan
