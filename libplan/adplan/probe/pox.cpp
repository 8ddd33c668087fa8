#include <adplan/probe/internal/pox.hpp>

#include <adplan/model/sanitize.hpp>

#include <sstream>

namespace adplan::probe {
namespace pox_xml {

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string namespace_of(const pugi::xml_node& n) {
  std::string_view name = n.name();
  auto colon = name.find(':');
  std::string attr = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  for (auto p = n; p; p = p.parent()) {
    if (auto a = p.attribute(attr.c_str())) return to_valid_utf8(a.value());
  }
  return {};
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view local) {
  for (auto c : n.children()) {
    if (c.type() == pugi::node_element && local_name(c) == local) return c;
  }
  return {};
}

std::string text_of(const pugi::xml_node& n, std::string_view local) {
  return to_valid_utf8(child(n, local).text().as_string());
}

pugi::xml_node open_envelope(std::string_view body, pugi::xml_document& doc, std::string& problem) {
  // parse_default has no DOCTYPE expansion; pugixml never fetches external entities.
  auto parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default & ~pugi::parse_doctype);
  if (!parsed) {
    problem =
        std::string("not well-formed XML: ") + parsed.description() + " at offset " + std::to_string(parsed.offset);
    return {};
  }
  auto root = doc.document_element();
  if (local_name(root) != "Autodiscover" || namespace_of(root) != k_autodiscover_response_ns) {
    problem = "root element is <" + shown(root.name()) + "> in \"" + shown(namespace_of(root)) +
              "\", expected <Autodiscover> in \"" + std::string(k_autodiscover_response_ns) + "\"";
    return {};
  }
  auto response = child(root, "Response");
  if (!response) problem = "no <Response> element";
  return response;
}

}  // namespace pox_xml

using namespace pox_xml;

std::string pox_request(std::string_view email, PoxSchema schema) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  auto root = doc.append_child("Autodiscover");
  bool outlook = schema == PoxSchema::Outlook;
  root.append_attribute("xmlns") = std::string(outlook ? k_outlook_request_ns : k_mobilesync_request_ns).c_str();
  auto request = root.append_child("Request");
  request.append_child("EMailAddress").text() = std::string(email).c_str();
  request.append_child("AcceptableResponseSchema").text() =
      std::string(outlook ? k_outlook_response_ns : k_mobilesync_response_ns).c_str();
  std::ostringstream out;
  doc.save(out, "", pugi::format_raw);
  return out.str();
}

std::vector<std::string> outlook_headers(std::string_view email) {
  return {"X-MapiHttpCapability: 1", "X-AnchorMailbox: " + std::string(email)};
}

PoxResponse parse_pox_response(std::string_view body) {
  PoxResponse r;
  pugi::xml_document doc;
  auto response = open_envelope(body, doc, r.problem);
  if (!response) return r;
  // Errors come in the outer schema's Response (MS-OXDISCO 2.2.4.2) or, from some servers,
  // inside the 2006a Response.
  if (auto error = child(response, "Error")) {
    r.valid = true;
    r.error_code = text_of(error, "ErrorCode");
    r.error_message = text_of(error, "Message");
    return r;
  }
  std::string ns = namespace_of(response);
  if (ns != k_outlook_response_ns && ns != k_mobilesync_response_ns) {
    r.problem = "<Response> in \"" + shown(ns) + "\", expected \"" + std::string(k_outlook_response_ns) + "\"";
    return r;
  }
  auto account = child(response, "Account");
  if (!account) {
    r.problem = "no <Account> element";
    return r;
  }
  r.action = text_of(account, "Action");
  if (r.action == "redirectAddr") r.redirect = text_of(account, "RedirectAddr");
  if (r.action == "redirectUrl") r.redirect = text_of(account, "RedirectUrl");
  auto is_url = [](const pugi::xml_node& c) {
    std::string_view n = local_name(c);
    return c.type() == pugi::node_element && n.size() > 3 && n.ends_with("Url");
  };
  for (auto p : account.children()) {
    if (p.type() != pugi::node_element || local_name(p) != "Protocol") continue;
    PoxProtocol proto;
    proto.type = text_of(p, "Type");
    // MS-OXDSCLI 2.2.4.1.1.2.6: the mapiHttp section names its type in an attribute.
    if (proto.type.empty()) proto.type = to_valid_utf8(p.attribute("Type").value());
    proto.server = text_of(p, "Server");
    for (auto c : p.children()) {
      std::string_view n = local_name(c);
      if (is_url(c)) {
        proto.urls.emplace_back(to_valid_utf8(n), to_valid_utf8(c.text().as_string()));
      } else if (c.type() == pugi::node_element &&
                 (n == "MailStore" || n == "AddressBook" || n == "External" || n == "Internal")) {
        // mapiHttp MailStore/AddressBook (MS-OXDSCLI 3.2.5.1), WEB's External/Internal OWAUrl.
        for (auto g : c.children()) {
          if (is_url(g))
            proto.urls.emplace_back(to_valid_utf8(n) + "/" + to_valid_utf8(local_name(g)),
                                    to_valid_utf8(g.text().as_string()));
        }
      }
    }
    r.protocols.push_back(std::move(proto));
  }
  if (r.action.empty() && r.protocols.empty()) {
    r.problem = "<Account> has neither <Action> nor <Protocol>";
    return r;
  }
  r.valid = true;
  return r;
}

}  // namespace adplan::probe
