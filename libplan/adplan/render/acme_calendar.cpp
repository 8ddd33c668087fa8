#include <adplan/render/acme_calendar.hpp>

#include <adplan/model/date.hpp>

namespace adplan::render {
namespace {

using namespace std::chrono;

std::string compact(year_month_day d) {  // 20261124 (RFC 5545 3.3.4 DATE)
  std::string iso = iso_date(d);
  std::string out;
  for (char c : iso) {
    if (c != '-') out += c;
  }
  return out;
}

year_month_day two_years_after(year_month_day d) {
  year_month_day later = d + years{2};
  if (!later.ok()) later = later.year() / later.month() / last;  // 29 February
  return later;
}

}  // namespace

std::string render_acme_calendar(const Plan& p, year_month_day today) {
  const auto until = two_years_after(today);
  std::string out = "# adplan acme --calendar: scenario " + std::to_string(p.scenario) + "\n# Renewals from " +
                    iso_date(today) + " through " + iso_date(until) +
                    ": each certificate issued today with the longest lifetime allowed that day (CA/B Forum ballot "
                    "SC-081: 398 days, 200 from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15) and renewed "
                    "when a third of it is left, as ACME clients do.\n";
  for (const auto& c : p.certificates) {
    out += "\n" + c.common_name.str() + " (" + c.site + ")\n";
    for (const auto& r : renewal_schedule(today, until)) {
      out += "  issued " + iso_date(r.issued) + ", " + std::to_string(r.lifetime_days) + " days (valid through " +
             iso_date(r.expires) + "): renew on " + iso_date(r.renew) + "\n";
    }
  }
  return out;
}

std::string ics_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
      out += c;
    }
  }
  return out;
}

std::string ics_fold(std::string_view line) {
  // RFC 5545 3.1: lines longer than 75 octets are split, the continuation starting with a space;
  // never inside a UTF-8 sequence.
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (width + len > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line.substr(i, len));
    width += len;
    i += len - 1;
  }
  return out + "\r\n";
}

std::string render_acme_ics(const Plan& p, year_month_day today, std::int64_t now) {
  const auto until = two_years_after(today);
  std::string stamp = iso_date_time(now);  // 2026-11-24T10:00:00Z
  std::string dtstamp;
  for (char c : stamp) {
    if (c != '-' && c != ':') dtstamp += c;
  }
  std::string out;
  auto line = [&](std::string_view l) { out += ics_fold(l); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//adplan//acme renewal calendar//EN");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  for (const auto& c : p.certificates) {
    for (const auto& r : renewal_schedule(today, until)) {
      const std::string cn = c.common_name.str();
      std::string names;
      for (const auto& n : c.sans) names += (names.empty() ? "" : ", ") + n.str();
      line("BEGIN:VEVENT");
      line("UID:adplan-renew-" + cn + "-" + compact(r.renew) + "@" + p.domains.front().str());
      line("DTSTAMP:" + dtstamp);
      line("DTSTART;VALUE=DATE:" + compact(r.renew));
      line("DTEND;VALUE=DATE:" + compact(year_month_day{sys_days{r.renew} + days{1}}));
      line("SUMMARY:" + ics_text("Renew the TLS certificate " + cn));
      line("DESCRIPTION:" +
           ics_text("Issued " + iso_date(r.issued) + " for " + std::to_string(r.lifetime_days) +
                    " days (CA/B Forum ballot SC-081), valid through " + iso_date(r.expires) +
                    "; a third of its lifetime is left from this day on.\nNames: " + names + "\nSite: " + c.site +
                    "\nRun the ACME client (adplan acme shows the commands), then adplan cert check and adplan "
                    "verify."));
      line("TRANSP:TRANSPARENT");
      line("END:VEVENT");
    }
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace adplan::render
