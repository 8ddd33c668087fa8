// What each artifact must say for each scenario: the paper's records, cmdlets, sites.
#include "fixtures.hpp"

#include <adplan/render/dns_json.hpp>
#include <adplan/render/nginx.hpp>
#include <adplan/render/runbook.hpp>
#include <adplan/render/scripts.hpp>
#include <adplan/render/windows_dns.hpp>
#include <adplan/render/zone.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace adplan;
using render::TemplateSet;
using render::View;

namespace {

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

render::FullZoneOptions zone_options(std::string_view domain) {
  return {*HostName::parse(domain), std::nullopt, *IpAddress::parse("127.0.0.1"), render::zone_serial(test::k_today)};
}

}  // namespace

TEST_CASE("render dns: records, SRV and full zones") {
  const Plan p2 = test::plan_of(test::contoso_json(2));
  auto ext = render::render_zone_records(p2, View::External, TemplateSet{});
  REQUIRE(ext);
  CHECK(has(*ext, "\n_autodiscover._tcp.contoso.com. 3600 IN SRV 0 0 443 mail.contoso.com.\n"));
  CHECK(has(*ext, "\nmail.contoso.com. 3600 IN A 203.0.113.10\n"));
  auto win = render::render_windows_dns(p2, View::External, TemplateSet{});
  REQUIRE(win);
  CHECK(has(*win,
            "Add-DnsServerResourceRecord -Srv -ZoneName 'contoso.com' -Name '_autodiscover._tcp' "
            "-DomainName 'mail.contoso.com' -Priority 0 -Weight 0 -Port 443"));
  CHECK(has(*win, "Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mail' -IPv4Address '203.0.113.10'"));
  auto json = nlohmann::json::parse(render::render_dns_json(p2, View::Internal));
  CHECK(json["view"] == "internal");
  CHECK(json["zones"][0]["records"].size() == p2.dns_internal.size());

  SUBCASE("full zone") {
    CHECK(render::zone_serial(test::k_today) == 2026112401U);
    auto full = render::render_full_zone(p2, View::External, zone_options("contoso.com"), TemplateSet{});
    REQUIRE(full);
    CHECK(has(*full, "\ncontoso.com. 3600 IN SOA ns1.contoso.com. hostmaster.contoso.com. 2026112401 "));
    CHECK(has(*full, "\nns1.contoso.com. 3600 IN A 127.0.0.1\n"));
  }
  SUBCASE("the zone must be one of the view's") {
    auto full = render::render_full_zone(p2, View::External, zone_options("example.org"), TemplateSet{});
    REQUIRE_FALSE(full);
    CHECK(full.error().to_string() ==
          "zone: \"example.org\" is not a zone of the external view (zones there: contoso.com)");
  }
  SUBCASE("the internal zone the paper asks for when the namespace differs") {
    auto j = test::contoso_json(3);
    j["internal_domain"] = "contoso.local";
    j["servers"][0]["fqdn"] = "cas01.contoso.local";
    const Plan p = test::plan_of(j);
    auto win3 = render::render_windows_dns(p, View::Internal, TemplateSet{});
    REQUIRE(win3);
    CHECK(has(*win3, "Add-DnsServerPrimaryZone -Name 'contoso.com' -ReplicationScope 'Forest'"));
    CHECK_FALSE(has(*win3, "Add-DnsServerPrimaryZone -Name 'contoso.local'"));
    CHECK(render::render_full_zone(p, View::Internal, zone_options("contoso.local"), TemplateSet{}));
  }
}

TEST_CASE("render exchange script: cmdlets by version, in the paper's order") {
  auto j = test::contoso_json(3);
  j["exchange"] = "2013";
  auto s2013 = render::render_exchange_script(test::plan_of(j), TemplateSet{});
  REQUIRE(s2013);
  CHECK(has(*s2013,
            "Set-ClientAccessServer -Identity 'CAS01' -AutoDiscoverServiceInternalUri "
            "'https://mail.contoso.com/autodiscover/autodiscover.xml'"));
  j["exchange"] = "2016";
  auto s2016 = render::render_exchange_script(test::plan_of(j), TemplateSet{});
  REQUIRE(s2016);
  CHECK(has(*s2016, "Set-ClientAccessService -Identity 'CAS01'"));
  CHECK_FALSE(has(*s2016, "Set-ClientAccessServer "));
  // Scenario 3's order: certificate, second site's certificate, vdir, SCP, URLs.
  auto pos = [&](std::string_view s) { return s2016->find(s); };
  CHECK(pos("Enable-ExchangeCertificate -Services IIS") < pos("AddSslCertificate"));
  CHECK(pos("AddSslCertificate") < pos("New-AutodiscoverVirtualDirectory -WebSiteName 'Autodiscover Web Site'"));
  CHECK(pos("New-AutodiscoverVirtualDirectory") < pos("Set-ClientAccessService -Identity"));
  CHECK(pos("Set-ClientAccessService -Identity") < pos("Set-WebServicesVirtualDirectory"));
  CHECK(has(*s2016, "-ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx' -InternalUrl "));
  CHECK(has(*s2016, "# Why: "));
  SUBCASE("scenario 1 keeps internal URLs; 2010 enables Outlook Anywhere") {
    auto j1 = test::contoso_json(1);
    j1["exchange"] = "2010";
    auto s = render::render_exchange_script(test::plan_of(j1), TemplateSet{});
    REQUIRE(s);
    CHECK(has(*s,
              "Set-WebServicesVirtualDirectory -Identity 'CAS01\\EWS (Default Web Site)' -ExternalUrl "
              "'https://mail.contoso.com/EWS/Exchange.asmx'\n"));
    CHECK(has(*s, "Set-UMVirtualDirectory"));
    CHECK(has(*s, "Enable-OutlookAnywhere -Server 'CAS01' -ExternalHostname 'mail.contoso.com'"));
  }
}

