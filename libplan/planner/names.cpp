#include <adplan/planner/names.hpp>

#include <algorithm>

namespace adplan {

bool internal_namespace_differs(const Deployment& d) {
  return d.internal_domain && *d.internal_domain != d.primary_domain();
}

std::vector<HostName> autodiscover_hosts(const Deployment& d) {
  std::vector<HostName> out{d.autodiscover_host};
  for (const auto& domain : d.domains) {
    auto h = domain.child("autodiscover");
    if (h && std::ranges::find(out, *h) == out.end()) out.push_back(*h);
  }
  return out;
}

std::string zone_of(const Deployment& d, const HostName& name) {
  const HostName* best = nullptr;
  auto consider = [&](const HostName& zone) {
    if (name.is_within(zone) && (!best || zone.str().size() > best->str().size())) best = &zone;
  };
  for (const auto& domain : d.domains) consider(domain);
  if (d.internal_domain) consider(*d.internal_domain);
  if (best) return best->str();
  auto parent = name.parent();
  return parent.empty() ? name.str() : std::string(parent);
}

bool name_covers(const HostName& cert_name, const HostName& host) {
  if (cert_name == host) return true;
  if (!cert_name.is_wildcard()) return false;
  // "*.contoso.com" covers exactly one label in place of the star.
  auto base = std::string_view(cert_name.str()).substr(2);
  return host.parent() == base;
}

}  // namespace adplan
