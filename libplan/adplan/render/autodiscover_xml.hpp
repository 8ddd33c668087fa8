#pragma once
// The POX Autodiscover response (MS-OXDSCLI; responseschema/2006a) a correctly configured
// Client Access server returns for a mailbox of this plan: what the lab serves and what
// verify compares live answers with.
#include <adplan/model/email.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/render/template_set.hpp>

#include <string>

namespace adplan::render {

inline constexpr std::string_view k_ns_response =
    "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
inline constexpr std::string_view k_ns_outlook_response =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

struct Mailbox {
  EmailAddress address;
  std::string display_name;  // printable text; the XML escaping handles the rest
};

// A test mailbox for the plan: "test@<primary domain>", display name "Autodiscover Test".
Mailbox default_mailbox(const Plan& p);
// --email / --display-name (render, config): the mailbox autodiscover.xml answers for, the
// default's parts where a value is empty; every problem at once, each naming its flag.
Checked<Mailbox> mailbox_option(const Plan& p, const std::string& email, const std::string& display_name);

// The response for `mailbox`, with the first Client Access server's URLs: EXCH carries the
// internal URLs, EXPR (Outlook Anywhere) and WEB's External section the external ones. The
// result is checked to be well-formed XML before it is returned.
Result<std::string> render_autodiscover_xml(const Plan& p, const Mailbox& mailbox, const TemplateSet& templates);

}  // namespace adplan::render
