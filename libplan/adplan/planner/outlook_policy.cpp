#include <adplan/planner/outlook_policy.hpp>

#include <algorithm>
#include <array>
#include <set>

namespace adplan {
namespace {

struct ExcludeMethod {
  std::string_view method;
  std::string_view value;
};

// KB 3211279's policy values, in the order Outlook 2016+ tries the methods.
constexpr std::array<ExcludeMethod, 7> k_methods{{
    {"last-known-good", "ExcludeLastKnownGoodURL"},
    {"o365", "ExcludeExplicitO365Endpoint"},
    {"scp", "ExcludeScpLookup"},
    {"root-https", "ExcludeHttpsRootDomain"},
    {"autodiscover-https", "ExcludeHttpsAutoDiscoverDomain"},
    {"http-redirect", "ExcludeHttpRedirect"},
    {"srv", "ExcludeSrvRecord"},
}};

std::string some_domains(const Plan& p) {
  std::string out = p.domains.front().str();
  if (p.domains.size() == 2) out += " and " + p.domains[1].str();
  if (p.domains.size() > 2) out += " and " + std::to_string(p.domains.size() - 1) + " more domains";
  return out;
}

// Does an https site of the plan answer for an SMTP domain itself (https://<domain>)?
bool serves_root_domain(const Plan& p) {
  return std::ranges::any_of(p.sites, [&](const PlannedSite& s) {
    return s.tls && std::ranges::any_of(
                        s.hosts, [&](const HostName& h) { return std::ranges::find(p.domains, h) != p.domains.end(); });
  });
}

// "https://mail.contoso.com/autodiscover/autodiscover.xml" -> "mail.contoso.com"
std::string url_host(const std::string& url) {
  auto rest = std::string_view(url);
  if (auto at = rest.find("://"); at != std::string_view::npos) rest.remove_prefix(at + 3);
  return std::string(rest.substr(0, rest.find_first_of("/:")));
}

}  // namespace

OutlookPolicy outlook_policy(const Plan& p) {
  OutlookPolicy out;
  // Every plan is an on-premises organisation: Outlook 2016+ asks Exchange Online first
  // (KB 3211279), and an address Exchange Online knows would be set up there instead.
  out.values.push_back({"ExcludeExplicitO365Endpoint", 1,
                        "the mailboxes are on premises: Outlook 2016 and later must not ask Exchange Online first "
                        "(KB 3211279), or an address Exchange Online knows is set up against Exchange Online"});
  if (!serves_root_domain(p)) {
    // Outlook tries https://<domain>/autodiscover/autodiscover.xml before autodiscover.<domain>; a web
    // site there with a certificate that does not cover the domain makes Outlook warn, not move on.
    out.values.push_back({"ExcludeHttpsRootDomain", 1,
                          "the plan serves no Autodiscover at https://" + some_domains(p) +
                              ": Outlook skips https://<domain>/autodiscover/autodiscover.xml, where a web site's "
                              "certificate would raise a warning instead of letting it move on"});
  }
  std::set<std::string> hosts;
  for (const auto& s : p.sites) {
    if (!s.redirect_to) continue;
    std::string host = url_host(*s.redirect_to);
    if (!hosts.insert(host).second) continue;
    out.redirect_servers.push_back({host, "the " + s.name + " redirects Autodiscover to " + *s.redirect_to +
                                              ": listing " + host +
                                              " stops Outlook asking each user to allow the redirect (KB 2480582)"});
  }
  std::ranges::sort(out.redirect_servers, {}, &RedirectServer::host);
  return out;
}

std::optional<std::string_view> exclude_policy_value(std::string_view method) {
  auto it = std::ranges::find(k_methods, method, &ExcludeMethod::method);
  if (it == k_methods.end()) return std::nullopt;
  return it->value;
}

}  // namespace adplan
