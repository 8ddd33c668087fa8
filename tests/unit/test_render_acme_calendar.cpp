// adplan acme --calendar --cert FILE: a certificate in service sets the first renewal (a third of
// its own lifetime before its notAfter), not a schedule that starts today; overdue means today.
#include "fixtures.hpp"

#include <adplan/model/date.hpp>
#include <adplan/planner/lifetime.hpp>
#include <adplan/render/acme_calendar.hpp>

#include <doctest/doctest.h>

using namespace adplan;

TEST_CASE("calendar: ISO 8601 UTC times as cert check prints them") {
  CHECK(render::parse_iso_utc("1970-01-02") == 86400);
  CHECK(render::parse_iso_utc("1970-01-01T01:00:01Z") == 3601);
  CHECK(render::parse_iso_utc("2026-11-24T00:00:00Z") == 1795478400);
  for (auto bad : {"", "2026-11-24T00:00:00", "2026-13-01", "2026-02-30", "2026-11-24 00:00:00Z", "20261124",
                   "2026-11-24T24:00:00Z", "x026-11-24"})
    CHECK_MESSAGE(!render::parse_iso_utc(bad), bad);
}

TEST_CASE("calendar: the first renewal comes from the certificate in service") {
  auto p = test::plan_of(test::contoso_json(1));
  const std::string nb = "2026-11-01T00:00:00Z", na = "2027-05-19T23:59:59Z";  // 200 days
  std::vector<render::CurrentCertificate> current{{p.certificates.front().key, "pki/mail.contoso.com.crt", nb, na}};
  const std::string due = iso_date(renewal_due(*render::parse_iso_utc(nb), *render::parse_iso_utc(na)));
  auto text = render::render_acme_calendar(p, test::k_today, current);
  CHECK(text.find("current certificate pki/mail.contoso.com.crt (200 days, valid through 2027-05-19): first renewal "
                  "on " +
                  due) != std::string::npos);
  CHECK(text.find("  issued " + due + ", ") != std::string::npos);
  CHECK(text.find("  issued " + iso_date(test::k_today)) == std::string::npos);  // not a schedule from today
  auto ics = render::render_acme_ics(p, test::k_today, 1795478400, current);
  std::string compact;
  for (char c : due)
    if (c != '-') compact += c;
  CHECK(ics.find("DTSTART;VALUE=DATE:" + compact) != std::string::npos);
  CHECK(ics.find("-current@contoso.com") != std::string::npos);

  SUBCASE("overdue: renew today") {
    current.front().not_before = "2026-01-01T00:00:00Z";
    current.front().not_after = "2026-12-01T00:00:00Z";
    auto late = render::render_acme_calendar(p, test::k_today, current);
    CHECK(late.find("renewal overdue since") != std::string::npos);
    CHECK(late.find("  issued " + iso_date(test::k_today)) != std::string::npos);
  }
  SUBCASE("without one, today's schedule as before") {
    auto plain = render::render_acme_calendar(p, test::k_today);
    CHECK(plain.find("current certificate") == std::string::npos);
    CHECK(plain.find("  issued " + iso_date(test::k_today)) != std::string::npos);
  }
}
