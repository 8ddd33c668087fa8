#pragma once
// The Autodiscover "plain old XML" request and response (MS-OXDISCO 2.2.3, 2.2.4), built and
// parsed with pugixml (no DTD or external entity processing).
#include <adplan/observe/observations.hpp>

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace adplan::probe {

// The probe fills the plain observation types of observe/ (the judge reads them).
using namespace adplan::observe;

enum class PoxSchema { Outlook, MobileSync };

// The namespaces are http:// even where current documentation prints https://.
inline constexpr std::string_view k_outlook_request_ns =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
inline constexpr std::string_view k_outlook_response_ns =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
inline constexpr std::string_view k_mobilesync_request_ns =
    "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006";
inline constexpr std::string_view k_mobilesync_response_ns =
    "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006";
inline constexpr std::string_view k_autodiscover_response_ns =
    "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";

std::string pox_request(std::string_view email, PoxSchema schema = PoxSchema::Outlook);

// Issue 11: the headers Outlook 2016 and later send with the POST. X-MapiHttpCapability: 1 asks
// for the mapiHttp section (MS-OXDSCLI 2.2.2.1, 3.2.5.1: servers also decide by the User-Agent);
// X-AnchorMailbox routes the request to the mailbox's server. X-ClientCanHandle is left out:
// MS-OXDSCLI describes it for clients other than Outlook.
inline constexpr std::string_view k_outlook_user_agent =
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)";
std::vector<std::string> outlook_headers(std::string_view email);

// Never fails: a body that is not a valid response gives valid == false and the reason.
PoxResponse parse_pox_response(std::string_view body);

// What the Outlook and the mobilesync answers share (MS-OXDISCO 2.2.4; MS-ASCMD 2.2.2.1): the
// outer <Autodiscover> envelope and element look-ups by local name, whatever prefix the server uses.
namespace pox_xml {
std::string_view local_name(const pugi::xml_node& n);
std::string namespace_of(const pugi::xml_node& n);  // the xmlns in scope (valid UTF-8)
pugi::xml_node child(const pugi::xml_node& n, std::string_view local);
std::string text_of(const pugi::xml_node& n, std::string_view local);  // the server's text, valid UTF-8
// Parses body into doc (no DOCTYPE, no entity expansion) and returns the <Response> of an
// <Autodiscover> in the response namespace; an empty node and `problem` when not.
pugi::xml_node open_envelope(std::string_view body, pugi::xml_document& doc, std::string& problem);
}  // namespace pox_xml

}  // namespace adplan::probe
