// adplan.json: the Checker's value readers and the value helpers (see deployment_json_checker.hpp).
#include <adplan/model/deployment_json_checker.hpp>

#include <limits>

namespace adplan::deployment_json {

using nlohmann::json;

std::optional<std::int64_t> integer_in(const json& v, std::int64_t lo, std::int64_t hi) {
  std::int64_t n = 0;
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    n = static_cast<std::int64_t>(u);
  } else if (v.is_number_integer()) {
    n = v.get<std::int64_t>();
  } else {
    return std::nullopt;
  }
  if (n < lo || n > hi) return std::nullopt;
  return n;
}

std::string shown(const json& v) {
  if (v.is_string()) return quote_value(v.get_ref<const std::string&>());
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() <= k_echo_max) return text;
  return text.substr(0, k_echo_max) + "... (" + std::to_string(text.size()) + " characters)";
}

std::optional<std::string> Checker::string(const json& obj, const std::string& field, const char* key, bool required,
                                           std::string_view example) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) add("input.missing", field, "is missing", "add it, for example \"" + std::string(example) + "\"");
    return std::nullopt;
  }
  if (!it->is_string()) {
    add("input.type", field, "must be a string, not " + std::string(it->type_name()),
        "write it in quotes, for example \"" + std::string(example) + "\"");
    return std::nullopt;
  }
  const auto& text = it->get_ref<const std::string&>();
  // A NUL would cut the value wherever it meets a C string (libidn2, OpenSSL); other control
  // characters are each field's validator's to refuse.
  if (auto at = text.find('\0'); at != std::string::npos) {
    add("input.nul", field, quoted(text) + " holds a NUL character at byte " + std::to_string(at),
        "remove it; the values of adplan.json are printable text");
    return std::nullopt;
  }
  return text;
}

std::optional<HostName> Checker::host(const json& obj, const std::string& field, const char* key, bool required,
                                      std::string_view example) {
  auto text = string(obj, field, key, required, example);
  if (!text) return std::nullopt;
  auto h = HostName::parse(*text);
  // Every host of adplan.json is one real host: a wildcard would reach DNS records and SANs.
  if (h && h->is_wildcard()) {
    add("input.host-name", field, quoted(*text) + " is a wildcard, not a host name",
        "name one real host, for example \"" + std::string(example) + "\"");
    return std::nullopt;
  }
  if (!h) {
    add(h.error().code, field, quoted(*text) + " is not a host name (" + h.error().message + ")",
        "use a fully qualified name such as \"" + std::string(example) + "\"");
    return std::nullopt;
  }
  return *h;
}

std::optional<IpAddress> Checker::ip(const json& obj, const std::string& field, const char* key, bool required,
                                     std::string_view example) {
  auto text = string(obj, field, key, required, example);
  if (!text) return std::nullopt;
  auto a = IpAddress::parse(*text);
  if (!a) {
    add(a.error().code, field, quoted(*text) + " " + a.error().message, "for example \"" + std::string(example) + "\"");
    return std::nullopt;
  }
  return *a;
}

}  // namespace adplan::deployment_json
