#include <adplan/planner/diff_json.hpp>

#include <adplan/planner/plan_json.hpp>

namespace adplan {
namespace {

using oj = nlohmann::ordered_json;

oj text_or_null(const std::string& s) {
  return s.empty() ? oj(nullptr) : oj(s);
}

oj strings(const std::vector<std::string>& v) {
  oj out = oj::array();
  for (const auto& s : v) out.push_back(s);
  return out;
}

oj values(const std::vector<ValueDiff>& v) {
  oj out = oj::array();
  for (const auto& x : v) {
    out.push_back({{"field", x.field}, {"before", text_or_null(x.before)}, {"after", text_or_null(x.after)}});
  }
  return out;
}

oj records(const std::vector<DnsRecord>& rs) {
  oj out = oj::array();
  for (const auto& r : rs) out.push_back({{"value", r.value}, {"ttl", r.ttl}, {"comment", r.comment}});
  return out;
}

oj bindings(const std::vector<SiteBinding>& bs) {
  oj out = oj::array();
  for (const auto& b : bs) out.push_back({{"server", b.server}, {"ip", b.ip.str()}, {"port", b.port}});
  return out;
}

oj sans(const std::optional<PlannedCertificate>& c) {
  if (!c) return nullptr;
  oj out = oj::array();
  for (const auto& n : c->sans) out.push_back(n.str());
  return out;
}

}  // namespace

oj to_json(const Diff& d) {
  oj j;
  j["format"] = "adplan-diff/1";
  j["equal"] = d.empty();
  j["scenario"] = {{"before", d.scenario_before},
                   {"after", d.scenario_after},
                   {"title_before", d.title_before},
                   {"title_after", d.title_after}};
  j["requirements"] = {{"before", to_json(d.requirements_before)}, {"after", to_json(d.requirements_after)}};
  j["values"] = values(d.values);
  oj certs = oj::array();
  for (const auto& c : d.certificates) {
    certs.push_back({{"change", to_string(c.kind)},
                     {"key", c.key},
                     {"common_name_before", c.before ? oj(c.before->common_name.str()) : oj(nullptr)},
                     {"common_name_after", c.after ? oj(c.after->common_name.str()) : oj(nullptr)},
                     {"reissue", c.reissue},
                     {"sans_before", sans(c.before)},
                     {"sans_after", sans(c.after)},
                     {"names_added", strings(c.names_added)},
                     {"names_removed", strings(c.names_removed)},
                     {"bindings_added", strings(c.bindings_added)},
                     {"bindings_removed", strings(c.bindings_removed)}});
  }
  j["certificates"] = certs;
  oj zones = oj::array();
  for (const auto& z : d.zones) {
    zones.push_back(
        {{"change", to_string(z.kind)}, {"view", z.view}, {"zone", z.zone}, {"create", z.create}, {"note", z.note}});
  }
  j["zones"] = zones;
  oj dns = oj::array();
  for (const auto& r : d.dns) {
    dns.push_back({{"change", to_string(r.kind)},
                   {"view", r.view},
                   {"zone", r.zone},
                   {"name", r.name},
                   {"type", r.type},
                   {"add", records(r.added)},
                   {"remove", records(r.removed)}});
  }
  j["dns"] = dns;
  oj scp = oj::array();
  for (const auto& e : d.scp) {
    scp.push_back({{"change", to_string(e.kind)},
                   {"server", e.server},
                   {"url_before", e.before ? oj(e.before->url) : oj(nullptr)},
                   {"url_after", e.after ? oj(e.after->url) : oj(nullptr)},
                   {"site_scope_before", e.before ? strings(e.before->site_scope) : oj(nullptr)},
                   {"site_scope_after", e.after ? strings(e.after->site_scope) : oj(nullptr)},
                   {"command", text_or_null(e.command)}});
  }
  j["scp"] = scp;
  oj urls = oj::array();
  for (const auto& u : d.urls) {
    urls.push_back({{"change", to_string(u.kind)},
                    {"server", u.server},
                    {"service", traits(u.service).key},
                    {"internal_before", u.before ? oj(u.before->internal) : oj(nullptr)},
                    {"internal_after", u.after ? oj(u.after->internal) : oj(nullptr)},
                    {"external_before", u.before ? oj(u.before->external) : oj(nullptr)},
                    {"external_after", u.after ? oj(u.after->external) : oj(nullptr)},
                    {"command", text_or_null(u.command)}});
  }
  j["urls"] = urls;
  oj sites = oj::array();
  for (const auto& s : d.sites) {
    sites.push_back({{"change", to_string(s.kind)},
                     {"key", s.key},
                     {"name", s.name},
                     {"bindings_added", bindings(s.bindings_added)},
                     {"bindings_removed", bindings(s.bindings_removed)},
                     {"values", values(s.values)}});
  }
  j["sites"] = sites;
  oj addresses = oj::array();
  for (const auto& a : d.addresses) {
    addresses.push_back({{"change", to_string(a.kind)},
                         {"owner", a.owner},
                         {"role", a.role},
                         {"before", text_or_null(a.before)},
                         {"after", text_or_null(a.after)}});
  }
  j["addresses"] = addresses;
  j["ttl_wait"] = d.ttl_wait;
  oj steps = oj::array();
  for (const auto& s : d.steps) {
    steps.push_back({{"id", s.id},
                     {"title", s.title},
                     {"detail", s.detail},
                     {"commands", strings(s.commands)},
                     {"check", s.check}});
  }
  j["steps"] = steps;
  return j;
}

}  // namespace adplan
