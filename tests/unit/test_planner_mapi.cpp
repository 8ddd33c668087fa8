// MAPI over HTTP in the plan (issue 11): the mapi service per Exchange version, its URLs and
// cmdlets, the organisation switch where the version needs it, and the services a version
// lacks refused with the reason (like UM after 2010).
#include "fixtures.hpp"

#include <adplan/render/autodiscover_xml.hpp>
#include <adplan/render/runbook.hpp>
#include <adplan/render/scripts.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace adplan;
using test::contoso_json;
using test::has_finding;
using test::plan_of;

namespace {

std::vector<const ServiceUrl*> mapi_urls(const Plan& p) {
  std::vector<const ServiceUrl*> out;
  for (const auto& u : p.urls) {
    if (u.service == Service::Mapi) out.push_back(&u);
  }
  return out;
}

const Finding* finding(const Plan& p, std::string_view id) {
  auto it = std::ranges::find(p.findings, id, &Finding::id);
  return it == p.findings.end() ? nullptr : &*it;
}

bool has_command(const Plan& p, std::string_view text) {
  return std::ranges::any_of(p.steps, [&](const PlanStep& s) {
    return std::ranges::any_of(s.commands, [&](const std::string& c) { return c.find(text) != std::string::npos; });
  });
}

}  // namespace

TEST_CASE("mapi: the default version is Subscription Edition and publishes mapi") {
  auto j = contoso_json(3);
  j.erase("exchange");
  const Plan p = plan_of(j);
  CHECK(p.exchange == ExchangeVersion::ExSE);
  CHECK_FALSE(has_finding(p, "exchange.unsupported"));
  auto urls = mapi_urls(p);
  REQUIRE(urls.size() == 1);
  CHECK(urls[0]->internal == "https://mail.contoso.com/mapi");
  CHECK(urls[0]->external == "https://mail.contoso.com/mapi");
  CHECK(urls[0]->cmdlet ==
        "Set-MapiVirtualDirectory -Identity 'CAS01\\mapi (Default Web Site)' -ExternalUrl "
        "'https://mail.contoso.com/mapi' -InternalUrl 'https://mail.contoso.com/mapi'");
  // On by default from 2016: no organisation switch.
  CHECK_FALSE(has_command(p, "MapiHttpEnabled"));
}

TEST_CASE("mapi: 2019 stays selectable with its end-of-support warning") {
  auto j = contoso_json(2);
  j["exchange"] = "2019";
  const Plan p = plan_of(j);
  CHECK(p.exchange == ExchangeVersion::Ex2019);
  CHECK(has_finding(p, "exchange.unsupported"));
  CHECK(mapi_urls(p).size() == 1);
}

TEST_CASE("mapi: URLs on the external host in scenarios 2-4, the server's name in scenario 1") {
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    const Plan p = plan_of(contoso_json(n));
    auto urls = mapi_urls(p);
    REQUIRE(urls.size() == 1);
    CHECK(urls[0]->external == "https://mail.contoso.com/mapi");
    CHECK(urls[0]->internal == (n == 1 ? "https://cas01.contoso.com/mapi" : "https://mail.contoso.com/mapi"));
    CHECK(has_command(p, "Set-MapiVirtualDirectory -Identity 'CAS01\\mapi (Default Web Site)'"));
    CHECK_FALSE(has_finding(p, "plan.url-not-covered"));
  }
}

TEST_CASE("mapi: the certificate names do not change (the URLs are on names already there)") {
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    auto j = contoso_json(n);
    j["services"] = {"ews", "oab", "outlook-anywhere", "owa", "activesync"};
    const Plan without = plan_of(j);
    j["services"].push_back("mapi");
    const Plan with = plan_of(j);
    REQUIRE(with.certificates.size() == without.certificates.size());
    for (std::size_t i = 0; i < with.certificates.size(); ++i)
      CHECK(with.certificates[i].sans == without.certificates[i].sans);
    CHECK(mapi_urls(without).empty());
    CHECK(mapi_urls(with).size() == 1);
  }
}

