#pragma once
// The answers a correct server gives phones and today's clients (planner/client_answers.hpp),
// as files: the ActiveSync Autodiscover response (MS-ASCMD 2.2.1.1: outer responseschema/2006,
// inner Response in mobilesync/responseschema/2006) and the Autodiscover v2 JSON answers.
// The lab serves them; verify compares live answers with the plan they come from.
#include <adplan/planner/client_answers.hpp>
#include <adplan/render/autodiscover_xml.hpp>

#include <string>

namespace adplan::render {

inline constexpr std::string_view k_ns_mobilesync_response =
    "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006";

// The mobilesync response for `mailbox`: Culture, User (DisplayName, EMailAddress) and one
// Action/Settings/Server of Type MobileSync whose Url and Name are the plan's ActiveSync external
// URL. render.no-activesync when the plan does not publish activesync. Checked well-formed.
Result<std::string> render_mobilesync_xml(const Plan& p, const Mailbox& mailbox, const TemplateSet& templates);

// {"Protocol":"<protocol>","Url":"<url>"}, as Exchange's /autodiscover/autodiscover.json answers.
std::string render_v2_json(const AutodiscoverV2Answer& a);

}  // namespace adplan::render
