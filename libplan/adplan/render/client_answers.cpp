#include <adplan/render/client_answers.hpp>

#include <adplan/render/internal/escape.hpp>
#include <adplan/render/internal/fill.hpp>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace adplan::render {

Result<std::string> render_mobilesync_xml(const Plan& p, const Mailbox& mailbox, const TemplateSet& templates) {
  auto answers = client_answers(p);
  if (!answers.mobilesync_url) {
    return std::unexpected(Error{"render.no-activesync", "autodiscover-mobilesync.xml",
                                 "the plan does not publish activesync, so no MobileSync URL",
                                 "add \"activesync\" to services"});
  }
  Data d;
  d.set("ns_response", std::string(k_ns_response));
  d.set("ns_mobilesync", std::string(k_ns_mobilesync_response));
  d.set("display_name", mailbox.display_name);
  d.set("email", mailbox.address.str());
  d.set("url", *answers.mobilesync_url);
  auto xml = fill(templates, "autodiscover-mobilesync.xml.mustache", d, &xml_escape);
  if (!xml) return xml;
  pugi::xml_document doc;
  if (auto r = doc.load_string(xml->c_str()); !r) {
    return std::unexpected(Error{"render.xml", "autodiscover-mobilesync.xml.mustache",
                                 std::string("the rendered response is not well-formed XML: ") + r.description() +
                                     " at offset " + std::to_string(r.offset),
                                 "fix the template"});
  }
  return xml;
}

std::string render_v2_json(const AutodiscoverV2Answer& a) {
  return nlohmann::ordered_json{{"Protocol", a.protocol}, {"Url", a.url}}.dump() + "\n";
}

}  // namespace adplan::render
