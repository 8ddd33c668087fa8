// The POX request and response (MS-OXDISCO 2.2.3, 2.2.4) with pugixml.
#include <adplan/model/sanitize.hpp>
#include <adplan/probe/internal/pox.hpp>

#include <doctest/doctest.h>

using namespace adplan::probe;

namespace {
const char* k_settings = R"(<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <User><DisplayName>Test</DisplayName><AutoDiscoverSMTPAddress>test@contoso.com</AutoDiscoverSMTPAddress></User>
    <Account>
      <AccountType>email</AccountType><Action>settings</Action>
      <Protocol><Type>EXCH</Type><Server>cas01.contoso.com</Server><EwsUrl>https://cas01.contoso.com/EWS/Exchange.asmx</EwsUrl></Protocol>
      <Protocol><Type>EXPR</Type><Server>mail.contoso.com</Server><ASUrl>https://mail.contoso.com/EWS/Exchange.asmx</ASUrl>
        <EwsUrl>https://mail.contoso.com/EWS/Exchange.asmx</EwsUrl><OABUrl>https://mail.contoso.com/OAB/x/</OABUrl><CertPrincipalName>msstd:mail.contoso.com</CertPrincipalName></Protocol>
    </Account>
  </Response>
</Autodiscover>)";
}  // namespace

