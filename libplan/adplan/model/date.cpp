#include <adplan/model/date.hpp>

#include <cstdio>

namespace adplan {

using namespace std::chrono;

std::string iso_date(year_month_day day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                static_cast<unsigned>(day.day()));
  return buf;
}

std::string iso_date(std::int64_t epoch_seconds) {
  return iso_date(year_month_day{floor<days>(sys_seconds{seconds{epoch_seconds}})});
}

std::string iso_date_time(std::int64_t epoch_seconds) {
  const sys_seconds t{seconds{epoch_seconds}};
  const auto day = floor<days>(t);
  const hh_mm_ss time{t - day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return iso_date(year_month_day{day}) + buf;
}

}  // namespace adplan
