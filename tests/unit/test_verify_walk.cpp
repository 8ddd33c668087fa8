#include <adplan/verify/walk.hpp>

#include "fixtures.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace adplan;
using adplan::verify::plan_walk;

TEST_CASE("walk: what names the SMTP domain") {
  SUBCASE("an e-mail address: its domain, the address itself") {
    auto w = plan_walk("user@fabrikam.com", "", "", nullptr);
    REQUIRE(w);
    CHECK(w->domain.str() == "fabrikam.com");
    CHECK(w->email == "user@fabrikam.com");
    CHECK(w->https_hosts.empty());
  }
  SUBCASE("a domain: the check address; the domain is no extra host") {
    auto w = plan_walk("contoso.com", "", "", nullptr);
    REQUIRE(w);
    CHECK(w->email == "autodiscover-check@contoso.com");
    CHECK(w->https_hosts.empty());
  }
  SUBCASE("--email wins; a host argument is an extra endpoint") {
    auto w = plan_walk("mail.contoso.com", "pat@contoso.com", "", nullptr);
    REQUIRE(w);
    CHECK(w->domain.str() == "contoso.com");
    CHECK(w->https_hosts == std::vector<std::string>{"mail.contoso.com"});
  }
  SUBCASE("the user's address is the POST's") {
    auto w = plan_walk("contoso.com", "", "pat@contoso.com", nullptr);
    REQUIRE(w);
    CHECK(w->email == "pat@contoso.com");
  }
  SUBCASE("the plan: its primary domain and its hosts") {
    auto p = test::plan_of(test::contoso_json(1));
    auto w = plan_walk("", "", "", &p);
    REQUIRE(w);
    CHECK(w->domain.str() == "contoso.com");
    CHECK(w->https_hosts == std::vector<std::string>{"mail.contoso.com"});
    CHECK_FALSE(w->hosts.empty());
  }
}

TEST_CASE("walk: every problem at once") {
  auto w = plan_walk("bad..domain", "not-an-address", "", nullptr);
  REQUIRE_FALSE(w);
  REQUIRE(w.error().size() == 2);
  CHECK(w.error()[0].field == "email");
  CHECK(w.error()[1].field == "target");
  CHECK(w.error()[1].message.starts_with("\"bad..domain\" is not a host name, domain or e-mail address"));
  auto none = plan_walk("", "", "", nullptr);
  REQUIRE_FALSE(none);
  CHECK(none.error().front().code == "input.no-target");
}

TEST_CASE("walk: which of verify's modes go together") {
  using adplan::verify::check_verify_modes;
  using adplan::verify::VerifyModes;
  auto codes = [](const Errors& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.code + " " + e.field);
    return out;
  };
  CHECK(check_verify_modes({}, false).empty());
  CHECK(check_verify_modes({.plan = true, .all_domains = true, .json = true}, false).empty());
  CHECK(check_verify_modes({.email = true, .ldap = true, .html = "report.html"}, false).empty());
  CHECK(codes(check_verify_modes({.all_domains = true}, false)) ==
        std::vector<std::string>{"usage.all-domains --all-domains"});
  CHECK(codes(check_verify_modes({.domains_file = true}, false)) ==
        std::vector<std::string>{"usage.all-domains --domains-file"});
  CHECK(check_verify_modes({.domains_file = true}, true).empty());  // the plan's own error said it
  CHECK(codes(check_verify_modes({.plan = true, .domains_file = true, .email = true}, false)) ==
        std::vector<std::string>{"usage.all-domains --all-domains"});
  CHECK(codes(check_verify_modes({.plan = true, .all_domains = true, .html = "x.html"}, false)) ==
        std::vector<std::string>{"usage.html --html"});
  const auto both = check_verify_modes({.json = true, .html = "-"}, false);
  REQUIRE(both.size() == 1);
  CHECK(both[0].message.find("cannot be used with --json") != std::string::npos);
  CHECK(check_verify_modes({.json = true, .html = "x.html"}, false).empty());
}
