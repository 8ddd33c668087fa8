#pragma once
// `adplan acme --calendar`: each certificate's renewal dates for the next two years under the
// SC-081 schedule (issued today, renewed when a third of its lifetime is left, each issuance at
// the maximum of its day), as text and as an iCalendar file (RFC 5545) to import into Outlook.
#include <adplan/planner/lifetime.hpp>
#include <adplan/planner/plan.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace adplan::render {

// Every certificate's schedule from `today` through two years later.
std::string render_acme_calendar(const Plan& p, std::chrono::year_month_day today);

// RFC 5545: CRLF line ends, lines folded at 75 octets, one all-day VEVENT per renewal with a
// stable UID; DTSTAMP is `now` (seconds since the epoch, UTC).
std::string render_acme_ics(const Plan& p, std::chrono::year_month_day today, std::int64_t now);

// RFC 5545 3.3.11 TEXT escaping (backslash, semicolon, comma, newline) and 3.1 folding.
std::string ics_text(std::string_view s);
std::string ics_fold(std::string_view line);

}  // namespace adplan::render
