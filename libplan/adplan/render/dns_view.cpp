#include <adplan/render/dns_view.hpp>

#include <adplan/model/echo.hpp>

namespace adplan::render {

Result<View> parse_view(std::string_view text) {
  if (text == "external") return View::External;
  if (text == "internal") return View::Internal;
  return std::unexpected(
      Error{"input.view", "view", quote_value(text) + " is not a DNS view", "use external or internal"});
}

std::string_view to_string(View v) {
  return v == View::External ? "external" : "internal";
}

const std::vector<DnsRecord>& records(const Plan& p, View v) {
  return v == View::External ? p.dns_external : p.dns_internal;
}

std::vector<const DnsZone*> zones(const Plan& p, View v) {
  std::vector<const DnsZone*> out;
  for (const auto& z : p.zones) {
    if (z.view == to_string(v)) out.push_back(&z);
  }
  return out;
}

Result<const DnsZone*> find_zone(const Plan& p, View v, std::string_view name) {
  for (const auto& z : p.zones) {
    if (z.view == to_string(v) && z.name == name) return &z;
  }
  // Only a failure lists the zones (a hoster's plan has thousands).
  std::string known;
  for (const auto* z : zones(p, v)) known += (known.empty() ? "" : ", ") + z->name;
  return std::unexpected(Error{"input.zone", "zone",
                               quote_value(name) + " is not a zone of the " + std::string(to_string(v)) + " view",
                               "zones there: " + known});
}

std::string relative_name(const DnsRecord& r) {
  const std::string apex = r.zone + ".";
  if (r.name == apex) return "@";
  if (r.name.size() > apex.size() + 1 && r.name.ends_with("." + apex)) {
    return r.name.substr(0, r.name.size() - apex.size() - 1);
  }
  return r.name;  // not below its zone: keep the absolute name
}

}  // namespace adplan::render
