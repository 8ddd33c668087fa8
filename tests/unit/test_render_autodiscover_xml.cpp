// The expected Autodiscover response parses back (pugixml) to the plan's URLs.
#include "fixtures.hpp"

#include <adplan/render/autodiscover_xml.hpp>

#include <doctest/doctest.h>
#include <pugixml.hpp>

using namespace adplan;

namespace {

std::string url_of(const Plan& p, Service s, bool external) {
  for (const auto& u : p.urls) {
    if (u.server == p.urls.front().server && u.service == s) return external ? u.external : u.internal;
  }
  return {};
}

pugi::xml_node protocol(pugi::xml_node account, std::string_view type) {
  for (auto proto : account.children("Protocol")) {
    if (std::string_view(proto.child_value("Type")) == type) return proto;
  }
  return {};
}

}  // namespace

TEST_CASE("render xml: the response carries the plan's URLs") {
  for (int n = 1; n <= 4; ++n) {
    auto j = test::contoso_json(n);
    if (n == 1) j["services"] = {"ews", "oab", "outlook-anywhere", "owa"};
    if (n == 2) j["exchange"] = "2010";  // UM web service exists
    const Plan p = test::plan_of(j);
    CAPTURE(n);
    auto xml = render::render_autodiscover_xml(p, render::default_mailbox(p), render::TemplateSet{});
    REQUIRE(xml);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(xml->c_str()));
    auto root = doc.child("Autodiscover");
    CHECK(std::string_view(root.attribute("xmlns").value()) == render::k_ns_response);
    auto response = root.child("Response");
    CHECK(std::string_view(response.attribute("xmlns").value()) == render::k_ns_outlook_response);
    CHECK(std::string_view(response.child("User").child_value("AutoDiscoverSMTPAddress")) == "test@contoso.com");
    auto account = response.child("Account");
    CHECK(std::string_view(account.child_value("AccountType")) == "email");
    CHECK(std::string_view(account.child_value("Action")) == "settings");

    auto exch = protocol(account, "EXCH");
    auto expr = protocol(account, "EXPR");
    auto web = protocol(account, "WEB");
    REQUIRE(exch);
    REQUIRE(expr);
    REQUIRE(web);
    for (auto [el, service] : {std::pair{"EwsUrl", Service::Ews},
                               {"ASUrl", Service::Ews},
                               {"OOFUrl", Service::Ews},
                               {"OABUrl", Service::Oab}}) {
      CAPTURE(el);
      CHECK(exch.child_value(el) == url_of(p, service, false));
      CHECK(expr.child_value(el) == url_of(p, service, true));
    }
    if (n == 2) {
      CHECK(exch.child_value("UMUrl") == url_of(p, Service::Um, false));
      CHECK(expr.child_value("UMUrl") == url_of(p, Service::Um, true));
      CHECK(std::string_view(expr.child_value("AuthPackage")) == "Basic");
    } else {
      CHECK_FALSE(exch.child("UMUrl"));
    }
    CHECK(expr.child_value("Server") == p.external_host.str());
    CHECK(web.child("External").child_value("OWAUrl") == url_of(p, Service::Owa, true));
    CHECK(web.child("External").child("Protocol").child_value("ASUrl") == url_of(p, Service::Ews, true));
    CHECK(web.child("Internal").child_value("OWAUrl") == url_of(p, Service::Owa, false));
  }
}

TEST_CASE("render xml: the mailbox's values are escaped, not markup") {
  const Plan p = test::plan_of(test::contoso_json(2));
  auto m = render::default_mailbox(p);
  m.display_name = "O'Neil & <Sons> \"$(x)\"; }";
  auto xml = render::render_autodiscover_xml(p, m, render::TemplateSet{});
  REQUIRE(xml);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml->c_str()));
  CHECK(std::string_view(doc.child("Autodiscover").child("Response").child("User").child_value("DisplayName")) ==
        m.display_name);
  SUBCASE("a control character cannot be carried") {
    m.display_name = std::string("a\x02") + "b";
    CHECK_FALSE(render::render_autodiscover_xml(p, m, render::TemplateSet{}));
  }
}

TEST_CASE("render xml: a broken template override is caught before anyone serves it") {
  const Plan p = test::plan_of(test::contoso_json(1));
  auto t = render::TemplateSet::with_overrides({{"autodiscover.xml.mustache", "<Autodiscover><Response>"}});
  REQUIRE(t);
  auto xml = render::render_autodiscover_xml(p, render::default_mailbox(p), *t);
  REQUIRE_FALSE(xml);
  CHECK(xml.error().code == "render.xml");
}
