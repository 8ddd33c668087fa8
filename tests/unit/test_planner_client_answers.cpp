// What a correct server answers each client (issues 11 and 12): the mapiHttp URLs, the
// MobileSync URL and the Autodiscover v2 answers, in plan --json and as rendered files.
#include "fixtures.hpp"

#include <adplan/planner/client_answers.hpp>
#include <adplan/planner/plan_json.hpp>
#include <adplan/render/client_answers.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

using namespace adplan;
using test::contoso_json;
using test::plan_of;

TEST_CASE("answers: every scenario, from the plan's URLs") {
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    const Plan p = plan_of(contoso_json(n));
    auto a = client_answers(p);
    REQUIRE(a.mapi_http);
    CHECK(a.mapi_http->mailstore_external == "https://mail.contoso.com/mapi/emsmdb/");
    CHECK(a.mapi_http->addressbook_external == "https://mail.contoso.com/mapi/nspi/");
    CHECK(a.mapi_http->mailstore_internal ==
          (n == 1 ? "https://cas01.contoso.com/mapi/emsmdb/" : "https://mail.contoso.com/mapi/emsmdb/"));
    CHECK(a.mobilesync_url == "https://mail.contoso.com/Microsoft-Server-ActiveSync");
    REQUIRE(a.autodiscover_v2.size() == 3);
    CHECK(a.autodiscover_v2[0].protocol == "AutodiscoverV1");
    CHECK(a.autodiscover_v2[0].url == p.autodiscover_url);
    CHECK(a.autodiscover_v2[1].protocol == "Ews");
    CHECK(a.autodiscover_v2[1].url == "https://mail.contoso.com/EWS/Exchange.asmx");
    CHECK(a.autodiscover_v2[2].protocol == "ActiveSync");
    CHECK(a.autodiscover_v2[2].url == "https://mail.contoso.com/Microsoft-Server-ActiveSync");
  }
}

TEST_CASE("answers: only what the plan publishes") {
  auto j = contoso_json(2);
  j["exchange"] = "2010";
  j["services"] = {"oab", "owa"};
  auto a = client_answers(plan_of(j));
  CHECK_FALSE(a.mapi_http);
  CHECK_FALSE(a.mobilesync_url);
  CHECK(a.autodiscover_v2.empty());  // 2010 has no Autodiscover v2
  auto json = to_json(plan_of(j))["answers"];
  CHECK(json["mapi_http"].is_null());
  CHECK(json["mobilesync_url"].is_null());
  CHECK(json["autodiscover_v2"].empty());
  j["exchange"] = "2013";
  a = client_answers(plan_of(j));
  REQUIRE(a.autodiscover_v2.size() == 1);
  CHECK(a.autodiscover_v2[0].protocol == "AutodiscoverV1");
}

TEST_CASE("answers: in plan --json") {
  auto j = to_json(plan_of(contoso_json(3)))["answers"];
  CHECK(j["mapi_http"]["mailstore"]["external"] == "https://mail.contoso.com/mapi/emsmdb/");
  CHECK(j["mapi_http"]["addressbook"]["internal"] == "https://mail.contoso.com/mapi/nspi/");
  CHECK(j["mobilesync_url"] == "https://mail.contoso.com/Microsoft-Server-ActiveSync");
  CHECK(j["autodiscover_v2"][1] ==
        nlohmann::ordered_json{{"protocol", "Ews"}, {"url", "https://mail.contoso.com/EWS/Exchange.asmx"}});
}

TEST_CASE("answers: the mobilesync response (MS-ASCMD) parses back to the plan's URL") {
  const Plan p = plan_of(contoso_json(4));
  render::Mailbox m{*EmailAddress::parse("ann@contoso.com"), "Ann <&> Example"};
  auto xml = render::render_mobilesync_xml(p, m, render::TemplateSet{});
  REQUIRE(xml);
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml->c_str()));
  auto root = doc.child("Autodiscover");
  CHECK(std::string_view(root.attribute("xmlns").value()) == render::k_ns_response);
  auto r = root.child("Response");
  CHECK(std::string_view(r.attribute("xmlns").value()) ==
        "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006");
  CHECK(std::string_view(r.child_value("Culture")) == "en:us");
  CHECK(std::string_view(r.child("User").child_value("DisplayName")) == "Ann <&> Example");
  CHECK(std::string_view(r.child("User").child_value("EMailAddress")) == "ann@contoso.com");
  auto server = r.child("Action").child("Settings").child("Server");
  CHECK(std::string_view(server.child_value("Type")) == "MobileSync");
  CHECK(std::string_view(server.child_value("Url")) == "https://mail.contoso.com/Microsoft-Server-ActiveSync");
  CHECK(std::string_view(server.child_value("Name")) == "https://mail.contoso.com/Microsoft-Server-ActiveSync");

  auto j = contoso_json(4);
  j["services"] = {"ews"};
  const Plan none = plan_of(j);
  auto refused = render::render_mobilesync_xml(none, m, render::TemplateSet{});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "render.no-activesync");
}

TEST_CASE("answers: the v2 JSON") {
  CHECK(render::render_v2_json({"Ews", "https://mail.contoso.com/EWS/Exchange.asmx"}) ==
        "{\"Protocol\":\"Ews\",\"Url\":\"https://mail.contoso.com/EWS/Exchange.asmx\"}\n");
}
