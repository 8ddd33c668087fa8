#pragma once
// Issue 11: Outlook 2016, 2019, 2021, 2024 and Microsoft 365 Apps (KB 3211279 "Outlook 2016
// implementation of Autodiscover"). As far as a verifier can observe it, the order is: Exchange
// Online first (an anonymous Autodiscover v2 request), the SCP (domain-joined), https://<domain>,
// https://autodiscover.<domain>, the http redirect, SRV, Exchange Online again as the last resort;
// the first that succeeds wins. (The restart cache, PreferLocalXML, the last known good URL and
// local XML are the client's own state, which verify cannot see.) Each method can be switched off
// by a policy value under HKCU\Software\Policies\Microsoft\Office\16.0\Outlook\AutoDiscover.
#include <adplan/model/error.hpp>
#include <adplan/verify/result.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::verify {

// The policy value that switches a method off for Outlook 2016+ ("" for Method::None):
// ExcludeExplicitO365Endpoint, ExcludeScpLookup, ExcludeHttpsRootDomain,
// ExcludeHttpsAutoDiscoverDomain, ExcludeHttpRedirect, ExcludeSrvRecord -- the planner's table
// (planner/outlook_policy.hpp, exclude_policy_value), which outlook-policy.reg is written from.
std::string_view policy_value(Method m);

// --exclude's names: o365, scp, root-https, autodiscover-https, http-redirect, srv.
std::optional<Method> excludable_method(std::string_view name);
std::span<const Method> excludable_methods();

// verify's flags for today's Outlook, checked (issue 11): --exclude METHOD,... (the outlook-2016
// client's Exclude* policy values, simulated), --redirect-servers HOST,... (lower case: the hosts
// already listed under RedirectServers) and --o365-endpoint URL|none ("" for none: not asked).
// Every problem at once, each naming its flag.
struct OutlookSimulation {
  std::vector<Method> excluded;
  std::vector<std::string> redirect_servers;
  std::string o365_endpoint;
};
Checked<OutlookSimulation> check_outlook_flags(const std::vector<std::string>& exclude,
                                               const std::vector<std::string>& redirect_servers,
                                               const std::string& o365_endpoint);

// "ExcludeHttpsRootDomain=1 (HKCU\...\AutoDiscover)": what a remedy names.
std::string policy_sentence(Method m);

// "HKEY_CURRENT_USER\..." as "HKCU\..." (the planner's registry keys, in a message).
std::string short_key(std::string_view key);

}  // namespace adplan::verify
