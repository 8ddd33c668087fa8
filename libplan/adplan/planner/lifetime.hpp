#pragma once
// Certificate lifetimes under CA/Browser Forum ballot SC-081 and the renewal rule ACME clients
// use: renew when a third of the lifetime remains (30 days of Let's Encrypt's 90), with the
// old fixed 30 days for lifetimes over 398 days. Pure: callers pass the dates.
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace adplan {

// One step of SC-081's schedule: certificates issued on or after `from` live at most `days`.
struct LifetimeStep {
  std::chrono::year_month_day from;
  int days;
};

// BR 6.3.2 as amended by SC-081: 398 days before 2026-03-15, 200 from 2026-03-15, 100 from
// 2027-03-15, 47 from 2029-03-15 (the first step's `from` is the earliest representable day).
std::span<const LifetimeStep> sc081_schedule();

// The renewal window of a certificate valid for `lifetime_s` seconds (notBefore through
// notAfter inclusive): a third of it, or 30 days when the lifetime exceeds 398 days.
std::int64_t renewal_window_seconds(std::int64_t lifetime_s);

// notAfter minus the window: from then on the certificate is "expiring soon".
std::int64_t renewal_due(std::int64_t not_before, std::int64_t not_after);

// Less than a third of the lifetime remains (or 30 days for lifetimes over 398 days).
bool expiring_soon(std::int64_t not_before, std::int64_t not_after, std::int64_t now);

// One planned renewal: the certificate is issued on `issued` with the SC-081 maximum of that day
// and renewed on `renew` (a third of the lifetime before it expires on `expires`).
struct RenewalDate {
  std::chrono::year_month_day issued;
  int lifetime_days;
  std::chrono::year_month_day expires;  // the last day it is valid
  std::chrono::year_month_day renew;
};

// Issued on `first` and renewed whenever due, every issuance taking the maximum of its day:
// every renewal date on or before `until`.
std::vector<RenewalDate> renewal_schedule(std::chrono::year_month_day first, std::chrono::year_month_day until);

// "in 2027-01-12 (the certificate, valid 200 days, renews when a third is left)" style text:
// "renew on 2026-10-03, 66 days before it expires (a third of its 200-day lifetime)".
std::string renewal_sentence(std::int64_t not_before, std::int64_t not_after);

}  // namespace adplan
