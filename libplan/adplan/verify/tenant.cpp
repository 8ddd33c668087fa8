#include <adplan/verify/tenant.hpp>

#include <adplan/planner/steps.hpp>

#include <algorithm>
#include <set>
#include <utility>

namespace adplan::verify {
namespace {

// `name` with the primary domain's own part renamed: "autodiscover.<primary>" -> "autodiscover.<tenant>".
// Names outside the primary domain (the hoster's external host) stay what they are.
std::string renamed(const std::string& name, std::string_view primary, std::string_view tenant) {
  if (name == primary) return std::string(tenant);
  for (std::string_view prefix : {"autodiscover.", "_autodiscover._tcp."}) {
    if (name.size() == prefix.size() + primary.size() && name.starts_with(prefix) && name.ends_with(primary))
      return std::string(prefix) + std::string(tenant);
  }
  return name;
}

// A zone-file line "<owner>. TTL IN TYPE value": its owner renamed (the value points at shared hosts).
std::string renamed_line(const std::string& line, std::string_view primary, std::string_view tenant) {
  std::string out;
  std::size_t start = 0;
  while (start <= line.size()) {  // "; "-joined lines (several records of one name)
    auto end = line.find("; ", start);
    std::string one = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
    auto dot = one.find(". ");
    if (dot != std::string::npos) one = renamed(one.substr(0, dot), primary, tenant) + one.substr(dot);
    out += (out.empty() ? "" : "; ") + one;
    if (end == std::string::npos) break;
    start = end + 2;
  }
  return out;
}

}  // namespace

Expectations tenant_expectations(const Expectations& primary, std::string_view primary_domain,
                                 std::string_view tenant) {
  Expectations e = primary;
  e.addresses.clear();
  e.records.clear();
  for (const auto& [name, list] : primary.addresses) e.addresses.emplace(renamed(name, primary_domain, tenant), list);
  for (const auto& [name, line] : primary.records)
    e.records.emplace(renamed(name, primary_domain, tenant), renamed_line(line, primary_domain, tenant));
  if (!e.srv_record.empty()) e.srv_record = renamed_line(e.srv_record, primary_domain, tenant);
  std::set<std::string> redirect;
  for (const auto& h : primary.redirect_hosts) redirect.insert(renamed(h, primary_domain, tenant));
  e.redirect_hosts = std::move(redirect);
  return e;
}

TenantJudge::TenantJudge(const Plan& plan, VerifyOptions options)
    : m_plan(plan),
      m_options(std::move(options)),
      m_as_planned(expectations_of(&plan)),
      m_primary(m_as_planned),
      m_primary_domain(plan.domains.front().str()) {
  // A plan with several domains keeps the last SRV line it lists; a tenant takes the primary's.
  for (const auto& r : plan.dns_external) {
    if (r.type == "SRV" && r.name == "_autodiscover._tcp." + m_primary_domain + ".")
      m_primary.srv_record = zone_line(r);
  }
}

VerifyResult TenantJudge::judge(const observe::Observations& obs) const {
  return judge(obs, m_options.clock.now);
}

VerifyResult TenantJudge::judge(const observe::Observations& obs, std::int64_t now) const {
  VerifyOptions options = m_options;
  options.clock.now = now;
  bool in_plan = std::ranges::any_of(m_plan.domains, [&](const HostName& d) { return d.str() == obs.domain; });
  if (in_plan) return verify(obs, &m_plan, m_as_planned, options);
  return verify(obs, &m_plan, tenant_expectations(m_primary, m_primary_domain, obs.domain), options);
}

}  // namespace adplan::verify
