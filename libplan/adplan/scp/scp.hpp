#pragma once
// Autodiscover service connection points (SCPs) as Outlook reads them from Active Directory,
// and the order a domain-joined client tries their URLs in. Pure: directory answers in,
// decisions out (MS-OXDISCO 3.1.5.1; Microsoft's "Find Autodiscover endpoints by using SCP
// lookup in Exchange": site-scoped first, then unscoped, then other sites).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// keywords GUIDs Exchange stamps on its SCP objects.
inline constexpr std::string_view k_scp_url_keyword = "77378F46-2C66-4aa9-A6A6-3E7A48B19596";
inline constexpr std::string_view k_scp_pointer_keyword = "67661d7F-8FC4-4fa7-BFAC-E1D7794C1F68";
// The LDAP filter Outlook uses.
inline constexpr std::string_view k_scp_filter =
    "(&(objectClass=serviceConnectionPoint)(|(keywords=67661d7F-8FC4-4fa7-BFAC-E1D7794C1F68)"
    "(keywords=77378F46-2C66-4aa9-A6A6-3E7A48B19596)))";

// One directory entry as read.
struct ScpObject {
  std::string dn;
  std::vector<std::string> keywords;
  std::vector<std::string> bindings;  // serviceBindingInformation values
  std::string when_created;           // generalized time, "20240101120000.0Z"; may be empty
};

struct RankedUrl {
  std::string url;  // lower-cased, as Outlook compares them
  std::string dn;
  int priority;  // 1 client's site, 2 no site, 3 other site
  std::vector<std::string> sites;
};

// What to do with one directory's answer.
struct ScpDecision {
  std::optional<std::string> follow;    // a pointer scoped to the user's domain: restart there
  std::optional<std::string> fallback;  // an unscoped pointer: ask there if no URL is found here
  std::vector<RankedUrl> urls;          // the ranked SCP URLs of this directory
};

bool is_scp_url(const ScpObject& o);
bool is_scp_pointer(const ScpObject& o);
// Site= values of an SCP's keywords.
std::vector<std::string> scp_sites(const ScpObject& o);

// `email_domain` picks a Domain=<domain> pointer; `client_site` ranks URLs (empty: the client
// knows no site, so every site-scoped URL ranks as another site's).
ScpDecision decide_scps(const std::vector<ScpObject>& objects, std::string_view email_domain,
                        std::string_view client_site);

// "LDAP://dc01.fabrikam.com" (a pointer's serviceBindingInformation) as an ldap:// URI.
std::optional<std::string> pointer_uri(std::string_view binding);

}  // namespace adplan
