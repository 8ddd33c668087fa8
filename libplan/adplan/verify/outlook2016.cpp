#include <adplan/verify/outlook2016.hpp>

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

std::string short_key(std::string_view key) {
  constexpr std::string_view k_hkcu = "HKEY_CURRENT_USER";
  return key.starts_with(k_hkcu) ? "HKCU" + std::string(key.substr(k_hkcu.size())) : std::string(key);
}

std::string policy_sentence(Method m) {
  return std::string(policy_value(m)) + "=1 (REG_DWORD under " + short_key(adplan::k_outlook_policy_key) + ")";
}

}  // namespace adplan::verify
