#pragma once
// The checks of adplan.json (deployment_json*.cpp) share this: a Checker that collects every
// problem of one document, each naming its field and the fix, the value helpers, and the checks
// by topic that deployment_from_json calls.
#include <adplan/model/deployment.hpp>
#include <adplan/model/echo.hpp>
#include <adplan/model/error.hpp>
#include <adplan/model/suggest.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::deployment_json {

// A JSON integer in [lo, hi], never cut to a narrower type on the way (4294967297 is not 1);
// nullopt for any other value.
std::optional<std::int64_t> integer_in(const nlohmann::json& v, std::int64_t lo, std::int64_t hi);

// A value as a message shows it: strings quoted and escaped, everything cut to ~80 characters.
std::string shown(const nlohmann::json& v);

// Collects every problem of one document.
class Checker {
 public:
  void add(std::string code, std::string field, std::string message, std::string hint = {}) {
    // A list of a million bad items holds a million problems: keep the first ones, count the rest.
    if (errors.size() >= k_max_errors) {
      ++dropped;
      return;
    }
    errors.push_back({std::move(code), std::move(field), std::move(message), std::move(hint)});
  }

  // Every problem kept, and one more that counts those that were not.
  Errors take() {
    if (dropped > 0) {
      errors.push_back({"input.too-many", "(document)", std::to_string(dropped) + " more problems are not listed",
                        "fix the ones above and run again"});
    }
    return std::move(errors);
  }

  // A key as a field name: itself when it is short printable ASCII, else quoted and cut.
  static std::string key_shown(const std::string& key) {
    bool plain = key.size() <= k_echo_max &&
                 std::ranges::all_of(key, [](unsigned char ch) { return ch > 0x20 && ch < 0x7f && ch != '"'; });
    return plain ? key : quote_value(key);
  }

  template <std::size_t N>
  void unknown_keys(const nlohmann::json& obj, const std::string& prefix, const std::array<const char*, N>& keys) {
    for (const auto& [key, value] : obj.items()) {
      if (std::ranges::find_if(keys, [&](const char* k) { return key == k; }) != keys.end()) continue;
      std::vector<std::string_view> names(keys.begin(), keys.end());
      auto near = closest(key, names);
      add("input.unknown-key", prefix + key_shown(key), "is not a known field",
          near ? "did you mean \"" + std::string(*near) + "\"?" : "remove it");
    }
  }

  // The string at obj[key], named `field` in messages: missing (when required), not a string and
  // a NUL are problems. `example` shows a good value in the fix.
  std::optional<std::string> string(const nlohmann::json& obj, const std::string& field, const char* key, bool required,
                                    std::string_view example);
  // The same, parsed as one real host name (no wildcard).
  std::optional<HostName> host(const nlohmann::json& obj, const std::string& field, const char* key, bool required,
                               std::string_view example);
  // The same, parsed as an IP address.
  std::optional<IpAddress> ip(const nlohmann::json& obj, const std::string& field, const char* key, bool required,
                              std::string_view example);

  static std::string quoted(std::string_view s) { return quote_value(s); }

  static constexpr std::size_t k_max_errors = 100;
  Errors errors;
  std::size_t dropped = 0;
};

// The checks by topic, each reading its fields of the document and adding its problems to `c`.
// deployment_json_servers.cpp: servers[] and name_servers[].
std::vector<Server> check_servers(Checker& c, const nlohmann::json& doc, const std::vector<HostName>& domains,
                                  const std::optional<HostName>& internal_domain);
std::vector<NameServer> check_name_servers(Checker& c, const nlohmann::json& doc);
// deployment_json_fields.cpp: the lists and objects of the document.
std::vector<HostName> check_domains(Checker& c, const nlohmann::json& doc);
std::vector<Service> check_services(Checker& c, const nlohmann::json& doc, ExchangeVersion exchange);
Subject check_subject(Checker& c, const nlohmann::json& doc);
std::vector<HostName> check_caa_issuers(Checker& c, const nlohmann::json& doc);
std::string check_exchange_organization(Checker& c, const nlohmann::json& doc);
// deployment_json_doors.cpp: doors{} and mta_sts{}.
std::vector<MailDoor> check_doors(Checker& c, const nlohmann::json& doc);
struct MtaStsInput {
  std::vector<MtaStsDomain> domains;
  std::uint32_t max_age = k_mta_sts_default_max_age;
  std::optional<EmailAddress> tls_rpt;
};
// deployment_json_pool.cpp: load_balancers[], extended_protection, hybrid. A namespace must be one
// of `names` (the hosts the plan publishes).
std::vector<LoadBalancer> check_load_balancers(Checker& c, const nlohmann::json& doc,
                                               const std::vector<HostName>& names);
std::optional<bool> check_flag(Checker& c, const nlohmann::json& doc, const char* key, std::string_view hint);
MtaStsInput check_mta_sts(Checker& c, const nlohmann::json& doc, const std::vector<HostName>& domains,
                          const std::vector<MailDoor>& doors);
// dane{} (issue 27): TLSA parameters and the rollover; needs the smtp door.
std::optional<DaneInput> check_dane(Checker& c, const nlohmann::json& doc, const std::vector<MailDoor>& doors);

}  // namespace adplan::deployment_json
