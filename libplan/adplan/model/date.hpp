#pragma once
// The one ISO 8601 formatter (UTC): "2024-05-01" and "2024-05-01T12:00:00Z".
#include <chrono>
#include <cstdint>
#include <string>

namespace adplan {

std::string iso_date(std::chrono::year_month_day day);
// The UTC day of a time in seconds since the epoch.
std::string iso_date(std::int64_t epoch_seconds);
std::string iso_date_time(std::int64_t epoch_seconds);

}  // namespace adplan