TEST_CASE("pox: the request carries the address and both 2006 namespaces (http://)") {
  auto xml = pox_request("user@contoso.com");
  CHECK(xml.find(
            "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">") !=
        std::string::npos);
  CHECK(xml.find("<EMailAddress>user@contoso.com</EMailAddress>") != std::string::npos);
  CHECK(xml.find("<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/"
                 "2006a</AcceptableResponseSchema>") != std::string::npos);
  CHECK(pox_request("a<b@contoso.com").find("a&lt;b@contoso.com") != std::string::npos);
  CHECK(pox_request("u@c.com", PoxSchema::MobileSync).find("mobilesync/requestschema/2006") != std::string::npos);
}

TEST_CASE("pox: a settings response") {
  auto r = parse_pox_response(k_settings);
  CHECK(r.valid);
  CHECK(r.action == "settings");
  REQUIRE(r.protocols.size() == 2);
  CHECK(r.protocols[1].type == "EXPR");
  REQUIRE(r.protocols[1].urls.size() == 3);
  CHECK(r.protocols[1].urls[0].first == "ASUrl");
  CHECK(r.protocols[1].urls[1].second == "https://mail.contoso.com/EWS/Exchange.asmx");
}

TEST_CASE("pox: redirects and errors") {
  auto redirect = parse_pox_response(
      R"(<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><Action>redirectAddr</Action><RedirectAddr>u@fabrikam.com</RedirectAddr></Account></Response></Autodiscover>)");
  CHECK(redirect.valid);
  CHECK(redirect.action == "redirectAddr");
  CHECK(redirect.redirect == "u@fabrikam.com");
  auto error = parse_pox_response(
      R"(<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response><Error Time="1" Id="2"><ErrorCode>600</ErrorCode><Message>Invalid Request</Message><DebugData/></Error></Response></Autodiscover>)");
  CHECK(error.valid);
  REQUIRE(error.error_code);
  CHECK(*error.error_code == "600");
  CHECK(error.error_message == "Invalid Request");
}

TEST_CASE("pox: what is not a response, and why") {
  SUBCASE("HTML") {
    auto r = parse_pox_response("<html><body>It works</body></html>");
    CHECK_FALSE(r.valid);
    CHECK(r.problem.find("<html>") != std::string::npos);
  }
  SUBCASE("not XML") {
    auto r = parse_pox_response("{\"json\": true}");
    CHECK_FALSE(r.valid);
    CHECK(r.problem.find("not well-formed") != std::string::npos);
  }
  SUBCASE("the request schema's namespace") {
    auto r = parse_pox_response(
        R"(<Autodiscover xmlns="https://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response/></Autodiscover>)");
    CHECK_FALSE(r.valid);
  }
  SUBCASE("an inner response in the wrong schema") {
    auto r = parse_pox_response(
        R"(<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="urn:other"><Account><Action>settings</Action></Account></Response></Autodiscover>)");
    CHECK_FALSE(r.valid);
  }
  SUBCASE("entities are not expanded") {
    auto r = parse_pox_response(
        R"(<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><Action>&x;</Action></Account></Response></Autodiscover>)");
    CHECK(r.action.find("root:") == std::string::npos);
  }
}

TEST_CASE("pox: what the server sent is kept as valid UTF-8 (ill-formed bytes become U+FFFD)") {
  auto error = parse_pox_response(
      "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\"><Response>"
      "<Error><ErrorCode>600\xff\xfe</ErrorCode><Message>\x1b[2J bad \xed\xa0\x80 \xc0\xaf</Message></Error>"
      "</Response></Autodiscover>");
  CHECK(error.valid);
  REQUIRE(error.error_code);
  CHECK(*error.error_code == "600\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(error.error_message == "\x1b[2J bad \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD");
  // A character reference to a surrogate decodes to ill-formed UTF-8 in pugixml: replaced too.
  auto ref = parse_pox_response(
      "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\"><Response>"
      "<Error><ErrorCode>&#xD800;</ErrorCode></Error></Response></Autodiscover>");
  REQUIRE(ref.error_code);
  CHECK(adplan::is_valid_utf8(*ref.error_code));
  auto wrong = parse_pox_response("<r\xff xmlns=\"urn:\xfe\"/>");
  CHECK_FALSE(wrong.valid);
  CHECK(adplan::is_valid_utf8(wrong.problem));
}

TEST_CASE("pox: Outlook 2016's headers, the mapiHttp section (Type attribute) and WEB's external OWA URL") {
  auto h = outlook_headers("user@contoso.com");
  CHECK(h == std::vector<std::string>{"X-MapiHttpCapability: 1", "X-AnchorMailbox: user@contoso.com"});
  CHECK(std::string(k_outlook_user_agent).starts_with("Microsoft Office/16.0 ("));
  const char* body = R"(<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
  <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">
    <Account><AccountType>email</AccountType><Action>settings</Action>
      <Protocol Type="mapiHttp" Version="1">
        <MailStore><InternalUrl>https://cas01.contoso.com/mapi/emsmdb/?MailboxId=a@contoso.com</InternalUrl>
          <ExternalUrl>https://mail.contoso.com/mapi/emsmdb/?MailboxId=a@contoso.com</ExternalUrl></MailStore>
        <AddressBook><ExternalUrl>https://mail.contoso.com/mapi/nspi/?MailboxId=a@contoso.com</ExternalUrl></AddressBook>
      </Protocol>
      <Protocol><Type>WEB</Type><External><OWAUrl AuthenticationMethod="Fba">https://mail.contoso.com/owa/</OWAUrl></External></Protocol>
    </Account></Response></Autodiscover>)";
  auto r = parse_pox_response(body);
  REQUIRE(r.valid);
  REQUIRE(r.protocols.size() == 2);
  CHECK(r.protocols[0].type == "mapiHttp");
  using P = std::pair<std::string, std::string>;
  CHECK(r.protocols[0].urls ==
        std::vector<P>{{"MailStore/InternalUrl", "https://cas01.contoso.com/mapi/emsmdb/?MailboxId=a@contoso.com"},
                       {"MailStore/ExternalUrl", "https://mail.contoso.com/mapi/emsmdb/?MailboxId=a@contoso.com"},
                       {"AddressBook/ExternalUrl", "https://mail.contoso.com/mapi/nspi/?MailboxId=a@contoso.com"}});
  CHECK(r.protocols[1].urls == std::vector<P>{{"External/OWAUrl", "https://mail.contoso.com/owa/"}});
}
