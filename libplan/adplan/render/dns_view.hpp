#pragma once
// The two views of the plan's DNS: what the Internet resolves (external) and what the
// organisation's own DNS servers answer (internal, split-brain).
#include <adplan/model/error.hpp>
#include <adplan/planner/plan.hpp>

#include <string_view>
#include <vector>

namespace adplan::render {

enum class View { External, Internal };

Result<View> parse_view(std::string_view text);
std::string_view to_string(View v);

const std::vector<DnsRecord>& records(const Plan& p, View v);
// The view's zones in the plan's (sorted) order.
std::vector<const DnsZone*> zones(const Plan& p, View v);
// The zone called `name` in a view; the error lists the view's zones.
Result<const DnsZone*> find_zone(const Plan& p, View v, std::string_view name);

// The host-relative owner of a record in its zone: "@" for the apex, "mail" for
// "mail.contoso.com." in contoso.com (Windows DNS Server's -Name).
std::string relative_name(const DnsRecord& r);

}  // namespace adplan::render
