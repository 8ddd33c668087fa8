// Every scenario's plan for the paper's contoso.com organisation, against golden files and
// against the white paper's requirements table.
#include "fixtures.hpp"
#include "golden.hpp"

#include <adplan/model/host_name.hpp>
#include <adplan/model/registrable_domain.hpp>
#include <adplan/planner/plan_json.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using adplan::test::contoso_json;
using adplan::test::plan_of;

namespace {

std::vector<std::string> sans(const PlannedCertificate& c) {
  std::vector<std::string> out;
  for (const auto& n : c.sans) out.push_back(n.str());
  return out;
}

std::vector<std::string> records(const std::vector<DnsRecord>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.name + " " + r.type + " " + r.value);
  return out;
}

}  // namespace

TEST_CASE("the requirements row is the paper's table, for every scenario") {
  // White paper, "The following table outlines the various requirements for each scenario".
  const Requirements paper[4] = {
      {true, false, true, false, 1, false, false},
      {true, false, true, false, 1, true, true},
      {true, true, true, true, 2, true, true},
      {true, true, true, true, 1, true, true},
  };
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    Plan p = plan_of(contoso_json(n));
    CHECK(p.requirements == paper[n - 1]);
    // The derived plan agrees with its own row.
    CHECK(static_cast<int>(p.certificates.size()) == p.requirements.certificate_count);
    CHECK(std::ranges::any_of(p.scp, [](const ScpEntry& e) { return e.changed; }) == p.requirements.scp_change);
    CHECK(std::ranges::any_of(p.urls, [](const ServiceUrl& u) { return u.internal_changed; }) ==
          p.requirements.web_services_url_change);
    bool second_public =
        std::ranges::any_of(p.dns_external, [](const DnsRecord& r) { return r.value == "203.0.113.11"; });
    CHECK(second_public == p.requirements.secondary_public_ip);
    bool second_binding = std::ranges::any_of(p.sites, [](const PlannedSite& s) {
      return std::ranges::any_of(s.bindings, [](const SiteBinding& b) { return b.ip.str() == "192.0.2.11"; });
    });
    CHECK(second_binding == p.requirements.secondary_ip);
  }
}

TEST_CASE("the contoso example plans lint clean of errors") {
  for (int n = 1; n <= 4; ++n) {
    CAPTURE(n);
    CHECK_FALSE(has_errors(plan_of(contoso_json(n)).findings));
  }
}

TEST_CASE("scenario 1: one SAN certificate naming external host, autodiscover and the servers") {
  Plan p = plan_of(contoso_json(1));
  REQUIRE(p.certificates.size() == 1);
  CHECK(p.certificates[0].common_name.str() == "mail.contoso.com");
  CHECK(sans(p.certificates[0]) ==
        std::vector<std::string>{"mail.contoso.com", "autodiscover.contoso.com", "cas01.contoso.com"});
  CHECK(p.certificates[0].bindings == std::vector<std::string>{"192.0.2.10:443"});
  CHECK(p.scp[0].url == "https://cas01.contoso.com/autodiscover/autodiscover.xml");
  CHECK_FALSE(p.scp[0].changed);
  CHECK(p.scp[0].cmdlet.empty());
  CHECK(records(p.dns_external) ==
        std::vector<std::string>{"autodiscover.contoso.com. A 203.0.113.10", "mail.contoso.com. A 203.0.113.10"});
}

TEST_CASE("scenario 2: single name, SRV, SCP and internal URLs on the external host (not the paper's slip)") {
  Plan p = plan_of(contoso_json(2));
  REQUIRE(p.certificates.size() == 1);
  CHECK(sans(p.certificates[0]) == std::vector<std::string>{"mail.contoso.com"});
  CHECK(records(p.dns_external) ==
        std::vector<std::string>{"_autodiscover._tcp.contoso.com. SRV 0 0 443 mail.contoso.com.",
                                 "mail.contoso.com. A 203.0.113.10"});
  // Paper, scenario 2 step 2 says autodiscover.contoso.com: not on this certificate.
  CHECK(p.scp[0].url == "https://mail.contoso.com/autodiscover/autodiscover.xml");
  CHECK(p.scp[0].cmdlet ==
        "Set-ClientAccessService -Identity 'CAS01' -AutoDiscoverServiceInternalUri "
        "'https://mail.contoso.com/autodiscover/autodiscover.xml'");
  for (const auto& u : p.urls) CHECK(u.internal.find("mail.contoso.com") != std::string::npos);
  CHECK(std::ranges::any_of(p.steps, [](const PlanStep& s) { return s.id == "outlook-update"; }));
}

