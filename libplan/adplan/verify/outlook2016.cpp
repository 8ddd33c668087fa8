#include <adplan/verify/outlook2016.hpp>

#include <array>

namespace adplan::verify {

std::string_view policy_value(Method m) {
  switch (m) {
    case Method::O365:
      return "ExcludeExplicitO365Endpoint";
    case Method::Scp:
      return "ExcludeScpLookup";
    case Method::RootHttps:
      return "ExcludeHttpsRootDomain";
    case Method::AutodiscoverHttps:
      return "ExcludeHttpsAutoDiscoverDomain";
    case Method::HttpRedirect:
      return "ExcludeHttpRedirect";
    case Method::Srv:
      return "ExcludeSrvRecord";
    case Method::None:
      break;
  }
  return "";
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

std::string policy_sentence(Method m) {
  return std::string(policy_value(m)) + "=1 (REG_DWORD under " + std::string(k_outlook_policy_key) + ")";
}

}  // namespace adplan::verify
