#include <adplan/render/dns_json.hpp>

#include <nlohmann/json.hpp>

namespace adplan::render {

std::string render_dns_json(const Plan& p, View view) {
  nlohmann::ordered_json doc;
  doc["view"] = to_string(view);
  doc["zones"] = nlohmann::ordered_json::array();
  for (const auto* z : zones(p, view)) {
    nlohmann::ordered_json zj;
    zj["name"] = z->name;
    zj["create"] = z->create;
    zj["note"] = z->note;
    zj["records"] = nlohmann::ordered_json::array();
    for (const auto& r : records(p, view)) {
      if (r.zone != z->name) continue;
      zj["records"].push_back(
          {{"name", r.name}, {"type", r.type}, {"value", r.value}, {"ttl", r.ttl}, {"comment", r.comment}});
    }
    doc["zones"].push_back(std::move(zj));
  }
  return doc.dump(2) + "\n";
}

}  // namespace adplan::render
