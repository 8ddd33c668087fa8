#include <adplan/planner/lifetime.hpp>

#include <adplan/model/date.hpp>
#include <adplan/planner/lint.hpp>

#include <array>

namespace adplan {
namespace {

using namespace std::chrono;

constexpr std::int64_t k_day = 86400;
// BR 6.3.2 before SC-081: 398 days; the old fixed renewal warning applies above it.
constexpr std::int64_t k_longest_public_days = 398;
constexpr std::int64_t k_old_window_days = 30;

std::int64_t seconds_of(year_month_day d) {
  return duration_cast<seconds>(sys_days{d}.time_since_epoch()).count();
}

year_month_day day_of(std::int64_t s) {
  return year_month_day{floor<days>(sys_seconds{seconds{s}})};
}

}  // namespace

std::span<const LifetimeStep> sc081_schedule() {
  // CA/B Forum ballot SC-081 (Baseline Requirements 6.3.2).
  static constexpr std::array<LifetimeStep, 4> k_steps{{
      {year{1970} / January / 1, 398},
      {year{2026} / March / 15, 200},
      {year{2027} / March / 15, 100},
      {year{2029} / March / 15, 47},
  }};
  return k_steps;
}

std::int64_t renewal_window_seconds(std::int64_t lifetime_s) {
  if (lifetime_s > k_longest_public_days * k_day) return k_old_window_days * k_day;
  return lifetime_s / 3;
}

std::int64_t renewal_due(std::int64_t not_before, std::int64_t not_after) {
  const std::int64_t lifetime = not_after - not_before + 1;  // inclusive (BR 6.3.2, RFC 5280 4.1.2.5)
  return not_after - renewal_window_seconds(lifetime);
}

bool expiring_soon(std::int64_t not_before, std::int64_t not_after, std::int64_t now) {
  return now >= renewal_due(not_before, not_after) && now <= not_after;
}

std::vector<RenewalDate> renewal_schedule(year_month_day first, year_month_day until) {
  std::vector<RenewalDate> out;
  year_month_day issued = first;
  while (sys_days{issued} <= sys_days{until}) {
    const int lifetime = max_public_validity_days(issued);
    // Valid from the start of `issued` for `lifetime` days inclusive.
    const std::int64_t nb = seconds_of(issued);
    const std::int64_t na = nb + lifetime * k_day - 1;
    year_month_day renew = day_of(renewal_due(nb, na));
    if (sys_days{renew} > sys_days{until}) break;
    out.push_back({issued, lifetime, day_of(na), renew});
    if (sys_days{renew} <= sys_days{issued}) break;  // cannot happen with lifetimes >= 1 day
    issued = renew;
  }
  return out;
}

std::string renewal_sentence(std::int64_t not_before, std::int64_t not_after) {
  const std::int64_t lifetime = not_after - not_before + 1;
  const std::int64_t window = renewal_window_seconds(lifetime);
  const std::int64_t lifetime_days = (lifetime + k_day / 2) / k_day;
  std::string rule = lifetime > k_longest_public_days * k_day
                         ? "the fixed 30 days kept for lifetimes over 398 days"
                         : "a third of its " + std::to_string(lifetime_days) + "-day lifetime";
  return "renew on " + iso_date(renewal_due(not_before, not_after)) + ", " + std::to_string(window / k_day) +
         " days before it expires (" + rule + ")";
}

}  // namespace adplan
