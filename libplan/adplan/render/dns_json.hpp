#pragma once
// The plan's DNS records of a view as JSON, for scripts and DNS provider APIs.
#include <adplan/render/dns_view.hpp>

#include <string>

namespace adplan::render {

// {"view": "external", "zones": [{"name", "create", "note", "records": [{"name", "type",
// "value", "ttl", "comment"}]}]}, two-space indent, ending in a newline. nlohmann's
// serialiser does the JSON string escaping.
std::string render_dns_json(const Plan& p, View view);

}  // namespace adplan::render
