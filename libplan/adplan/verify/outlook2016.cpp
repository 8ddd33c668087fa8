#include <adplan/verify/outlook2016.hpp>

#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/planner/outlook_policy.hpp>

#include <array>

namespace adplan::verify {

std::string_view policy_value(Method m) {
  // The one table of method -> policy value is the planner's (outlook-policy.reg is written from it).
  return exclude_policy_value(to_string(m)).value_or("");
}

std::span<const Method> excludable_methods() {
  static constexpr std::array<Method, 6> k_methods{
      Method::O365, Method::Scp, Method::RootHttps, Method::AutodiscoverHttps, Method::HttpRedirect, Method::Srv};
  return k_methods;
}

std::optional<Method> excludable_method(std::string_view name) {
  for (Method m : excludable_methods()) {
    if (to_string(m) == name) return m;
  }
  return std::nullopt;
}

Checked<OutlookSimulation> check_outlook_flags(const std::vector<std::string>& exclude,
                                               const std::vector<std::string>& redirect_servers,
                                               const std::string& o365_endpoint) {
  OutlookSimulation out;
  Errors errors;
  for (const auto& name : exclude) {
    if (auto m = excludable_method(name))
      out.excluded.push_back(*m);
    else
      errors.push_back({"usage.exclude", "--exclude", "\"" + name.substr(0, 80) + "\" is not a method",
                        "one of o365, scp, root-https, autodiscover-https, http-redirect, srv"});
  }
  for (const auto& name : redirect_servers) {
    if (auto h = HostName::parse(name))
      out.redirect_servers.push_back(ascii_lower(h->str()));
    else
      errors.push_back({"usage.redirect-servers", "--redirect-servers",
                        "\"" + name.substr(0, 80) + "\" is not a host name",
                        "the host names listed under RedirectServers, e.g. mail.contoso.com"});
  }
  if (o365_endpoint != "none") {
    auto url = observe::parse_url(o365_endpoint);
    bool host_ok = url && (IpAddress::parse_host(url->host) || HostName::parse(url->host, true));
    if (!url || !host_ok || url->scheme != "https")
      errors.push_back({"usage.o365-endpoint", "--o365-endpoint",
                        "\"" + o365_endpoint.substr(0, 80) + "\" is not an https URL",
                        "https://outlook.office365.com, a lab host, or none"});
    else
      out.o365_endpoint = o365_endpoint;
  }
  if (!errors.empty()) return std::unexpected(errors);
  return out;
}

std::string short_key(std::string_view key) {
  constexpr std::string_view k_hkcu = "HKEY_CURRENT_USER";
  return key.starts_with(k_hkcu) ? "HKCU" + std::string(key.substr(k_hkcu.size())) : std::string(key);
}

std::string policy_sentence(Method m) {
  return std::string(policy_value(m)) + "=1 (REG_DWORD under " + short_key(adplan::k_outlook_policy_key) + ")";
}

}  // namespace adplan::verify
