// SC-081 lifetimes and the lifetime-relative renewal rule (a third of the lifetime; the old
// 30 days for lifetimes over 398 days), at 47, 100, 200 and 398 days.
#include <adplan/planner/lifetime.hpp>
#include <adplan/planner/lint.hpp>

#include <doctest/doctest.h>

namespace {

using namespace std::chrono;
using namespace adplan;

constexpr std::int64_t k_day = 86400;
constexpr std::int64_t k_t = 1'800'000'000;  // 2027-01-15

// A certificate valid `days` days, notBefore through notAfter inclusive.
std::pair<std::int64_t, std::int64_t> cert(int days) {
  return {k_t, k_t + days * k_day - 1};
}

}  // namespace

TEST_CASE("lifetime: the SC-081 schedule") {
  CHECK(max_public_validity_days(year{2026} / March / 14) == 398);
  CHECK(max_public_validity_days(year{2026} / March / 15) == 200);
  CHECK(max_public_validity_days(year{2027} / March / 15) == 100);
  CHECK(max_public_validity_days(year{2029} / March / 14) == 100);
  CHECK(max_public_validity_days(year{2029} / March / 15) == 47);
  auto s = sc081_schedule();
  REQUIRE(s.size() == 4);
  for (const auto& step : s) CHECK(max_public_validity_days(step.from) == step.days);
}

TEST_CASE("lifetime: expiring soon when less than a third is left") {
  struct Case {
    int days;
    std::int64_t window_days;  // rounded down
  };
  // 47 -> 15 2/3 days, 100 -> 33 1/3, 200 -> 66 2/3, 398 -> 132 2/3; 399 and more: 30.
  for (auto [days, window] :
       {Case{47, 15}, Case{100, 33}, Case{200, 66}, Case{398, 132}, Case{399, 30}, Case{825, 30}, Case{90, 30}}) {
    INFO(days << " days");
    auto [nb, na] = cert(days);
    CHECK(renewal_window_seconds(na - nb + 1) / k_day == window);
    const std::int64_t due = renewal_due(nb, na);
    CHECK_FALSE(expiring_soon(nb, na, due - 1));
    CHECK(expiring_soon(nb, na, due));
    CHECK(expiring_soon(nb, na, na));
    CHECK_FALSE(expiring_soon(nb, na, na + 1));  // expired, not expiring
  }
  // At 47 days the old fixed 30-day rule would fire after 17 days; the third fires after ~31.
  auto [nb, na] = cert(47);
  CHECK_FALSE(expiring_soon(nb, na, nb + 20 * k_day));
  CHECK(expiring_soon(nb, na, nb + 32 * k_day));
}

TEST_CASE("lifetime: the renewal sentence names the date and the rule") {
  auto [nb, na] = cert(200);
  CHECK(renewal_sentence(nb, na).find("a third of its 200-day lifetime") != std::string::npos);
  auto [ob, oa] = cert(730);
  CHECK(renewal_sentence(ob, oa).find("30 days before it expires (the fixed 30 days") != std::string::npos);
}

TEST_CASE("lifetime: two years of renewals under SC-081") {
  auto r = renewal_schedule(year{2026} / November / 24, year{2028} / November / 24);
  REQUIRE_FALSE(r.empty());
  CHECK(r.front().issued == year{2026} / November / 24);
  CHECK(r.front().lifetime_days == 200);
  CHECK(r.front().expires == year{2027} / June / 11);
  CHECK(r.front().renew == year{2027} / April / 6);
  // Issued after 2027-03-15: 100 days, renewed every ~67 days.
  CHECK(r[1].issued == r[0].renew);
  CHECK(r[1].lifetime_days == 100);
  for (std::size_t i = 1; i < r.size(); ++i) {
    CHECK(r[i].issued == r[i - 1].renew);
    CHECK(sys_days{r[i].renew} <= sys_days{year{2028} / November / 24});
  }
  auto later = renewal_schedule(year{2029} / March / 15, year{2029} / December / 31);
  REQUIRE(later.size() >= 2);
  CHECK(later[0].lifetime_days == 47);
  CHECK((sys_days{later[1].issued} - sys_days{later[0].issued}).count() == 31);
}
