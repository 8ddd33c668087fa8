#pragma once
// The Outlook 2016+ Autodiscover policy a plan calls for (issue 11): the per-user policy values
// under HKCU\Software\Policies\Microsoft\Office\16.0\Outlook\AutoDiscover that switch off the
// discovery methods the plan does not serve (Microsoft KB 3211279, "Outlook 2016 implementation
// of Autodiscover"), and the RedirectServers entries that spare users the redirect prompt
// (KB 2480582). Only what the plan needs, each value with its reason. render writes it as a
// .reg file and as PowerShell; verify names the value in its remedies (exclude_policy_value: the one table).
#include <adplan/planner/plan.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// Registry paths as regedit writes them (HKEY_CURRENT_USER spelled out).
inline constexpr std::string_view k_outlook_policy_key =
    "HKEY_CURRENT_USER\\Software\\Policies\\Microsoft\\Office\\16.0\\Outlook\\AutoDiscover";
// KB 2480582: one REG_SZ value per server, named after the host, with empty data.
inline constexpr std::string_view k_redirect_servers_key =
    "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\AutoDiscover\\RedirectServers";

struct PolicyValue {
  std::string name;    // "ExcludeHttpsRootDomain"
  std::uint32_t data;  // REG_DWORD; 1 switches the method off
  std::string reason;  // one line
};

struct RedirectServer {
  std::string host;  // the value's name; its data is the empty string
  std::string reason;
};

struct OutlookPolicy {
  std::vector<PolicyValue> values;               // under k_outlook_policy_key, in KB 3211279's order
  std::vector<RedirectServer> redirect_servers;  // under k_redirect_servers_key, sorted by host
};

OutlookPolicy outlook_policy(const Plan& p);

// The Exclude* policy value that switches a discovery method off, by the method names verify
// and the plan use: "o365" -> ExcludeExplicitO365Endpoint, "scp" -> ExcludeScpLookup,
// "root-https" -> ExcludeHttpsRootDomain, "autodiscover-https" -> ExcludeHttpsAutoDiscoverDomain,
// "http-redirect" -> ExcludeHttpRedirect, "srv" -> ExcludeSrvRecord, "last-known-good" ->
// ExcludeLastKnownGoodURL. nullopt for any other name.
std::optional<std::string_view> exclude_policy_value(std::string_view method);

}  // namespace adplan
