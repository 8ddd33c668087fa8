// The rendered ACME pieces: nginx's pass-through ahead of the scenario-4 redirect, IIS's
// exemptions, the port-80 blocks, and the renewal calendar as strict iCalendar (RFC 5545).
#include "fixtures.hpp"

#include <adplan/render/acme.hpp>
#include <adplan/render/acme_calendar.hpp>
#include <adplan/render/nginx.hpp>

#include <doctest/doctest.h>

#include <set>
#include <sstream>

namespace {

using namespace adplan;

AcmePlan acme_of(const Plan& p, AcmeOptions o = {}) {
  o.today = test::k_today;
  auto a = plan_acme(p, o);
  REQUIRE(a);
  return *a;
}

Plan scenario4_with_autodiscover_on_certificate() {
  auto p = test::plan_of(test::contoso_json(4));
  p.certificates.front().sans.push_back(*HostName::parse("autodiscover.contoso.com"));
  return p;
}

}  // namespace

TEST_CASE("render acme: nginx passes the challenge through the redirect site, ahead of the redirect") {
  render::NginxOptions o;
  o.acme_webroot = "/srv/acme";
  SUBCASE("a certificate name points at the redirect site") {
    auto text = render::render_nginx(scenario4_with_autodiscover_on_certificate(), o, render::TemplateSet{});
    REQUIRE(text);
    auto pass = text->find("location ^~ /.well-known/acme-challenge/ {\n        root \"/srv/acme\";");
    auto redirect = text->find("return 302");
    REQUIRE(pass != std::string::npos);
    CHECK(pass < redirect);
  }
  SUBCASE("none does (the paper's scenario 4): the redirect site is unchanged") {
    auto text = render::render_nginx(test::plan_of(test::contoso_json(4)), o, render::TemplateSet{});
    REQUIRE(text);
    CHECK(text->find("acme-challenge") == std::string::npos);
  }
  SUBCASE("an internal CA needs no ACME path") {
    auto p = scenario4_with_autodiscover_on_certificate();
    p.ca = CertificateSource::Internal;
    auto text = render::render_nginx(p, o, render::TemplateSet{});
    REQUIRE(text);
    CHECK(text->find("acme-challenge") == std::string::npos);
  }
}

TEST_CASE("render acme: port-80 blocks for the TLS sites, IIS exemptions for every HTTP-01 site") {
  auto p = test::plan_of(test::contoso_json(3));
  auto a = acme_of(p);
  auto nginx = render::render_acme_nginx(p, a, "/var/www/acme", render::TemplateSet{});
  REQUIRE(nginx);
  CHECK(nginx->find("listen \"192.0.2.10:80\";\n    server_name \"mail.contoso.com\";") != std::string::npos);
  CHECK(nginx->find("listen \"192.0.2.11:80\";\n    server_name \"autodiscover.contoso.com\";") != std::string::npos);
  auto iis = render::render_acme_iis(p, a, render::TemplateSet{});
  REQUIRE(iis);
  // The second site gets an http binding; both get the folder and the exemptions.
  CHECK(iis->find("New-WebBinding -Name 'Autodiscover Web Site' -Protocol http -Port 80 -IPAddress '192.0.2.11'") !=
        std::string::npos);
  CHECK(iis->find("-Location 'Default Web Site/.well-known/acme-challenge' -Filter "
                  "'system.webServer/security/access' -Name sslFlags -Value 'None'") != std::string::npos);
  auto p4 = scenario4_with_autodiscover_on_certificate();
  auto iis4 = render::render_acme_iis(p4, acme_of(p4), render::TemplateSet{});
  REQUIRE(iis4);
  CHECK(iis4->find("-Location 'Autodiscover Redirect Web Site/.well-known/acme-challenge' -Filter "
                   "'system.webServer/httpRedirect' -Name enabled -Value $false") != std::string::npos);
}

TEST_CASE("render acme: DNS-01 records in their CNAME-delegation form") {
  auto p = test::plan_of(test::contoso_json(1));
  auto z = render::render_acme_dns01(p, acme_of(p), render::TemplateSet{});
  REQUIRE(z);
  CHECK(z->find("\n_acme-challenge.cas01.contoso.com. 300 IN CNAME cas01.contoso.com.acme.contoso.com.\n") !=
        std::string::npos);
  CHECK(z->find("\n_acme-challenge.mail.contoso.com. 300 IN CNAME mail.contoso.com.acme.contoso.com.\n") !=
        std::string::npos);
}

TEST_CASE("render acme: the renewal calendar is strict iCalendar (RFC 5545)") {
  auto p = test::plan_of(test::contoso_json(3));
  const std::int64_t now = 1'795'500'000;  // 2026-11-24T...Z
  auto ics = render::render_acme_ics(p, test::k_today, now);
  REQUIRE(ics.ends_with("END:VCALENDAR\r\n"));
  CHECK(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
  std::set<std::string> uids;
  int events = 0, starts = 0, stamps = 0;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    auto end = ics.find("\r\n", pos);
    REQUIRE(end != std::string::npos);  // every line ends in CRLF
    std::string line = ics.substr(pos, end - pos);
    INFO(line);
    CHECK(line.size() <= 75);                     // folded at 75 octets
    CHECK(line.find('\n') == std::string::npos);  // no bare LF
    if (line.starts_with("BEGIN:VEVENT")) ++events;
    if (line.starts_with("UID:")) CHECK(uids.insert(line).second);
    if (line.starts_with("DTSTART;VALUE=DATE:")) {
      ++starts;
      CHECK(line.size() == 27);
    }
    if (line.starts_with("DTSTAMP:")) {
      ++stamps;
      CHECK(line.ends_with("Z"));
    }
    pos = end + 2;
  }
  CHECK(events > 0);
  CHECK(events == static_cast<int>(uids.size()));
  CHECK(events == starts);
  CHECK(events == stamps);
  // Two certificates, the same dates each: the first renewal of a 200-day certificate.
  CHECK(ics.find("DTSTART;VALUE=DATE:20270406\r\n") != std::string::npos);
  CHECK(render::ics_fold(std::string(100, 'x')) == std::string(75, 'x') + "\r\n " + std::string(25, 'x') + "\r\n");
  CHECK(render::ics_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
}
