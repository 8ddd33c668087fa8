#include <adplan/render/acme_calendar.hpp>

#include <adplan/model/date.hpp>
#include <adplan/model/tlsa.hpp>

#include <algorithm>

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

year_month_day day_of(std::int64_t epoch) {
  return year_month_day{floor<days>(sys_seconds{seconds{epoch}})};
}

// Where a certificate's renewals start: its current certificate's renewal day (never before
// today), else today; and the line that says why.
struct Start {
  year_month_day first;
  std::string note;
};

Start start_of(const PlannedCertificate& c, year_month_day today, const std::vector<CurrentCertificate>& current) {
  for (const auto& cur : current) {
    if (cur.key != c.key) continue;
    auto nb = parse_iso_utc(cur.not_before), na = parse_iso_utc(cur.not_after);
    if (!nb || !na || *na <= *nb) continue;
    const year_month_day due = day_of(renewal_due(*nb, *na));
    const std::string life = std::to_string((*na - *nb + 86399) / 86400);
    if (sys_days{due} < sys_days{today}) {
      return {today, "current certificate " + cur.file + " (" + life + " days, valid through " + iso_date(*na) +
                         "): renewal overdue since " + iso_date(due) + "; renew now"};
    }
    return {due, "current certificate " + cur.file + " (" + life + " days, valid through " + iso_date(*na) +
                     "): first renewal on " + iso_date(due) + ", a third of its lifetime before it expires"};
  }
  return {today, ""};
}

// The DANE note under a certificate's heading ("" when DANE does not name it).
std::string dane_note(const Plan& p, const PlannedCertificate& c) {
  if (!p.dane || p.dane->certificate != c.key) return {};
  if (p.dane->rollover == DaneRollover::ReuseKey)
    return "DANE: renew with key reuse (certbot --reuse-key, lego --reuse-key, win-acme's key reuse): the TLSA "
           "records stay valid, no DNS step";
  return "DANE: next-key rollover; before each renewal publish the next key's TLSA record, after it remove the old one";
}

}  // namespace

std::vector<DaneStep> dane_rollover_steps(const Plan& p, const PlannedCertificate& c, year_month_day renew) {
  std::vector<DaneStep> out;
  if (!p.dane || p.dane->certificate != c.key || p.dane->rollover != DaneRollover::NextKey) return out;
  // 2 x TTL, in whole days, and at least one: caches then hold the new record beside the old.
  const auto lead = days{std::max<std::int64_t>(1, (2 * static_cast<std::int64_t>(p.dane->ttl) + 86399) / 86400)};
  std::string owners;
  for (const auto& h : p.dane->hosts) owners += (owners.empty() ? "" : ", ") + tlsa_owner(h.str());
  out.push_back({year_month_day{sys_days{renew} - lead}, "publish",
                 "publish the next key's TLSA record at " + owners +
                     " (adplan csr --next-key, then adplan dns), at "
                     "least 2 x TTL (" +
                     std::to_string(2 * p.dane->ttl) + " s) before switching"});
  out.push_back({year_month_day{sys_days{renew} + days{1}}, "remove",
                 "after the switch to the next key: remove the old key's TLSA record at " + owners +
                     ", and make the following next key (adplan csr --next-key --force)"});
  return out;
}

std::optional<std::int64_t> parse_iso_utc(std::string_view t) {
  auto num = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > t.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return std::nullopt;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  auto y = num(0, 4), mo = num(5, 2), d = num(8, 2);
  if (!y || !mo || !d || t.size() < 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  std::int64_t s = sys_days{ymd}.time_since_epoch().count() * std::int64_t{86400};
  if (t.size() == 10) return s;
  auto h = num(11, 2), mi = num(14, 2), se = num(17, 2);
  if (!h || !mi || !se || t.size() != 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z' || *h > 23 ||
      *mi > 59 || *se > 60)
    return std::nullopt;
  return s + *h * 3600 + *mi * 60 + *se;
}

std::string render_acme_calendar(const Plan& p, year_month_day today, const std::vector<CurrentCertificate>& current) {
  const auto until = two_years_after(today);
  std::string out = "# adplan acme --calendar: scenario " + std::to_string(p.scenario) + "\n# Renewals from " +
                    iso_date(today) + " through " + iso_date(until) +
                    ": each certificate issued today with the longest lifetime allowed that day (CA/B Forum ballot "
                    "SC-081: 398 days, 200 from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15) and renewed "
                    "when a third of it is left, as ACME clients do.\n";
  for (const auto& c : p.certificates) {
    out += "\n" + c.common_name.str() + " (" + c.site + ")\n";
    const Start start = start_of(c, today, current);
    if (!start.note.empty()) out += "  " + start.note + "\n";
    if (auto note = dane_note(p, c); !note.empty()) out += "  " + note + "\n";
    for (const auto& r : renewal_schedule(start.first, until)) {
      out += "  issued " + iso_date(r.issued) + ", " + std::to_string(r.lifetime_days) + " days (valid through " +
             iso_date(r.expires) + "): renew on " + iso_date(r.renew) + "\n";
      for (const auto& step : dane_rollover_steps(p, c, r.renew))
        out += "    " + iso_date(step.day) + ": " + step.text + "\n";
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

std::string render_acme_ics(const Plan& p, year_month_day today, std::int64_t now,
                            const std::vector<CurrentCertificate>& current) {
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
    const Start start = start_of(c, today, current);
    const std::string cn = c.common_name.str();
    std::string names;
    for (const auto& n : c.sans) names += (names.empty() ? "" : ", ") + n.str();
    if (!start.note.empty()) {  // the certificate in service: its own renewal day comes first
      line("BEGIN:VEVENT");
      line("UID:adplan-renew-" + cn + "-" + compact(start.first) + "-current@" + p.domains.front().str());
      line("DTSTAMP:" + dtstamp);
      line("DTSTART;VALUE=DATE:" + compact(start.first));
      line("DTEND;VALUE=DATE:" + compact(year_month_day{sys_days{start.first} + days{1}}));
      line("SUMMARY:" + ics_text("Renew the TLS certificate " + cn));
      line("DESCRIPTION:" + ics_text(start.note + ".\nNames: " + names + "\nSite: " + c.site));
      line("TRANSP:TRANSPARENT");
      line("END:VEVENT");
    }
    for (const auto& r : renewal_schedule(start.first, until)) {
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
      for (const auto& step : dane_rollover_steps(p, c, r.renew)) {
        line("BEGIN:VEVENT");
        line("UID:adplan-dane-" + step.kind + "-" + cn + "-" + compact(step.day) + "@" + p.domains.front().str());
        line("DTSTAMP:" + dtstamp);
        line("DTSTART;VALUE=DATE:" + compact(step.day));
        line("DTEND;VALUE=DATE:" + compact(year_month_day{sys_days{step.day} + days{1}}));
        line("SUMMARY:" + ics_text(std::string(step.kind == "publish" ? "Publish the next key's TLSA record for "
                                                                      : "Remove the old TLSA record for ") +
                                   cn));
        line("DESCRIPTION:" + ics_text(step.text + " (renewal on " + iso_date(r.renew) + ")."));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
      }
    }
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace adplan::render
