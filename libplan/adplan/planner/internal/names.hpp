#pragma once
// Name helpers the planner, lint and renderers share.
#include <adplan/model/deployment.hpp>

#include <string>
#include <unordered_set>
#include <vector>

namespace adplan {

// Whether the AD namespace differs from the primary SMTP domain (contoso.local vs contoso.com).
bool internal_namespace_differs(const Deployment& d);
// The Autodiscover host names clients try: the configured one, then autodiscover.<domain>
// for every SMTP domain; unique, in that order.
std::vector<HostName> autodiscover_hosts(const Deployment& d);
// The zone a name belongs to: the longest SMTP or AD domain containing it, else its registrable
// domain (Public Suffix List), never a public suffix.
// Built once per plan: a hoster's thousands of domains make a linear search quadratic.
class ZoneIndex {
 public:
  explicit ZoneIndex(const Deployment& d);
  [[nodiscard]] std::string zone_of(const HostName& name) const;

 private:
  std::unordered_set<std::string> m_zones;
};
// Whether a certificate name (exact or "*.zone" wildcard, leftmost label only) covers host
// (RFC 6125 6.4.3 as the CA/B Forum restricts it).
bool name_covers(const HostName& cert_name, const HostName& host);

}  // namespace adplan
