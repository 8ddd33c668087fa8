#include <adplan/render/autodiscover_xml.hpp>

#include <adplan/model/display_name.hpp>
#include <adplan/model/echo.hpp>
#include <adplan/planner/client_answers.hpp>

#include <adplan/render/internal/escape.hpp>
#include <adplan/render/internal/fill.hpp>

#include <pugixml.hpp>

namespace adplan::render {
namespace {

// The URL elements of a Protocol section, in the order Exchange writes them.
struct UrlElement {
  Service service;
  std::string_view element;
};
constexpr UrlElement k_elements[] = {
    {Service::Ews, "ASUrl"},                             // Availability service: EWS
    {Service::Ews, "EwsUrl"}, {Service::Ews, "OOFUrl"},  // Out of Office: EWS
    {Service::Um, "UMUrl"},   {Service::Oab, "OABUrl"},
};

const ServiceUrl* find_url(const Plan& p, const std::string& server, Service s) {
  for (const auto& u : p.urls) {
    if (u.server == server && u.service == s) return &u;
  }
  return nullptr;
}

Data protocol(const Plan& p, const std::string& server, bool external, std::string host) {
  Data d;
  d.set("server", std::move(host));
  List urls;
  for (const auto& e : k_elements) {
    if (const auto* u = find_url(p, server, e.service)) {
      Data ud;
      ud.set("element", std::string(e.element));
      // Exactly the plan's URLs (verify compares them), no trailing slash added.
      ud.set("url", external ? u->external : u->internal);
      urls.push_back(ud);
    }
  }
  d.set("urls", urls);
  Data web;
  const auto* owa = find_url(p, server, Service::Owa);
  const auto* ews = find_url(p, server, Service::Ews);
  if (owa) web.set("owa", external ? owa->external : owa->internal);
  if (ews) web.set("as", external ? ews->external : ews->internal);
  d.set("web", owa || ews ? web : Data(false));
  return d;
}

}  // namespace

Mailbox default_mailbox(const Plan& p) {
  return {*EmailAddress::parse("test@" + p.domains.front().str()), "Autodiscover Test"};
}

Result<std::string> render_autodiscover_xml(const Plan& p, const Mailbox& mailbox, const TemplateSet& templates) {
  if (p.urls.empty()) {
    return std::unexpected(Error{"render.no-urls", "autodiscover.xml", "the plan has no Exchange URLs",
                                 "a planner defect: every plan has servers"});
  }
  const std::string& server = p.urls.front().server;
  const ServiceUrl* oa = find_url(p, server, Service::OutlookAnywhere);
  const ServiceUrl* ews = find_url(p, server, Service::Ews);
  std::string internal_host = oa ? oa->internal : p.external_host.str();
  if (!oa && ews) {
    // https://<host>/EWS/Exchange.asmx -> <host>
    auto rest = ews->internal.substr(std::string_view("https://").size());
    internal_host = rest.substr(0, rest.find('/'));
  }
  Data d;
  d.set("ns_response", std::string(k_ns_response));
  d.set("ns_outlook", std::string(k_ns_outlook_response));
  d.set("display_name", mailbox.display_name);
  d.set("email", mailbox.address.str());
  d.set("exch", protocol(p, server, false, internal_host));
  if (oa) {
    Data expr = protocol(p, server, true, oa->external);
    // Outlook Anywhere's client authentication as the plan's cmdlet sets it.
    expr.set("auth", std::string(traits(p.exchange).enable_outlook_anywhere ? "Basic" : "Negotiate"));
    expr.set("principal", "msstd:" + oa->external);
    d.set("expr", expr);
  } else {
    d.set("expr", false);
  }
  // MAPI over HTTP (MS-OXDSCLI 2.2.4.1.1.2.6, example 4.4): what Outlook 2016+ connects to. Exchange
  // writes MailboxId=<mailbox GUID>@<domain>; the test mailbox's address stands in for it.
  if (auto answers = client_answers(p); answers.mapi_http) {
    const auto& m = *answers.mapi_http;
    const std::string id = mailbox.address.str();
    Data mapi;
    mapi.set("mailstore_internal", mapi_mailbox_url(m.mailstore_internal, id));
    mapi.set("mailstore_external", mapi_mailbox_url(m.mailstore_external, id));
    mapi.set("addressbook_internal", mapi_mailbox_url(m.addressbook_internal, id));
    mapi.set("addressbook_external", mapi_mailbox_url(m.addressbook_external, id));
    d.set("mapi", mapi);
  } else {
    d.set("mapi", false);
  }
  d.set("web_internal", protocol(p, server, false, internal_host));
  d.set("web_external", protocol(p, server, true, p.external_host.str()));
  auto xml = fill(templates, "autodiscover.xml.mustache", d, &xml_escape);
  if (!xml) return xml;
  pugi::xml_document doc;
  if (auto r = doc.load_string(xml->c_str()); !r) {
    return std::unexpected(Error{"render.xml", "autodiscover.xml.mustache",
                                 std::string("the rendered response is not well-formed XML: ") + r.description() +
                                     " at offset " + std::to_string(r.offset),
                                 "fix the template"});
  }
  return xml;
}

Checked<Mailbox> mailbox_option(const Plan& p, const std::string& email, const std::string& display_name) {
  Mailbox m = default_mailbox(p);
  Errors errors;
  if (!email.empty()) {
    const std::string example = "for example test@" + p.domains.front().str();
    if (auto a = EmailAddress::parse(email); !a) {
      errors.push_back({"input.email", "--email",
                        quote_value(email) + " is not an e-mail address (" + a.error().message + ")", example});
    } else if (email.find('$') != std::string::npos) {
      // The lab's nginx answers with the response in `return 200 "..."`, where nginx expands '$'
      // and has no escape for it (render/escape.cpp, nginx_quote).
      errors.push_back({"input.email", "--email",
                        quote_value(email) + " holds '$', which the rendered nginx configuration cannot carry",
                        "use an address without '$' for the test mailbox, " + example});
    } else {
      m.address = *a;
    }
  }
  if (!display_name.empty()) {
    if (auto n = parse_display_name(display_name)) {
      m.display_name = *n;
    } else {
      Error e = n.error();
      e.field = e.field.empty() ? "--display-name" : "--display-name: " + e.field;
      errors.push_back(std::move(e));
    }
  }
  if (!errors.empty()) return std::unexpected(errors);
  return m;
}

}  // namespace adplan::render