TEST_CASE("scenario 3: two certificates on two sites, autodiscover on the second public IP") {
  Plan p = plan_of(contoso_json(3));
  REQUIRE(p.certificates.size() == 2);
  CHECK(sans(p.certificates[1]) == std::vector<std::string>{"autodiscover.contoso.com"});
  CHECK(p.certificates[1].site == "Autodiscover Web Site");
  CHECK(p.certificates[1].bindings == std::vector<std::string>{"192.0.2.11:443"});
  CHECK(records(p.dns_external) ==
        std::vector<std::string>{"autodiscover.contoso.com. A 203.0.113.11", "mail.contoso.com. A 203.0.113.10"});
  // Paper, scenario 3 step 8 says autodiscover.contoso.com; domain members use the Default Web Site.
  CHECK(p.scp[0].url == "https://mail.contoso.com/autodiscover/autodiscover.xml");
  std::vector<std::string> ids;
  for (const auto& s : p.steps) ids.push_back(s.id);
  CHECK(ids == std::vector<std::string>{"add-secondary-ip", "dns-records", "request-certificate", "install-certificate",
                                        "bind-default-site", "create-autodiscover-site",
                                        "bind-autodiscover-certificate", "new-autodiscover-vdir", "set-scp",
                                        "exchange-urls"});
}

TEST_CASE("scenario 4: redirect site on the second IP, port 80, 302 to the external host") {
  Plan p = plan_of(contoso_json(4));
  REQUIRE(p.sites.size() == 2);
  const auto* r = p.site("redirect");
  REQUIRE(r);
  CHECK_FALSE(r->tls);
  CHECK(r->port == 80);
  CHECK(r->bindings[0].ip.str() == "192.0.2.11");
  CHECK(r->redirect_to == "https://mail.contoso.com/autodiscover/autodiscover.xml");
  CHECK(p.certificates.size() == 1);
  CHECK(adplan::test::has_finding(p, "scenario.redirect-prompt"));
}

TEST_CASE("golden plans per scenario") {
  // One copy of each plan's golden file: the plan.json artifact of tests/golden/render/<set>/.
  for (int n = 1; n <= 4; ++n) {
    adplan::test::check_golden("render/scenario-" + std::to_string(n) + "/plan.json",
                               to_json(plan_of(contoso_json(n))).dump(2) + "\n");
  }
  for (int n = 1; n <= 4; ++n) {
    adplan::test::check_golden("render/enterprise-" + std::to_string(n) + "/plan.json",
                               to_json(plan_of(adplan::test::enterprise_json(n))).dump(2) + "\n");
  }
}

TEST_CASE("plans are deterministic") {
  for (int n = 1; n <= 4; ++n) {
    CHECK(to_json(plan_of(contoso_json(n))).dump() == to_json(plan_of(contoso_json(n))).dump());
  }
}

TEST_CASE("a public suffix is never a zone: names outside the plan's domains go in their registrable domain") {
  // Issue 21: the zone was the parent name, "co.uk" for contoso-mail.co.uk and "com" for contosomail.com.
  for (const auto& [host, zone] :
       std::vector<std::pair<std::string, std::string>>{{"contoso-mail.co.uk", "contoso-mail.co.uk"},
                                                        {"mail.contoso-mail.co.uk", "contoso-mail.co.uk"},
                                                        {"contosomail.com", "contosomail.com"},
                                                        {"owa.mail.fabrikam.net", "fabrikam.net"}}) {
    CAPTURE(host);
    auto j = contoso_json(4);
    j["external_host"] = host;
    j["caa_issuers"] = {"letsencrypt.org"};
    Plan p = plan_of(j);
    bool found = false;
    for (const auto* records : {&p.dns_external, &p.dns_internal}) {
      for (const auto& r : *records) {
        CHECK_FALSE(is_public_suffix(r.zone));
        if (r.name == host + ".") {
          CHECK(r.zone == zone);
          found = true;
        }
      }
    }
    CHECK(found);
    CHECK_FALSE(has_errors(p.findings));
  }
}

TEST_CASE("a name that is itself a public suffix has no zone: plan.zone-public-suffix") {
  auto j = contoso_json(1);
  j["domains"] = {"contoso.com", "co.uk"};
  Plan p = plan_of(j);
  const Finding* f = nullptr;
  for (const auto& x : p.findings) {
    if (x.id == "plan.zone-public-suffix") f = &x;
  }
  REQUIRE(f != nullptr);
  CHECK(f->severity == Severity::Error);
  CHECK(f->subject == "co.uk");
}

TEST_CASE("registrable_domain: the Public Suffix List's answer") {
  CHECK(registrable_domain("mail.contoso-mail.co.uk") == "contoso-mail.co.uk");
  CHECK(registrable_domain("contosomail.com") == "contosomail.com");
  CHECK(registrable_domain("co.uk") == std::nullopt);
  CHECK(registrable_domain("com") == std::nullopt);
}
