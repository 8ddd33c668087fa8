#include <adplan/planner/plan_json.hpp>

namespace adplan {
namespace {

using oj = nlohmann::ordered_json;

oj records(const std::vector<DnsRecord>& rs) {
  oj out = oj::array();
  for (const auto& r : rs) {
    out.push_back({{"zone", r.zone},
                   {"name", r.name},
                   {"type", r.type},
                   {"value", r.value},
                   {"ttl", r.ttl},
                   {"comment", r.comment}});
  }
  return out;
}

oj names(const std::vector<HostName>& hs) {
  oj out = oj::array();
  for (const auto& h : hs) out.push_back(h.str());
  return out;
}

}  // namespace

oj to_json(const Requirements& r) {
  return {{"primary_ip", r.primary_ip},
          {"secondary_ip", r.secondary_ip},
          {"primary_public_ip", r.primary_public_ip},
          {"secondary_public_ip", r.secondary_public_ip},
          {"certificate_count", r.certificate_count},
          {"scp_change", r.scp_change},
          {"web_services_url_change", r.web_services_url_change}};
}

oj to_json(const ClientAnswers& a) {
  oj j;
  if (a.mapi_http) {
    j["mapi_http"] = {
        {"mailstore", {{"internal", a.mapi_http->mailstore_internal}, {"external", a.mapi_http->mailstore_external}}},
        {"addressbook",
         {{"internal", a.mapi_http->addressbook_internal}, {"external", a.mapi_http->addressbook_external}}}};
  } else {
    j["mapi_http"] = nullptr;
  }
  j["mobilesync_url"] = a.mobilesync_url ? oj(*a.mobilesync_url) : oj(nullptr);
  oj v2 = oj::array();
  for (const auto& e : a.autodiscover_v2) v2.push_back({{"protocol", e.protocol}, {"url", e.url}});
  j["autodiscover_v2"] = v2;
  return j;
}

oj to_json(const OutlookPolicy& o) {
  oj values = oj::array();
  for (const auto& v : o.values) {
    values.push_back({{"name", v.name}, {"type", "REG_DWORD"}, {"data", v.data}, {"reason", v.reason}});
  }
  oj servers = oj::array();
  for (const auto& s : o.redirect_servers) servers.push_back({{"host", s.host}, {"reason", s.reason}});
  return {{"key", k_outlook_policy_key},
          {"values", values},
          {"redirect_servers_key", k_redirect_servers_key},
          {"redirect_servers", servers}};
}

oj to_json(const Plan& p) {
  oj j;
  j["format"] = "adplan-plan/1";
  j["scenario"] = p.scenario;
  j["scenario_key"] = p.scenario_key;
  j["scenario_title"] = p.scenario_title;
  j["exchange"] = traits(p.exchange).name;
  j["ca"] = p.ca == CertificateSource::Public ? "public" : "internal";
  j["domains"] = names(p.domains);
  j["internal_domain"] = p.internal_domain ? oj(p.internal_domain->str()) : oj(nullptr);
  oj servers = oj::array();
  for (const auto& s : p.servers) {
    servers.push_back({{"name", s.name},
                       {"netbios", s.netbios},
                       {"fqdn", s.fqdn.str()},
                       {"site", s.site},
                       {"ip", s.ip.str()},
                       {"secondary_ip", s.secondary_ip ? oj(s.secondary_ip->str()) : oj(nullptr)}});
  }
  j["servers"] = servers;
  j["external_host"] = p.external_host.str();
  j["autodiscover_host"] = p.autodiscover_host.str();
  j["autodiscover_url"] = p.autodiscover_url;
  j["external_discovery"] = p.external_discovery;
  j["requirements"] = to_json(p.requirements);
  oj certs = oj::array();
  for (const auto& c : p.certificates) {
    certs.push_back({{"key", c.key},
                     {"common_name", c.common_name.str()},
                     {"sans", names(c.sans)},
                     {"site", c.site},
                     {"bindings", c.bindings},
                     {"internal_names", c.internal_names}});
    if (c.mta_sts_policy) certs.back()["mta_sts_policy"] = true;
  }
  j["certificates"] = certs;
  oj sites = oj::array();
  for (const auto& s : p.sites) {
    oj bindings = oj::array();
    for (const auto& b : s.bindings) bindings.push_back({{"server", b.server}, {"ip", b.ip.str()}, {"port", b.port}});
    oj site{{"key", s.key},
            {"name", s.name},
            {"tls", s.tls},
            {"port", s.port},
            {"public_ip", s.public_ip.str()},
            {"bindings", bindings},
            {"hosts", names(s.hosts)}};
    site["certificate"] = s.certificate ? oj(*s.certificate) : oj(nullptr);
    site["redirect_to"] = s.redirect_to ? oj(*s.redirect_to) : oj(nullptr);
    sites.push_back(site);
  }
  j["sites"] = sites;
  oj zones = oj::array();
  for (const auto& z : p.zones)
    zones.push_back({{"view", z.view}, {"zone", z.name}, {"create", z.create}, {"note", z.note}});
  j["dns"] = {{"external", records(p.dns_external)}, {"internal", records(p.dns_internal)}, {"zones", zones}};
  oj scp = oj::array();
  for (const auto& e : p.scp) {
    scp.push_back({{"server", e.server},
                   {"site", e.site},
                   {"site_scope", e.site_scope},
                   {"url", e.url},
                   {"changed", e.changed},
                   {"cmdlet", e.cmdlet}});
  }
  j["scp"] = scp;
  oj order = oj::array();
  for (const auto& o : p.scp_order) order.push_back({{"site", o.site}, {"urls", o.urls}});
  j["scp_order"] = order;
  oj urls = oj::array();
  for (const auto& u : p.urls) {
    urls.push_back({{"service", traits(u.service).key},
                    {"server", u.server},
                    {"internal", u.internal},
                    {"external", u.external},
                    {"internal_changed", u.internal_changed},
                    {"cmdlet", u.cmdlet}});
  }
  j["urls"] = urls;
  // Mail doors (issue 23): present only when the plan has them, so plans without stay as they were.
  if (!p.doors.empty()) {
    oj doors = oj::array();
    for (const auto& d : p.doors) {
      doors.push_back({{"door", door_key(d.kind)},
                       {"host", d.host.str()},
                       {"port", d.port},
                       {"tls", door_tls_key(d.tls)},
                       {"certificate", d.certificate.empty() ? oj(nullptr) : oj(d.certificate)}});
    }
    j["doors"] = doors;
    j["mx"] = names(p.mx);
  }
  if (!p.mta_sts.empty()) {
    oj sts = oj::array();
    for (const auto& m : p.mta_sts) {
      sts.push_back({{"domain", m.domain.str()},
                     {"mode", mta_sts_mode_key(m.mode)},
                     {"mx", names(m.mx)},
                     {"max_age", m.max_age},
                     {"id", m.id},
                     {"policy_host", m.policy_host.str()},
                     {"policy_url", m.policy_url},
                     {"policy", m.policy},
                     {"certificate", m.certificate},
                     {"sts_record", m.sts_record},
                     {"tls_rpt_record", m.tls_rpt_record}});
    }
    j["mta_sts"] = sts;
  }
  // Issue 24: present only when the plan has a load balancer.
  if (!p.pools.empty()) {
    oj pools = oj::array();
    for (const auto& pool : p.pools) {
      oj addresses = oj::array();
      for (const auto& a : pool.addresses) addresses.push_back(a.str());
      oj members = oj::array();
      for (const auto& m : pool.members) members.push_back({{"server", m.server}, {"ip", m.ip.str()}});
      pools.push_back({{"namespace", pool.name_space.str()},
                       {"addresses", addresses},
                       {"tls", lb_tls_key(pool.tls)},
                       {"members", members},
                       {"certificate", pool.certificate.empty() ? oj(nullptr) : oj(pool.certificate)}});
    }
    j["pools"] = pools;
    j["extended_protection"] = p.extended_protection;
  }
  if (p.hybrid) j["hybrid"] = true;
  if (p.dane) {
    oj tlsa = oj::array();
    for (const auto& t : p.dane->tlsa) tlsa.push_back(t.str());
    oj owners = oj::array();
    for (const auto& h : p.dane->hosts) owners.push_back(tlsa_owner(h.str()));
    j["dane"] = {{"tlsa", tlsa},
                 {"rollover", dane_rollover_key(p.dane->rollover)},
                 {"owners", owners},
                 {"certificate", p.dane->certificate.empty() ? oj(nullptr) : oj(p.dane->certificate)},
                 {"ttl", p.dane->ttl}};
  }
  j["answers"] = to_json(client_answers(p));
  j["outlook_policy"] = to_json(outlook_policy(p));
  oj steps = oj::array();
  for (const auto& s : p.steps) {
    steps.push_back({{"id", s.id}, {"title", s.title}, {"detail", s.detail}, {"commands", s.commands}});
  }
  j["steps"] = steps;
  oj findings = oj::array();
  for (const auto& f : p.findings) findings.push_back(to_json(f));
  j["findings"] = findings;
  return j;
}

}  // namespace adplan
