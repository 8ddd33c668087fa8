#pragma once
// `adplan acme --calendar`: each certificate's renewal dates for the next two years under the
// SC-081 schedule (issued today, renewed when a third of its lifetime is left, each issuance at
// the maximum of its day), as text and as an iCalendar file (RFC 5545) to import into Outlook.
#include <adplan/planner/lifetime.hpp>
#include <adplan/planner/plan.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace adplan::render {

// A certificate in service (acme --cert FILE): its dates, as `cert check` reads them (ISO 8601
// UTC, "2026-11-24T10:00:00Z"), and the plan certificate it belongs to. Its first renewal is a
// third of its own lifetime before its notAfter, not a schedule from today.
struct CurrentCertificate {
  std::string key;  // the plan certificate's key
  std::string file;
  std::string not_before, not_after;
};

// Issue 27: the DANE steps around one renewal of the certificate answering the smtp door. With a
// next-key rollover: publish the next key's TLSA record at least 2 x TTL before the switch
// (RFC 7671 8.1), switch at the renewal, remove the old key's record after it. With key reuse no
// TLSA step (the record stays valid); certificates DANE does not name have none either.
struct DaneStep {
  std::chrono::year_month_day day;
  std::string kind;  // "publish" | "remove" (the iCalendar UID's part)
  std::string text;
};
std::vector<DaneStep> dane_rollover_steps(const Plan& p, const PlannedCertificate& c,
                                          std::chrono::year_month_day renew);

// "2026-11-24T10:00:00Z" (or a date alone) -> seconds since the epoch; nullopt otherwise.
std::optional<std::int64_t> parse_iso_utc(std::string_view text);

// Every certificate's schedule from `today` through two years later; a certificate with a
// current one starts at that one's renewal day (today when it is overdue).
std::string render_acme_calendar(const Plan& p, std::chrono::year_month_day today,
                                 const std::vector<CurrentCertificate>& current = {});

// RFC 5545: CRLF line ends, lines folded at 75 octets, one all-day VEVENT per renewal with a
// stable UID; DTSTAMP is `now` (seconds since the epoch, UTC).
std::string render_acme_ics(const Plan& p, std::chrono::year_month_day today, std::int64_t now,
                            const std::vector<CurrentCertificate>& current = {});

// RFC 5545 3.3.11 TEXT escaping (backslash, semicolon, comma, newline) and 3.1 folding.
std::string ics_text(std::string_view s);
std::string ics_fold(std::string_view line);

}  // namespace adplan::render
