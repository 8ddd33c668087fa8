// Issue 23: MTA-STS as RFC 8461 writes it: the policy grammar (3.2), the TXT record (3.1) and the
// mx pattern match (4.1).
#include <adplan/observe/mta_sts.hpp>

#include <doctest/doctest.h>

using namespace adplan::observe;

TEST_CASE("mta-sts policy: a valid policy, CRLF or LF, extensions ignored, repeated fields count once") {
  auto p = parse_mta_sts_policy(
      "version: STSv1\r\nmode: enforce\r\nmx: mail.contoso.com\r\nmx: *.contoso.net\r\n"
      "max_age: 604800\r\nx-extension: anything goes\r\nmode: none\r\n");
  REQUIRE(p.policy);
  CHECK(p.problems.empty());
  CHECK(p.policy->mode == "enforce");
  CHECK(p.policy->mx == std::vector<std::string>{"mail.contoso.com", "*.contoso.net"});
  CHECK(p.policy->max_age == 604800);
  auto lf = parse_mta_sts_policy("version: STSv1\nmode: testing\nmx: MX1.Contoso.COM.\nmax_age:86400");
  REQUIRE(lf.policy);
  CHECK(lf.policy->mx.front() == "mx1.contoso.com");
  auto none = parse_mta_sts_policy("version: STSv1\nmode: none\nmax_age: 86400\n");
  CHECK(none.policy);
}

TEST_CASE("mta-sts policy: every problem is named") {
  SUBCASE("missing fields") {
    auto p = parse_mta_sts_policy("mx: mail.contoso.com\n");
    CHECK_FALSE(p.policy);
    CHECK(p.problems == std::vector<std::string>{"no version field", "no mode field", "no max_age field"});
  }
  SUBCASE("wrong values") {
    auto p = parse_mta_sts_policy("version: STSv2\nmode: Enforce\nmx: mail..contoso.com\nmax_age: 31557601\n");
    CHECK_FALSE(p.policy);
    REQUIRE(p.problems.size() == 4);
    CHECK(p.problems[0] == "line 1: version is \"STSv2\", not STSv1");
    CHECK(p.problems[1] == "line 2: mode is \"Enforce\", not enforce, testing or none");
    CHECK(p.problems[2] == "line 3: mx \"mail..contoso.com\" is not a host name or \"*.\" and one");
    CHECK(p.problems[3] == "line 4: max_age 31557601 is more than 31557600 (one year)");
  }
  SUBCASE("enforce without mx, a line without a colon, HTML") {
    auto p = parse_mta_sts_policy("version: STSv1\nmode: enforce\nmax_age: 10\n");
    CHECK(p.problems == std::vector<std::string>{"no mx field"});
    auto html = parse_mta_sts_policy("<html><body>Not found</body></html>\n");
    CHECK_FALSE(html.policy);
    CHECK(html.problems.front().starts_with("line 1: \"<html>"));
    auto digits = parse_mta_sts_policy("version: STSv1\nmode: testing\nmx: a.b\nmax_age: 12345678901\n");
    CHECK(digits.problems == std::vector<std::string>{"line 4: max_age \"12345678901\" is not 1 to 10 digits"});
  }
  SUBCASE("field names are case-sensitive") {
    auto p = parse_mta_sts_policy("Version: STSv1\nmode: testing\nmx: a.b\nmax_age: 1\n");
    CHECK(p.problems == std::vector<std::string>{"no version field"});
  }
}

TEST_CASE("mta-sts TXT: v=STSv1 first, an id of 1-32 alphanumerics, exactly one record") {
  CHECK(parse_mta_sts_txt("v=STSv1; id=20260101T000000").id == "20260101T000000");
  CHECK(parse_mta_sts_txt("v=STSv1;id=abc;").id == "abc");
  CHECK(parse_mta_sts_txt("v=STSv1; ext=1; id=abc").id == "abc");
  CHECK(parse_mta_sts_txt("v=STSv1").problem == "no id field");
  CHECK(parse_mta_sts_txt("v=STSv1; id=has-dash").problem == "id \"has-dash\" is not 1 to 32 letters and digits");
  CHECK(parse_mta_sts_txt("v=STSv1; id=" + std::string(33, 'a')).problem.starts_with("id \""));
  CHECK(parse_mta_sts_txt("id=abc; v=STSv1").problem == "does not start with v=STSv1");
  CHECK(pick_mta_sts_txt({"v=spf1 -all", "v=STSv1; id=1"}).id == "1");
  CHECK(pick_mta_sts_txt({"v=spf1 -all"}).problem == "no TXT record starting with v=STSv1");
  CHECK(pick_mta_sts_txt({"v=STSv1; id=1", "v=STSv1; id=2"}).problem ==
        "2 TXT records start with v=STSv1; senders ignore all");
}

TEST_CASE("mta-sts mx patterns: exact, or a wildcard of exactly one label") {
  CHECK(mx_pattern_matches("mail.contoso.com", "MAIL.contoso.com."));
  CHECK_FALSE(mx_pattern_matches("mail.contoso.com", "mx.contoso.com"));
  CHECK(mx_pattern_matches("*.contoso.com", "mx1.contoso.com"));
  CHECK_FALSE(mx_pattern_matches("*.contoso.com", "a.b.contoso.com"));
  CHECK_FALSE(mx_pattern_matches("*.contoso.com", "contoso.com"));
  CHECK_FALSE(mx_pattern_matches("*.contoso.com", "xcontoso.com"));
}
