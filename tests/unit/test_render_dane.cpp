// Issue 27: DANE in the rendered outputs -- TLSA records in BIND lines and Windows DNS
// (Add-DnsServerResourceRecord -TLSA), and the calendar's rollover steps (render/acme_calendar.cpp).
#include "fixtures.hpp"

#include <adplan/model/date.hpp>
#include <adplan/planner/dane.hpp>
#include <adplan/render/acme_calendar.hpp>
#include <adplan/render/windows_dns.hpp>
#include <adplan/render/zone.hpp>

#include <doctest/doctest.h>

using namespace adplan;

namespace {

Plan dane_plan(const std::string& rollover) {
  auto j = test::contoso_json(1);
  j["doors"] = {{"smtp", {"mail.contoso.com"}}};
  j["dane"] = {{"rollover", rollover}};
  j["dns_ttl"] = 86400;
  return test::plan_of(j);
}

TlsaDigests key(char c) {
  TlsaDigests d;
  d.spki_sha256 = std::string(64, c);
  return d;
}

Plan with_records(Plan p) {
  auto r = tlsa_records(p, DaneKeys{key('a'), key('b'), {}});
  p.dns_external.insert(p.dns_external.end(), r.begin(), r.end());
  return p;
}

}  // namespace

TEST_CASE("dane records: BIND lines and Windows DNS -TLSA") {
  const Plan p = with_records(dane_plan("next-key"));
  auto bind = render::render_zone_records(p, render::View::External, render::TemplateSet{});
  REQUIRE(bind);
  CHECK(bind->find("_25._tcp.mail.contoso.com. 86400 IN TLSA 3 1 1 " + std::string(64, 'a')) != std::string::npos);
  CHECK(bind->find("IN TLSA 3 1 1 " + std::string(64, 'b')) != std::string::npos);
  auto win = render::render_windows_dns(p, render::View::External, render::TemplateSet{});
  REQUIRE(win);
  CHECK(win->find("Add-DnsServerResourceRecord -TLSA -ZoneName 'contoso.com' -Name '_25._tcp.mail' -CertificateUsage "
                  "'DomainIssuedCertificate' -Selector 'SubjectPublicKeyInfo' -MatchingType 'Sha256Hash' "
                  "-CertificateAssociationData '" +
                  std::string(64, 'a') + "'") != std::string::npos);
}

TEST_CASE("calendar: a next-key plan publishes 2 x TTL before each renewal and removes after it") {
  const Plan p = dane_plan("next-key");
  const auto& cert = *p.certificate(p.dane->certificate);
  const std::chrono::year_month_day renew{std::chrono::year{2027}, std::chrono::March, std::chrono::day{10}};
  auto steps = render::dane_rollover_steps(p, cert, renew);
  REQUIRE(steps.size() == 2);
  CHECK(iso_date(steps[0].day) == "2027-03-08");  // 2 x 86400 s before
  CHECK(steps[0].kind == "publish");
  CHECK(steps[0].text.find("_25._tcp.mail.contoso.com") != std::string::npos);
  CHECK(iso_date(steps[1].day) == "2027-03-11");
  CHECK(steps[1].kind == "remove");
  auto text = render::render_acme_calendar(p, test::k_today);
  CHECK(text.find("publish the next key's TLSA record") != std::string::npos);
  auto ics = render::render_acme_ics(p, test::k_today, 0);
  CHECK(ics.find("UID:adplan-dane-publish-mail.contoso.com-") != std::string::npos);
  CHECK(ics.find("SUMMARY:Remove the old TLSA record for mail.contoso.com") != std::string::npos);
}

TEST_CASE("calendar: key reuse has no TLSA step, only the note") {
  const Plan p = dane_plan("reuse-key");
  const auto& cert = *p.certificate(p.dane->certificate);
  CHECK(render::dane_rollover_steps(p, cert, test::k_today).empty());
  auto text = render::render_acme_calendar(p, test::k_today);
  CHECK(text.find("renew with key reuse") != std::string::npos);
  CHECK(text.find("publish the next key") == std::string::npos);
  CHECK(render::render_acme_ics(p, test::k_today, 0).find("adplan-dane-") == std::string::npos);
  auto plain = render::render_acme_calendar(test::plan_of(test::contoso_json(1)), test::k_today);
  CHECK(plain.find("DANE") == std::string::npos);
}
