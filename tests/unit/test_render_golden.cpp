// Golden files for every artifact of every scenario (tests/golden/render/), for the built-in
// contoso.com example and a fuller organisation. ADPLAN_UPDATE_GOLDEN=1 rewrites them.
#include "fixtures.hpp"
#include "golden.hpp"

#include <adplan/render/artifacts.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <set>

namespace {

using namespace adplan;

render::RenderAllOptions fixed_options(const Plan& p) {
  render::RenderAllOptions o{
      {}, render::default_mailbox(p), std::nullopt, *IpAddress::parse("127.0.0.1"), render::zone_serial(test::k_today)};
  o.nginx.pki_dir = "/etc/adplan/pki";
  o.nginx.prefix = "/var/lib/adplan/nginx";
  o.acme.today = test::k_today;
  return o;
}

void check_set(const std::string& set, const Plan& p) {
  auto first = render::render_all(p, fixed_options(p), render::TemplateSet{});
  INFO(set << ": " << (first ? "" : first.error().to_string()));
  REQUIRE(first);
  auto again = render::render_all(p, fixed_options(p), render::TemplateSet{});
  REQUIRE(again);
  std::set<std::string> paths;
  for (std::size_t i = 0; i < first->size(); ++i) {
    const auto& a = (*first)[i];
    INFO(set << "/" << a.path);
    CHECK(a.content == (*again)[i].content);  // deterministic
    CHECK(a.content.ends_with("\n"));
    test::check_golden("render/" + set + "/" + a.path, a.content);
    paths.insert(a.path);
  }
  // No stale golden file for an artifact that is no longer rendered.
  auto dir = std::filesystem::path(ADPLAN_SOURCE_DIR) / "tests/golden/render" / set;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    auto rel = std::filesystem::relative(e.path(), dir).generic_string();
    if (rel == "plan.html") continue;  // render adds it with the picture; its golden: test_render_html_plan.cpp
    INFO("stale golden file " << rel);
    CHECK(paths.contains(rel));
  }
}

}  // namespace

TEST_CASE("render golden: the contoso.com example, every scenario") {
  for (int n = 1; n <= 4; ++n) check_set("scenario-" + std::to_string(n), test::plan_of(test::contoso_json(n)));
}

TEST_CASE("render golden: a fuller organisation, every scenario") {
  for (int n = 1; n <= 4; ++n) check_set("enterprise-" + std::to_string(n), test::plan_of(test::enterprise_json(n)));
}

TEST_CASE("render golden: CAA records in every DNS output (issue 14)") {
  auto j = test::contoso_json(1);
  j["caa_issuers"] = {"letsencrypt.org"};
  check_set("caa-1", test::plan_of(j));
}

TEST_CASE("render golden: mail doors and MTA-STS, every scenario (issue 23)") {
  for (int n = 1; n <= 4; ++n) {
    auto j = test::contoso_json(n);
    j["domains"] = {"contoso.com", "fabrikam.com"};
    j["doors"] = {{"smtp", {"mail.contoso.com"}},
                  {"submission", {"mail.contoso.com"}},
                  {"imap", {"mail.contoso.com"}},
                  {"pop", {"mail.contoso.com"}}};
    if (n == 1) {
      // Scenario 1's SAN certificate takes door names of their own.
      j["doors"]["smtp"] = {"mx1.contoso.com", "mail.contoso.com"};
      j["doors"]["imap"] = {"imap.contoso.com"};
    }
    j["mta_sts"] = {{"domains", {{"contoso.com", "enforce"}, {"fabrikam.com", "testing"}}}, {"max_age", 1209600}};
    check_set("doors-" + std::to_string(n), test::plan_of(j));
  }
}

TEST_CASE("render golden: a two-server pool behind a bridging load balancer (issue 24)") {
  auto j = test::contoso_json(1);
  j["exchange"] = "SE";
  j["servers"] = {{{"name", "EX01"}, {"fqdn", "ex01.contoso.com"}, {"ip", "192.0.2.10"}},
                  {{"name", "EX02"}, {"fqdn", "ex02.contoso.com"}, {"ip", "192.0.2.20"}}};
  j["doors"] = {{"smtp", {"mail.contoso.com"}}, {"imap", {"mail.contoso.com"}}};
  j["load_balancers"] = {{{"namespace", "mail.contoso.com"}, {"addresses", {"203.0.113.10"}}, {"tls", "bridging"}}};
  check_set("pool-2", test::plan_of(j));
}

TEST_CASE("render golden: the artifact list") {
  auto p = test::plan_of(test::contoso_json(3));
  auto all = render::render_all(p, fixed_options(p), render::TemplateSet{});
  REQUIRE(all);
  std::vector<std::string> paths;
  for (const auto& a : *all) paths.push_back(a.path);
  CHECK(paths == std::vector<std::string>{"acme/dns-01.zone",
                                          "acme/iis-http01.ps1",
                                          "acme/nginx-http01.conf",
                                          "acme/orders.txt",
                                          "acme/plan.json",
                                          "autodiscover-mobilesync.xml",
                                          "autodiscover-v2/ActiveSync.json",
                                          "autodiscover-v2/AutodiscoverV1.json",
                                          "autodiscover-v2/Ews.json",
                                          "autodiscover.xml",
                                          "deployment.dot",
                                          "directory/scp.ldif",
                                          "dns/external.json",
                                          "dns/external.ps1",
                                          "dns/external.zone",
                                          "dns/internal.json",
                                          "dns/internal.ps1",
                                          "dns/internal.zone",
                                          "dns/zones/external/contoso.com.zone",
                                          "dns/zones/internal/contoso.com.zone",
                                          "exchange.ps1",
                                          "iis.ps1",
                                          "nginx/adplan.conf",
                                          "nginx/lab.conf",
                                          "nginx/nginx.conf",
                                          "outlook-policy.ps1",
                                          "outlook-policy.reg",
                                          "plan.json",
                                          "runbook.md"});
}
