// MS-ASCMD 2.2.2.1 Autodiscover command: the response a device reads. Parsed with pugixml as
// the POX answer is (probe/pox.cpp): no DOCTYPE node, no entity but the five predefined ones
// (pugixml never expands a declared entity nor fetches an external one), a bounded body.
#include <adplan/model/sanitize.hpp>
#include <adplan/probe/internal/mobile.hpp>
#include <adplan/probe/internal/pox.hpp>

namespace adplan::probe {
namespace {

using namespace pox_xml;

// An Error element: MS-ASCMD 2.2.3.63 (Status, Message, DebugData) or MS-OXDISCO 2.2.4.2
// (ErrorCode, Message, DebugData).
void read_error(observe::MobileSyncResponse& r, const pugi::xml_node& error) {
  std::string code = text_of(error, "Status");
  if (code.empty()) code = text_of(error, "ErrorCode");
  r.error_code = shown(code, 40);
  r.error_message = text_of(error, "Message");
  if (r.error_message.empty()) r.error_message = text_of(error, "DebugData");
}

}  // namespace

observe::MobileSyncResponse parse_mobilesync_response(std::string_view body) {
  observe::MobileSyncResponse r;
  if (body.size() > k_max_mobilesync_body) {
    r.problem = "the answer is " + std::to_string(body.size()) + " bytes, more than a verifier reads";
    return r;
  }
  pugi::xml_document doc;
  auto response = open_envelope(body, doc, r.problem);
  if (!response) return r;
  r.schema = namespace_of(response);
  // A server without the mobilesync provider answers in the outer schema (or Outlook's 2006a)
  // with ErrorCode 600 (invalid request) or 601 (requested schema not available).
  if (r.schema != k_mobilesync_response_ns) {
    if (auto error = child(response, "Error")) {
      r.valid = true;
      r.outer_error = true;
      read_error(r, error);
      return r;
    }
    r.problem = "<Response> in \"" + shown(r.schema) + "\", expected \"" + std::string(k_mobilesync_response_ns) + "\"";
    return r;
  }
  r.culture = text_of(response, "Culture");
  r.user = text_of(child(response, "User"), "EMailAddress");
  if (auto error = child(response, "Error")) {  // some servers put it beside Action
    r.valid = true;
    read_error(r, error);
    return r;
  }
  auto action = child(response, "Action");
  if (!action) {
    r.problem = "no <Action> element";
    return r;
  }
  if (auto error = child(action, "Error")) {
    r.valid = true;
    read_error(r, error);
    return r;
  }
  if (auto redirect = child(action, "Redirect")) {
    r.redirect = to_valid_utf8(redirect.text().as_string());
    if (r.redirect.empty()) {
      r.problem = "<Redirect> is empty";
      return r;
    }
    r.valid = true;
    return r;
  }
  auto settings = child(action, "Settings");
  if (!settings) {
    r.problem = "<Action> has neither <Settings>, <Redirect> nor <Error>";
    return r;
  }
  for (auto s : settings.children()) {
    if (s.type() != pugi::node_element || local_name(s) != "Server") continue;
    r.servers.push_back({text_of(s, "Type"), text_of(s, "Url"), text_of(s, "Name")});
  }
  if (r.servers.empty()) {
    r.problem = "<Settings> has no <Server>";
    return r;
  }
  r.valid = true;
  return r;
}

}  // namespace adplan::probe
