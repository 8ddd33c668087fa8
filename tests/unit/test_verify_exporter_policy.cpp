// The exporter's decisions (issue 21): the scrape's time budget from a header anyone can send,
// which targets are probed and who named them, and the flag combinations refused.
#include <adplan/verify/exporter_policy.hpp>

#include <doctest/doctest.h>

using namespace adplan::verify;
using std::chrono::milliseconds;

TEST_CASE("exporter: the scrape budget from X-Prometheus-Scrape-Timeout-Seconds") {
  const milliseconds timeout{10'000};
  SUBCASE("no header: --timeout") {
    CHECK(scrape_budget(std::nullopt, timeout) == timeout);
  }
  SUBCASE("a shorter scrape: half a second before it") {
    CHECK(scrape_budget("4", timeout) == milliseconds{3500});
  }
  SUBCASE("fractions") {
    CHECK(scrape_budget("2.25", timeout) == milliseconds{1750});
  }
  SUBCASE("a longer scrape: --timeout still bounds it") {
    CHECK(scrape_budget("60", timeout) == timeout);
  }
  SUBCASE("a scrape shorter than the margin: the minimum") {
    CHECK(scrape_budget("0.6", timeout) == k_min_scrape);
    CHECK(scrape_budget("0.001", timeout) == k_min_scrape);
  }
  SUBCASE("values that are not a finite positive number are ignored, never cast") {
    for (const char* bad : {"nan", "NaN", "-nan", "inf", "-inf", "infinity", "-1", "0", "-0", "1e308", "1e309",
                            "-1e308", "10s", "", " ", "0x10", "1,5", "4 4"}) {
      INFO(bad);
      CHECK(scrape_budget(bad, timeout) == timeout);
    }
  }
  SUBCASE("trailing spaces are tolerated") {
    CHECK(scrape_budget("4  ", timeout) == milliseconds{3500});
  }
  SUBCASE("a --timeout below the minimum is raised to it, never 0") {
    CHECK(scrape_budget(std::nullopt, milliseconds{0}) == k_min_scrape);
  }
}

TEST_CASE("exporter: targets and who named them") {
  const std::set<std::string, std::less<>> plan{"contoso.com"}, file{"tenant.example"};
  auto p = exporter_target("contoso.com", plan, file, false);
  CHECK(p.allowed);
  CHECK(p.named_by.empty());  // the plan's: its own names get credentials
  auto t = exporter_target("tenant.example", plan, file, false);
  CHECK(t.allowed);
  CHECK(t.named_by == "--domains-file");
  CHECK_FALSE(exporter_target("attacker.example", plan, file, false).allowed);
  auto any = exporter_target("attacker.example", plan, file, true);
  CHECK(any.allowed);
  CHECK(any.named_by.find("scraper") != std::string::npos);
  CHECK(exporter_target("contoso.com", plan, file, true).named_by.empty());
}

TEST_CASE("exporter: --user with --allow-any-target needs --allow-redirect") {
  auto e = check_exporter_credentials(true, true, 0);
  REQUIRE(e);
  CHECK(e->field == "--allow-any-target");
  CHECK(e->hint.find("--allow-redirect") != std::string::npos);
  CHECK_FALSE(check_exporter_credentials(true, true, 1));
  CHECK_FALSE(check_exporter_credentials(false, true, 0));
  CHECK_FALSE(check_exporter_credentials(true, false, 0));
}

TEST_CASE("exporter: --listen off loopback is warned about") {
  CHECK(listen_warning("127.0.0.1:9711").empty());
  CHECK(listen_warning("127.8.9.10:80").empty());
  CHECK(listen_warning("[::1]:9711").empty());
  CHECK(listen_warning("0.0.0.0:9711").find("not a loopback") != std::string::npos);
  CHECK(listen_warning("[::]:9711").find("not a loopback") != std::string::npos);
  CHECK(listen_warning("192.0.2.7:9711").find("192.0.2.7:9711") != std::string::npos);
}

TEST_CASE("exporter: the ?target= of a /probe request") {
  const std::set<std::string, std::less<>> plan{"contoso.com"}, file{"fabrikam.com"};
  CHECK(probe_target(std::nullopt, plan, file, false).status == 400);
  CHECK(probe_target("not..a.name", plan, file, false).status == 400);
  CHECK(probe_target("\xff.example", plan, file, true).status == 400);
  const auto own = probe_target("Contoso.COM", plan, file, false);
  CHECK(own.status == 200);
  CHECK(own.domain == "contoso.com");
  CHECK(own.named_by.empty());
  const auto tenant = probe_target("fabrikam.com", plan, file, false);
  CHECK(tenant.status == 200);
  CHECK(tenant.named_by == "--domains-file");
  const auto other = probe_target("evil.example", plan, file, false);
  CHECK(other.status == 403);
  CHECK(other.domain == "evil.example");
  const auto any = probe_target("evil.example", plan, file, true);
  CHECK(any.status == 200);
  CHECK_FALSE(any.named_by.empty());
  CHECK(slot_wait(milliseconds{8000}) == milliseconds{4000});
}