TEST_CASE("render iis script: sites, bindings, the 302 redirect") {
  auto s4 = render::render_iis_script(test::plan_of(test::contoso_json(4)), TemplateSet{});
  REQUIRE(s4);
  CHECK(has(*s4, "New-Website -Name 'Autodiscover Redirect Web Site' -IPAddress '192.0.2.11' -Port 80"));
  CHECK(has(*s4,
            "destination='https://mail.contoso.com/autodiscover/autodiscover.xml';exactDestination='true';"
            "httpResponseStatus='Found'"));
  CHECK(has(*s4, "-BindingInformation '*:443:' -PropertyName IPAddress -Value '192.0.2.10'"));
  auto s3 = render::render_iis_script(test::plan_of(test::contoso_json(3)), TemplateSet{});
  REQUIRE(s3);
  CHECK(has(*s3, "New-Website -Name 'Autodiscover Web Site' -IPAddress '192.0.2.11' -Port 443 -Ssl"));
  auto s1 = render::render_iis_script(test::plan_of(test::contoso_json(1)), TemplateSet{});
  REQUIRE(s1);
  CHECK(has(*s1, "# Nothing to change in IIS for this scenario"));
}

TEST_CASE("render nginx: server blocks, redirect, lab mode") {
  const Plan p4 = test::plan_of(test::contoso_json(4));
  render::NginxOptions o;
  o.pki_dir = "/pki";
  auto conf = render::render_nginx(p4, o, TemplateSet{});
  REQUIRE(conf);
  CHECK(has(*conf, "listen \"192.0.2.10:443\" ssl;"));
  CHECK(has(*conf, "ssl_certificate \"/pki/mail.contoso.com.crt\";"));
  CHECK(has(*conf, "ssl_protocols TLSv1.2 TLSv1.3;"));
  CHECK(has(*conf, "location ~* ^/autodiscover/autodiscover\\.xml$ {"));
  CHECK(has(*conf, "listen \"192.0.2.11:80\";"));
  CHECK(has(*conf, "return 302 \"https://mail.contoso.com/autodiscover/autodiscover.xml\";"));
  CHECK(has(*conf, "server \"192.0.2.10:443\";"));
  SUBCASE("upstream") {
    o.upstream = {*render::parse_upstream("[2001:db8::5]:8443"), *render::parse_upstream("cas01.contoso.com")};
    auto c = render::render_nginx(p4, o, TemplateSet{});
    REQUIRE(c);
    CHECK(has(*c, "server \"[2001:db8::5]:8443\";\n    server \"cas01.contoso.com:443\";"));
    CHECK_FALSE(render::parse_upstream("2001:db8::5"));
    CHECK_FALSE(render::parse_upstream("10.0.0.1:99999"));
    CHECK(render::parse_upstream("a;b").error().to_string().starts_with(
        "upstream: \"a;b\" is not an IP address or host name"));
  }
  SUBCASE("standalone") {
    o.standalone = true;
    CHECK(render::render_nginx(p4, o, TemplateSet{}).error().code == "input.prefix");
    o.prefix = "/tmp/lab/";
    auto c = render::render_nginx(p4, o, TemplateSet{});
    REQUIRE(c);
    CHECK(has(*c, "pid \"/tmp/lab/nginx.pid\";"));
    CHECK(has(*c, "client_body_temp_path \"/tmp/lab/client_body_temp\";"));
  }
  SUBCASE("lab: the response behind Basic auth, via a named location") {
    o.serve_xml = "<Autodiscover/>";
    o.htpasswd = "/lab/htpasswd";
    auto c = render::render_nginx(p4, o, TemplateSet{});
    REQUIRE(c);
    CHECK(has(
        *c,
        "auth_basic_user_file \"/lab/htpasswd\";\n        try_files /.adplan-no-such-file @autodiscover_response;"));
    CHECK(has(*c, "return 200 \"<Autodiscover/>\";"));
    CHECK_FALSE(has(*c, "proxy_pass"));
    o.serve_xml = "<x>$host</x>";
    CHECK(render::render_nginx(p4, o, TemplateSet{}).error().code == "render.unsafe-value");
  }
}

TEST_CASE("render runbook: the scenario's steps in the paper's order, with checks") {
  for (int n = 1; n <= 4; ++n) {
    const Plan p = test::plan_of(test::contoso_json(n));
    auto md = render::render_runbook(p, TemplateSet{});
    REQUIRE(md);
    std::size_t last = 0;
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      auto at = md->find("### Step " + std::to_string(i + 1) + ": " + p.steps[i].title);
      CAPTURE(p.steps[i].id);
      REQUIRE(at != std::string::npos);
      CHECK(at >= last);
      last = at;
    }
    CHECK(has(*md, "adplan verify "));
    CHECK(has(*md, "| Number of certificates | " + std::to_string(p.requirements.certificate_count) + " |"));
  }
}
