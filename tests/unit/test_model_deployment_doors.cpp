#include "fixtures.hpp"

#include <adplan/model/deployment_json.hpp>

#include <doctest/doctest.h>

using namespace adplan;
using adplan::test::contoso_json;

namespace {

std::vector<std::string> problems(const nlohmann::json& j) {
  auto d = deployment_from_json(j);
  REQUIRE_FALSE(d.has_value());
  std::vector<std::string> out;
  for (const auto& e : d.error()) out.push_back(e.code + " " + e.field + ": " + e.message);
  return out;
}

nlohmann::json with_doors() {
  auto j = contoso_json(1);
  j["domains"] = {"contoso.com", "fabrikam.com"};
  j["doors"] = {{"pop", {"mail.contoso.com"}},
                {"smtp", {"mx1.contoso.com", "mx2.contoso.com"}},
                {"imap", {"imap.contoso.com", "mail.contoso.com"}}};
  j["mta_sts"] = {{"domains", {{"fabrikam.com", "testing"}, {"contoso.com", "enforce"}}},
                  {"max_age", 86400},
                  {"tls_rpt", "mailto:tlsrpt@contoso.com"}};
  return j;
}

}  // namespace

TEST_CASE("deployment doors: a plan without doors loads and writes as before") {
  auto d = adplan::test::deployment(contoso_json(1));
  CHECK(d.doors.empty());
  CHECK(d.mta_sts.empty());
  CHECK(d.door(DoorKind::Smtp) == nullptr);
  auto text = to_json_text(d);
  CHECK(text.find("doors") == std::string::npos);
  CHECK(text.find("mta_sts") == std::string::npos);
}

TEST_CASE("deployment doors: doors and MTA-STS load sorted and round-trip") {
  auto d = adplan::test::deployment(with_doors());
  REQUIRE(d.doors.size() == 3);
  CHECK(d.doors[0].kind == DoorKind::Smtp);
  CHECK(d.doors[1].kind == DoorKind::Imap);
  CHECK(d.doors[2].kind == DoorKind::Pop);
  // MX preference order is the order given, not alphabetical.
  REQUIRE(d.door(DoorKind::Smtp)->hosts.size() == 2);
  CHECK(d.door(DoorKind::Smtp)->hosts[0].str() == "mx1.contoso.com");
  CHECK(d.door(DoorKind::Imap)->hosts[0].str() == "imap.contoso.com");
  // MTA-STS in the order of `domains`, whatever the object's key order.
  REQUIRE(d.mta_sts.size() == 2);
  CHECK(d.mta_sts[0].domain.str() == "contoso.com");
  CHECK(d.mta_sts[0].mode == MtaStsMode::Enforce);
  CHECK(d.mta_sts[1].mode == MtaStsMode::Testing);
  CHECK(d.mta_sts_max_age == 86400);
  REQUIRE(d.tls_rpt);
  CHECK(d.tls_rpt->str() == "tlsrpt@contoso.com");
  auto again = load_deployment(to_json_text(d));
  REQUIRE(again.has_value());
  CHECK(to_json_text(*again) == to_json_text(d));
  CHECK(again->doors.size() == 3);
}

TEST_CASE("deployment doors: every bad value is named with its field") {
  SUBCASE("unknown door kind") {
    auto j = with_doors();
    j["doors"]["imaps"] = {"mail.contoso.com"};
    auto ps = problems(j);
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].starts_with("input.unknown-key doors.imaps"));
  }
  SUBCASE("empty host list, bad host, duplicate") {
    auto j = with_doors();
    j["doors"]["pop"] = nlohmann::json::array();
    j["doors"]["imap"] = {"mail..contoso.com", "*.contoso.com"};
    j["doors"]["smtp"] = {"mx1.contoso.com", "MX1.contoso.com"};
    auto ps = problems(j);
    REQUIRE(ps.size() == 4);
    // The loader's problems come sorted (code, then field).
    CHECK(ps[0] == "input.duplicate doors.smtp[1]: \"mx1.contoso.com\" is listed twice");
    CHECK(ps[1].starts_with("input.host-name doors.imap[0]"));
    CHECK(ps[2].starts_with("input.host-name doors.imap[1]"));
    CHECK(ps[3].starts_with("input.missing doors.pop"));
  }
  SUBCASE("mta_sts names a domain that is not accepted, a bad mode, a max_age too large") {
    auto j = with_doors();
    j["mta_sts"]["domains"] = {{"northwind.com", "enforce"}, {"contoso.com", "strict"}};
    j["mta_sts"]["max_age"] = 31557601;
    auto ps = problems(j);
    REQUIRE(ps.size() == 3);
    CHECK(ps[0].starts_with("input.mta-sts-mode mta_sts.domains.contoso.com: \"strict\""));
    CHECK(ps[1].starts_with("input.mta-sts-domain mta_sts.domains.northwind.com"));
    CHECK(ps[2].starts_with("input.range mta_sts.max_age: 31557601"));
  }
  SUBCASE("mta_sts without MX hosts") {
    auto j = with_doors();
    j["doors"].erase("smtp");
    auto ps = problems(j);
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].starts_with("input.mta-sts-without-mx mta_sts"));
  }
  SUBCASE("tls_rpt is not a mailbox") {
    auto j = with_doors();
    j["mta_sts"]["tls_rpt"] = "https://reports.contoso.com/tlsrpt";
    auto ps = problems(j);
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].starts_with("input.email mta_sts.tls_rpt"));
  }
}

TEST_CASE("deployment doors: the port table") {
  auto imap = door_ports(DoorKind::Imap);
  REQUIRE(imap.size() == 2);
  CHECK(imap[0].port == 993);
  CHECK(imap[0].tls == DoorTls::Implicit);
  CHECK(imap[1].port == 143);
  CHECK(imap[1].tls == DoorTls::StartTls);
  CHECK(door_ports(DoorKind::Smtp)[0].port == 25);
  CHECK(door_ports(DoorKind::Submission)[0].port == 587);
  CHECK(door_ports(DoorKind::Pop)[0].port == 995);
  CHECK(door_ports(DoorKind::Pop)[1].port == 110);
  CHECK(parse_door_kind("submission") == DoorKind::Submission);
  CHECK_FALSE(parse_door_kind("smtps"));
  CHECK(door_exchange_service(DoorKind::Submission) == "SMTP");
  CHECK(parse_mta_sts_mode("enforce") == MtaStsMode::Enforce);
  CHECK_FALSE(parse_mta_sts_mode("Enforce"));
}
