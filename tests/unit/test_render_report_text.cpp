// The human text every command prints (render/report_text.hpp): findings, the paper's table, the
// plan's report; and render's flags that become options (artifacts.hpp, autodiscover_xml.hpp).
#include "fixtures.hpp"

#include <adplan/render/artifacts.hpp>
#include <adplan/render/autodiscover_xml.hpp>
#include <adplan/render/report_text.hpp>

#include <doctest/doctest.h>

using namespace adplan;

TEST_CASE("report text: findings, escaped, coloured only when asked") {
  const std::vector<Finding> f{{"cert.internal-name", Severity::Error, "cas01\x1b[2J", "m", "r", "seen"},
                               {"dns.ttl", Severity::Info, "s", "m2", "r2", ""}};
  CHECK(render::findings_text(f, false) ==
        "  error cert.internal-name [cas01\\x1b[2J]\n      m\n      fix: r\n      seen: seen\n"
        "  info dns.ttl [s]\n      m2\n      fix: r2\n");
  CHECK(render::findings_text(f, true).find("\x1b[1;31merror\x1b[0m") != std::string::npos);
  CHECK(render::sgr(false, "x", "1") == "x");
}

TEST_CASE("report text: the requirements table and the plan's report") {
  const std::string t = render::requirements_table({1, 4});
  CHECK(t.find("Requirement") != std::string::npos);
  CHECK(t.find("Scenario 1") != std::string::npos);
  CHECK(t.find("Scenario 4") != std::string::npos);
  CHECK(t.find("# of certificates") != std::string::npos);
  const Plan p = test::plan_of(test::contoso_json(1));
  const std::string text = render::plan_text(p, false);
  CHECK(text.starts_with("Scenario 1: "));
  for (std::string_view head : {"\nRequirements (the paper's table)\n", "\nCertificates\n", "\nDNS, external view\n",
                                "\nService connection points (SCP)\n", "\nExchange URLs\n", "\nFindings\n"})
    CHECK(text.find(head) != std::string::npos);
  CHECK(text.find("CN=mail.contoso.com") != std::string::npos);
}

TEST_CASE("render flags: --upstream, --ns, --ns-ip and the mailbox, every problem naming its flag") {
  const Plan p = test::plan_of(test::contoso_json(1));
  const auto options = [&] {
    return render::RenderAllOptions{{}, render::default_mailbox(p), std::nullopt, *IpAddress::parse("127.0.0.1"), 1};
  };
  auto o = options();
  Errors errors;
  render::apply_render_flags(o, {"10.0.0.1:8443", "not an address"}, "ns1.contoso.com", "192.0.2.53", errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field.starts_with("--upstream"));
  CHECK(o.nginx.upstream.size() == 1);
  CHECK(o.ns->str() == "ns1.contoso.com");
  CHECK(o.ns_ip.str() == "192.0.2.53");
  CHECK_FALSE(o.plan_name_servers);
  Errors more;
  auto d = options();
  render::apply_render_flags(d, {}, "", "", more);
  CHECK(more.empty());
  CHECK(d.plan_name_servers);
  render::apply_render_flags(d, {}, "bad..name", "999.1.1.1", more);
  REQUIRE(more.size() == 2);
  CHECK(more[0].field == "--ns");
  CHECK(more[1].field == "--ns-ip");

  auto m = render::mailbox_option(p, "alice@contoso.com", "Alice");
  REQUIRE(m);
  CHECK(m->address.str() == "alice@contoso.com");
  CHECK(m->display_name == "Alice");
  auto bad = render::mailbox_option(p, "not-an-address", "");
  REQUIRE_FALSE(bad);
  CHECK(bad.error()[0].field == "--email");
  auto dollar = render::mailbox_option(p, "a$b@contoso.com", "");
  REQUIRE_FALSE(dollar);
  CHECK(dollar.error()[0].message.find("'$'") != std::string::npos);
}
