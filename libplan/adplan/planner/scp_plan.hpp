#pragma once
// The SCP objects a plan implies (what Exchange setup plus Set-ClientAccessServer leave in
// Active Directory), as data, as LDIF, and as the order a client in each site tries them.
#include <adplan/scp/scp.hpp>

#include <string>
#include <vector>

namespace adplan {

struct Plan;
struct ScpSiteOrder;

// "CN=Configuration,DC=contoso,DC=local" for the AD namespace.
std::string configuration_dn(const Plan& p);

// One SCP per Client Access server: keywords = the URL GUID and Site=<each scoped site>.
std::vector<ScpObject> planned_scp_objects(const Plan& p);

// LDIF of those objects and their parent containers, loadable into the lab directory
// (tests/e2e/slapd: an Active Directory-like schema) and readable as a reference.
std::string scp_ldif(const Plan& p);

// For each AD site of the plan (and "*", a site without its own SCP), the SCP URLs a client
// there tries, in order. Reads the plan's servers and scp entries only.
std::vector<ScpSiteOrder> scp_site_orders(const Plan& p);

}  // namespace adplan
