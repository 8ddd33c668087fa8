#include <adplan/model/date.hpp>
#include <adplan/model/text.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using namespace std::chrono;

TEST_CASE("iso_date and iso_date_time: ISO 8601, UTC") {
  CHECK(iso_date(year_month_day{2024y, May, 1d}) == "2024-05-01");
  CHECK(iso_date(std::int64_t{0}) == "1970-01-01");
  CHECK(iso_date(std::int64_t{1714564800}) == "2024-05-01");
  CHECK(iso_date(std::int64_t{-1}) == "1969-12-31");
  CHECK(iso_date_time(std::int64_t{1714564800 + 3723}) == "2024-05-01T13:02:03Z");
  CHECK(iso_date_time(std::int64_t{-1}) == "1969-12-31T23:59:59Z");
}

TEST_CASE("ascii_lower and ascii_iequals: ASCII letters only") {
  CHECK(ascii_lower("Mail.Contoso.COM") == "mail.contoso.com");
  CHECK(ascii_lower('Z') == 'z');
  CHECK(ascii_lower("\xC3\x84") == "\xC3\x84");
  CHECK(ascii_iequals("Content-Type", "content-type"));
  CHECK_FALSE(ascii_iequals("Content-Type", "content-typ"));
}
