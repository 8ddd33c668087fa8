// adplan diff: golden cases (tests/golden/diff/<case>/{old.json,new.json,expected.txt}; the
// inputs are what `adplan init` writes, see tests/golden/diff/README.md) and the change plan's
// order. ADPLAN_UPDATE_GOLDEN=1 rewrites expected.txt.
#include "fixtures.hpp"
#include "golden.hpp"

#include <adplan/planner/diff.hpp>
#include <adplan/planner/diff_json.hpp>
#include <adplan/render/diff_text.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace adplan;

namespace {

Plan plan_file(const std::string& c, const std::string& name) {
  auto path = std::filesystem::path(ADPLAN_SOURCE_DIR) / "tests/golden/diff" / c / name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  auto d = load_deployment(text.str(), name);
  REQUIRE(d);
  return make_plan(*d, *find_scenario(d->scenario), PlanOptions{test::k_today});
}

Diff golden_diff(const std::string& c) {
  return diff_plans(plan_file(c, "old.json"), plan_file(c, "new.json"), DiffOptions{"new.json"});
}

std::size_t step_index(const Diff& d, std::string_view id) {
  auto it = std::ranges::find(d.steps, std::string(id), &ChangeStep::id);
  return static_cast<std::size_t>(it - d.steps.begin());
}

const std::vector<std::string> k_cases{"migrate-4-to-1", "migrate-2-to-3", "one-to-two-servers", "add-tenant-domain",
                                       "equal"};

}  // namespace

TEST_CASE("diff golden: every case") {
  for (const auto& c : k_cases) {
    INFO(c);
    auto d = golden_diff(c);
    auto text = render::render_diff_text(d);
    CHECK(text == render::render_diff_text(golden_diff(c)));  // deterministic
    test::check_golden("diff/" + c + "/expected.txt", text);
    CHECK(to_json(d)["equal"] == (c == "equal"));
  }
}

TEST_CASE("diff: equal plans give an empty diff and no change plan") {
  auto d = golden_diff("equal");
  CHECK(d.empty());
  CHECK(d.steps.empty());
  CHECK(render::render_diff_text(d).empty());
  auto p = test::plan_of(test::enterprise_json(3));
  CHECK(diff_plans(p, p).empty());
}

TEST_CASE("diff: 4 -> 1 reissues the certificate, moves the autodiscover record, deletes the redirect site") {
  auto d = golden_diff("migrate-4-to-1");
  REQUIRE(d.certificates.size() == 1);
  CHECK(d.certificates[0].kind == ChangeKind::Changed);
  CHECK(d.certificates[0].reissue);
  CHECK(std::ranges::count(d.certificates[0].names_added, "autodiscover.contoso.com") == 1);
  CHECK(d.certificates[0].names_removed.empty());
  auto ext = std::ranges::find_if(d.dns, [](const DnsDiff& r) {
    return r.view == "external" && r.name == "autodiscover.contoso.com." && r.type == "A";
  });
  REQUIRE(ext != d.dns.end());
  CHECK(ext->kind == ChangeKind::Changed);
  REQUIRE(ext->removed.size() == 1);
  CHECK(ext->removed[0].value == "203.0.113.11");
  REQUIRE(ext->added.size() == 1);
  CHECK(ext->added[0].value == "203.0.113.10");
  auto redirect = std::ranges::find(d.sites, std::string("redirect"), &SiteDiff::key);
  REQUIRE(redirect != d.sites.end());
  CHECK(redirect->kind == ChangeKind::Removed);
  // The SCP goes back to the server's own name: scenario 1 has no cmdlet, the diff makes one.
  REQUIRE(!d.scp.empty());
  CHECK(d.scp[0].command.find("-AutoDiscoverServiceInternalUri 'https://cas01.contoso.com/autodiscover/") !=
        std::string::npos);
  CHECK(std::ranges::all_of(d.urls, [](const UrlDiff& u) {
    return u.command.find("-InternalUrl 'https://cas01.contoso.com/") != std::string::npos ||
           u.command.find("-InternalHostname 'cas01.contoso.com'") != std::string::npos;
  }));
}

TEST_CASE("diff: the change plan adds before it removes and names the TTL wait") {
  for (const auto& c : k_cases) {
    if (c == "equal") continue;
    INFO(c);
    auto d = golden_diff(c);
    REQUIRE(!d.steps.empty());
    // certificates < sites < dns < wait-ttl < urls < removals, for the steps present.
    std::vector<std::size_t> order;
    for (auto id : {"certificates", "sites", "dns", "wait-ttl", "urls", "removals"}) {
      auto i = step_index(d, id);
      if (i < d.steps.size()) order.push_back(i);
    }
    CHECK(std::ranges::is_sorted(order));
    CHECK(order.size() == d.steps.size());
    for (const auto& s : d.steps) CHECK(!s.check.empty());
  }
  auto d = golden_diff("migrate-4-to-1");
  CHECK(d.ttl_wait == 3600);
  auto wait = step_index(d, "wait-ttl");
  REQUIRE(wait < d.steps.size());
  CHECK(d.steps[wait].title.find("3600 s (1 hour)") != std::string::npos);
  CHECK(step_index(d, "dns") < wait);
  CHECK(wait < step_index(d, "urls"));
  CHECK(step_index(d, "removals") == d.steps.size() - 1);
}

TEST_CASE("diff: a new server in a new site and a new tenant domain") {
  auto servers = golden_diff("one-to-two-servers");
  CHECK(std::ranges::any_of(servers.values,
                            [](const ValueDiff& v) { return v.field == "server CAS02" && v.before.empty(); }));
  CHECK(std::ranges::any_of(servers.scp,
                            [](const ScpDiff& e) { return e.server == "CAS02" && e.kind == ChangeKind::Added; }));
  auto tenant = golden_diff("add-tenant-domain");
  CHECK(std::ranges::any_of(tenant.values,
                            [](const ValueDiff& v) { return v.field == "domain" && v.after == "fabrikam.com"; }));
  CHECK(std::ranges::any_of(tenant.dns, [](const DnsDiff& r) {
    return r.view == "external" && r.name == "autodiscover.fabrikam.com." && r.kind == ChangeKind::Added;
  }));
}

TEST_CASE("diff: Windows DNS lines quote every value") {
  DnsRecord a{"contoso.com", "autodiscover.contoso.com.", "A", "203.0.113.10", 3600, ""};
  CHECK(windows_dns_add(a) ==
        "Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '203.0.113.10' "
        "-TimeToLive ([TimeSpan]::FromSeconds(3600))");
  CHECK(windows_dns_remove(a) ==
        "Remove-DnsServerResourceRecord -ZoneName 'contoso.com' -Name 'autodiscover' -RRType 'A' -RecordData "
        "'203.0.113.10' -Force");
  DnsRecord srv{"contoso.com", "_autodiscover._tcp.contoso.com.", "SRV", "0 0 443 mail.contoso.com.", 3600, ""};
  CHECK(windows_dns_add(srv) ==
        "Add-DnsServerResourceRecord -Srv -ZoneName 'contoso.com' -Name '_autodiscover._tcp' -DomainName "
        "'mail.contoso.com' -Priority '0' -Weight '0' -Port '443' -TimeToLive ([TimeSpan]::FromSeconds(3600))");
}
