#pragma once
// The SCP objects a plan implies (what Exchange setup plus Set-ClientAccessServer leave in
// Active Directory), as data, as LDIF, and as the order a client in each site tries them.
#include <adplan/directory/scp.hpp>
#include <adplan/model/deployment.hpp>

#include <string>
#include <vector>

namespace adplan {

struct ScpEntry;

// "CN=Configuration,DC=contoso,DC=local" for the AD namespace.
std::string configuration_dn(const Deployment& d);
// The Exchange organisation name adplan assumes: setup's default.
inline constexpr std::string_view k_exchange_org = "First Organization";

// One SCP per Client Access server: keywords = the URL GUID and Site=<each scoped site>.
std::vector<ScpObject> planned_scp_objects(const Deployment& d, const std::vector<ScpEntry>& scp);

// LDIF of those objects and their parent containers, loadable into the lab directory
// (tests/e2e/slapd: an Active Directory-like schema) and readable as a reference.
std::string scp_ldif(const Deployment& d, const std::vector<ScpEntry>& scp);

struct SiteOrder {
  std::string site;                 // an AD site; "*" for a site without its own SCP
  std::vector<std::string> urls;    // in the order a client there tries them
};
std::vector<SiteOrder> scp_site_orders(const Deployment& d, const std::vector<ScpEntry>& scp);

}  // namespace adplan
