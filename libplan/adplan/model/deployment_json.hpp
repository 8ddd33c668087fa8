#pragma once
// adplan.json <-> Deployment. Loading checks everything and reports every problem at once,
// each naming its field ("servers[1].fqdn") and the fix.
#include <adplan/model/deployment.hpp>
#include <adplan/model/error.hpp>

#include <nlohmann/json_fwd.hpp>

#include <string_view>

namespace adplan {

// Parses the text of adplan.json. `source` names the file in messages.
Checked<Deployment> load_deployment(std::string_view text, std::string_view source = "adplan.json");
// Validates an already parsed document (used by `init`, which builds JSON from flags).
Checked<Deployment> deployment_from_json(const nlohmann::json& doc);
// The canonical adplan.json text for a deployment (stable key order, 2-space indent, newline).
std::string to_json_text(const Deployment& d);
nlohmann::ordered_json to_json(const Deployment& d);

}  // namespace adplan
