// Autodiscover v2 (Exchange 2013 CU19 and later, Exchange Online): GET
// /autodiscover/autodiscover.json/v1.0/<address>?Protocol=<P>, anonymous, answered with
// {"Protocol":"ActiveSync","Url":"https://..."}; an unknown protocol is 400 with
// {"ErrorCode":"InvalidProtocol","ErrorMessage":"..."}. The server's JSON is hostile input: a
// size cap before parsing, a depth cap while parsing (the answer is one flat object), and every
// member's type checked.
#include <adplan/model/bounded_json.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/probe/internal/mobile.hpp>

#include <nlohmann/json.hpp>

#include <cctype>

namespace adplan::probe {
namespace {

// A member that must be a string when present; "" when absent. False when of another type.
bool string_member(const nlohmann::json& j, const char* name, std::string& out, std::string& problem) {
  auto it = j.find(name);
  if (it == j.end()) return true;
  if (!it->is_string()) {
    problem = "\"" + std::string(name) + "\" is " + std::string(it->type_name()) + ", not a string";
    return false;
  }
  out = shown(it->get<std::string>(), 400);
  return true;
}

}  // namespace

std::string v2_path(std::string_view email, std::string_view protocol) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string address;
  for (unsigned char ch : email) {
    if (std::isalnum(ch) || ch == '@' || ch == '.' || ch == '-' || ch == '_' || ch == '~') {
      address += static_cast<char>(ch);
    } else {
      address += '%';
      address += k_hex[ch >> 4];
      address += k_hex[ch & 15];
    }
  }
  return "/autodiscover/autodiscover.json/v1.0/" + address + "?Protocol=" + std::string(protocol);
}

observe::V2Response parse_v2_response(std::string_view body) {
  observe::V2Response r;
  if (body.size() > k_max_v2_body) {
    r.problem = "the answer is " + std::to_string(body.size()) + " bytes, more than " + std::to_string(k_max_v2_body) +
                " (an Autodiscover v2 answer is one small object)";
    return r;
  }
  // The depth is bounded before anything recursive sees the value (model/bounded_json.hpp).
  auto doc = parse_bounded_json(body, k_max_v2_depth);
  if (!doc) {
    r.problem = doc.error().kind == JsonProblem::Kind::Depth
                    ? "JSON nested deeper than " + std::to_string(k_max_v2_depth) + " levels"
                    : "not JSON";
    return r;
  }
  const auto& j = *doc;
  if (!j.is_object()) {
    r.problem = "JSON " + std::string(j.type_name()) + ", expected an object";
    return r;
  }
  if (!string_member(j, "Protocol", r.protocol, r.problem) || !string_member(j, "Url", r.url, r.problem) ||
      !string_member(j, "ErrorCode", r.error_code, r.problem) ||
      !string_member(j, "ErrorMessage", r.error_message, r.problem))
    return r;
  if (r.error_code.empty() && (r.protocol.empty() || r.url.empty())) {
    r.problem = "neither \"Protocol\" and \"Url\" nor \"ErrorCode\"";
    return r;
  }
  r.valid = true;
  return r;
}

}  // namespace adplan::probe
