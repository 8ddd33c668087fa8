#include <adplan/planner/internal/names.hpp>

#include <adplan/model/registrable_domain.hpp>

#include <algorithm>
#include <unordered_set>

namespace adplan {

bool internal_namespace_differs(const Deployment& d) {
  return d.internal_domain && *d.internal_domain != d.primary_domain();
}

std::vector<HostName> autodiscover_hosts(const Deployment& d) {
  // Hosters list thousands of domains: deduplicate through a hash set, not a linear search.
  std::vector<HostName> out{d.autodiscover_host};
  std::unordered_set<std::string> seen{d.autodiscover_host.str()};
  for (const auto& domain : d.domains) {
    auto h = domain.child("autodiscover");
    if (h && seen.insert(h->str()).second) out.push_back(*h);
  }
  return out;
}

ZoneIndex::ZoneIndex(const Deployment& d) {
  for (const auto& domain : d.domains) m_zones.insert(domain.str());
  if (d.internal_domain) m_zones.insert(d.internal_domain->str());
}

std::string ZoneIndex::zone_of(const HostName& name) const {
  // The longest enclosing zone is the first suffix, walking up from the name itself.
  std::string_view suffix = name.str();
  while (!suffix.empty()) {
    if (m_zones.contains(std::string(suffix))) return std::string(suffix);
    auto dot = suffix.find('.');
    if (dot == std::string_view::npos) break;
    suffix.remove_prefix(dot + 1);
  }
  // Outside the plan's domains: the registrable domain by the Public Suffix List, never a
  // public suffix ("co.uk" for contoso-mail.co.uk, "com" for contosomail.com: issue 21). A name
  // that is itself a public suffix has no zone; lint reports it (plan.zone-public-suffix).
  if (auto registrable = registrable_domain(name.str())) return *registrable;
  return name.str();
}

bool name_covers(const HostName& cert_name, const HostName& host) {
  if (cert_name == host) return true;
  if (!cert_name.is_wildcard()) return false;
  // "*.contoso.com" covers exactly one label in place of the star.
  auto base = std::string_view(cert_name.str()).substr(2);
  return host.parent() == base;
}

}  // namespace adplan