TEST_CASE("mapi: Exchange 2013 needs SP1 and the organisation switch") {
  auto j = contoso_json(2);
  j["exchange"] = "2013";
  const Plan p = plan_of(j);
  CHECK(mapi_urls(p).size() == 1);
  CHECK(has_finding(p, "exchange.mapi-needs-sp1"));
  CHECK(has_command(p, "Set-OrganizationConfig -MapiHttpEnabled $true"));
  j["exchange"] = "2016";
  const Plan p2016 = plan_of(j);
  CHECK_FALSE(has_finding(p2016, "exchange.mapi-needs-sp1"));
  CHECK_FALSE(has_command(p2016, "MapiHttpEnabled"));
}

TEST_CASE("mapi: refused before 2013 with the reason, like UM after 2010") {
  struct Case {
    const char* version;
    const char* service;
    const char* finding;
    Service left_out;
  };
  for (const auto& c : {Case{"2007", "mapi", "exchange.mapi-unavailable", Service::Mapi},
                        Case{"2010", "mapi", "exchange.mapi-unavailable", Service::Mapi},
                        Case{"2013", "um", "exchange.um-unavailable", Service::Um},
                        Case{"2016", "um", "exchange.um-unavailable", Service::Um},
                        Case{"2019", "um", "exchange.um-unavailable", Service::Um},
                        Case{"SE", "um", "exchange.um-unavailable", Service::Um}}) {
    CAPTURE(c.version);
    CAPTURE(c.service);
    auto j = contoso_json(2);
    j["exchange"] = c.version;
    j["services"] = {"ews", c.service};
    const Plan p = plan_of(j);
    const Finding* f = finding(p, c.finding);
    REQUIRE(f);
    CHECK(f->severity == Severity::Warning);
    CHECK(f->remedy.find(std::string("remove \"") + c.service + "\"") != std::string::npos);
    CHECK(std::ranges::none_of(p.urls, [&](const ServiceUrl& u) { return u.service == c.left_out; }));
    CHECK_FALSE(has_command(p, "MapiHttpEnabled"));
  }
  // The versions that have the service raise nothing.
  for (const char* v : {"2013", "2016", "2019", "SE"}) {
    auto j = contoso_json(2);
    j["exchange"] = v;
    CHECK_FALSE(has_finding(plan_of(j), "exchange.mapi-unavailable"));
  }
}

TEST_CASE("mapi: in exchange.ps1, the runbook and the expected response") {
  auto j = contoso_json(4);
  j["exchange"] = "2013";
  const Plan p = plan_of(j);
  auto ps1 = render::render_exchange_script(p, render::TemplateSet{});
  REQUIRE(ps1);
  CHECK(ps1->find("Set-MapiVirtualDirectory -Identity 'CAS01\\mapi (Default Web Site)' -ExternalUrl "
                  "'https://mail.contoso.com/mapi' -InternalUrl 'https://mail.contoso.com/mapi'") != std::string::npos);
  CHECK(ps1->find("\nSet-OrganizationConfig -MapiHttpEnabled $true\n") != std::string::npos);
  auto md = render::render_runbook(p, render::TemplateSet{});
  REQUIRE(md);
  CHECK(md->find("Set-MapiVirtualDirectory") != std::string::npos);
  CHECK(md->find("Set-OrganizationConfig -MapiHttpEnabled $true") != std::string::npos);
  auto xml = render::render_autodiscover_xml(p, render::default_mailbox(p), render::TemplateSet{});
  REQUIRE(xml);
  CHECK(xml->find("<Protocol Type=\"mapiHttp\" Version=\"1\">") != std::string::npos);
  // 2010 has no MAPI over HTTP: no mapiHttp section.
  j["exchange"] = "2010";
  const Plan p2010 = plan_of(j);
  auto xml2010 = render::render_autodiscover_xml(p2010, render::default_mailbox(p2010), render::TemplateSet{});
  REQUIRE(xml2010);
  CHECK(xml2010->find("mapiHttp") == std::string::npos);
}
