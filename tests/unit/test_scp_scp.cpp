// SCP ranking from recorded directory answers (MS-OXDISCO 3.1.5.1; Microsoft's SCP look-up
// sample: Site=<client site> first, then unscoped, then other sites; pointers by Domain=).
#include "fixtures.hpp"

#include <adplan/planner/scp_plan.hpp>
#include <adplan/scp/scp.hpp>

#include <doctest/doctest.h>

using namespace adplan;

namespace {

ScpObject url_scp(std::string dn, std::string url, std::vector<std::string> sites, std::string created = {}) {
  ScpObject o{std::move(dn), {std::string(k_scp_url_keyword)}, {std::move(url)}, std::move(created)};
  for (auto& s : sites) o.keywords.push_back("Site=" + s);
  return o;
}

std::vector<std::string> urls(const ScpDecision& d) {
  std::vector<std::string> out;
  for (const auto& r : d.urls) out.push_back(r.url);
  return out;
}

}  // namespace

TEST_CASE("SCP ranking: own site, then no site, then other sites") {
  std::vector<ScpObject> dir{
      url_scp("cn=a", "https://cas-paris.contoso.com/Autodiscover/Autodiscover.xml", {"Paris"}, "20200101000000.0Z"),
      url_scp("cn=b", "https://cas-any.contoso.com/autodiscover/autodiscover.xml", {}, "20210101000000.0Z"),
      url_scp("cn=c", "https://cas-sea.contoso.com/autodiscover/autodiscover.xml", {"Seattle"}, "20220101000000.0Z"),
  };
  auto d = decide_scps(dir, "contoso.com", "Seattle");
  CHECK(urls(d) == std::vector<std::string>{"https://cas-sea.contoso.com/autodiscover/autodiscover.xml",
                                            "https://cas-any.contoso.com/autodiscover/autodiscover.xml",
                                            "https://cas-paris.contoso.com/autodiscover/autodiscover.xml"});
  CHECK(d.urls[0].priority == 1);
  CHECK(d.urls[1].priority == 2);
  CHECK(d.urls[2].priority == 3);
  SUBCASE("site names compare case-insensitively") {
    CHECK(decide_scps(dir, "", "seattle").urls[0].priority == 1);
  }
  SUBCASE("a client without a site sees every scoped SCP as another site's") {
    auto none = decide_scps(dir, "", "");
    CHECK(none.urls[0].url == "https://cas-any.contoso.com/autodiscover/autodiscover.xml");
  }
}

TEST_CASE("SCP ranking: equal-site ties go oldest first, then by DN") {
  std::vector<ScpObject> dir{
      url_scp("cn=new", "https://new.contoso.com/autodiscover/autodiscover.xml", {"HQ"}, "20240101000000.0Z"),
      url_scp("cn=old", "https://old.contoso.com/autodiscover/autodiscover.xml", {"HQ"}, "20070601000000.0Z"),
      url_scp("cn=b-unknown", "https://b.contoso.com/autodiscover/autodiscover.xml", {"HQ"}),
      url_scp("cn=a-unknown", "https://a.contoso.com/autodiscover/autodiscover.xml", {"HQ"}),
  };
  CHECK(urls(decide_scps(dir, "", "HQ")) ==
        std::vector<std::string>{"https://old.contoso.com/autodiscover/autodiscover.xml",
                                 "https://new.contoso.com/autodiscover/autodiscover.xml",
                                 "https://a.contoso.com/autodiscover/autodiscover.xml",
                                 "https://b.contoso.com/autodiscover/autodiscover.xml"});
}

TEST_CASE("SCP ranking: a URL in several SCPs appears once, at its best rank") {
  std::vector<ScpObject> dir{
      url_scp("cn=1", "https://mail.contoso.com/autodiscover/autodiscover.xml", {"Paris"}),
      url_scp("cn=2", "https://MAIL.contoso.com/autodiscover/autodiscover.xml", {"Seattle"}),
  };
  auto d = decide_scps(dir, "", "Seattle");
  REQUIRE(d.urls.size() == 1);
  CHECK(d.urls[0].priority == 1);
  CHECK(d.urls[0].dn == "cn=2");
}

TEST_CASE("SCP pointers") {
  ScpObject fabrikam{
      "cn=ptr-fab", {std::string(k_scp_pointer_keyword), "Domain=fabrikam.com"}, {"LDAP://dc1.fabrikam.com"}, {}};
  ScpObject unscoped{"cn=ptr-any", {std::string(k_scp_pointer_keyword)}, {"LDAP://dc9.contoso.com"}, {}};
  ScpObject local = url_scp("cn=u", "https://mail.contoso.com/autodiscover/autodiscover.xml", {});
  SUBCASE("a pointer scoped to the user's domain replaces the answer") {
    auto d = decide_scps({local, fabrikam}, "fabrikam.com", "HQ");
    REQUIRE(d.follow);
    CHECK(*d.follow == "LDAP://dc1.fabrikam.com");
    CHECK(d.urls.empty());
  }
  SUBCASE("another domain's pointer is ignored") {
    auto d = decide_scps({local, fabrikam}, "contoso.com", "HQ");
    CHECK_FALSE(d.follow);
    CHECK_FALSE(d.fallback);
    CHECK(d.urls.size() == 1);
  }
  SUBCASE("an unscoped pointer is the fallback") {
    auto d = decide_scps({unscoped}, "contoso.com", "HQ");
    CHECK_FALSE(d.follow);
    CHECK(d.fallback == "LDAP://dc9.contoso.com");
    CHECK(d.urls.empty());
  }
  SUBCASE("keywords compare case-insensitively") {
    ScpObject lower{"cn=x", {"67661d7f-8fc4-4fa7-bfac-e1d7794c1f68", "domain=Fabrikam.com"}, {"LDAP://dc2"}, {}};
    CHECK(decide_scps({lower}, "fabrikam.com", "").follow == "LDAP://dc2");
  }
  SUBCASE("pointer bindings become LDAP URIs, and only well-formed ones") {
    CHECK(pointer_uri("LDAP://dc1.fabrikam.com") == "ldap://dc1.fabrikam.com/");
    CHECK(pointer_uri("LDAP://127.0.0.5:3389/DC=fabrikam,DC=com") == "ldap://127.0.0.5:3389/");
    CHECK(pointer_uri("ldaps://dc1") == "ldaps://dc1/");
    CHECK_FALSE(pointer_uri("https://dc1").has_value());
    CHECK_FALSE(pointer_uri("LDAP://").has_value());
    CHECK_FALSE(pointer_uri("LDAP://dc1 evil").has_value());
  }
}

TEST_CASE("SCP objects and per-site order from a plan") {
  auto j = adplan::test::contoso_json(2);
  j["internal_domain"] = "contoso.local";
  j["servers"] = {{{"name", "CAS01"}, {"fqdn", "cas01.contoso.local"}, {"ip", "10.0.0.10"}, {"site", "Seattle"}},
                  {{"name", "CAS02"}, {"fqdn", "cas02.contoso.local"}, {"ip", "10.1.0.10"}, {"site", "Dublin"}}};
  j["scenario"] = 1;
  auto d = adplan::test::deployment(j);
  Plan p = make_plan(d, *find_scenario(1), PlanOptions{adplan::test::k_today});
  CHECK(configuration_dn(p) == "CN=Configuration,DC=contoso,DC=local");
  auto objs = planned_scp_objects(p);
  REQUIRE(objs.size() == 2);
  CHECK(objs[0].dn ==
        "CN=CAS01,CN=Autodiscover,CN=Protocols,CN=CAS01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),"
        "CN=Administrative Groups,CN=First Organization,CN=Microsoft "
        "Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local");
  CHECK(objs[0].keywords == std::vector<std::string>{std::string(k_scp_url_keyword), "Site=Seattle"});
  REQUIRE(p.scp_order.size() == 3);
  CHECK(p.scp_order[0].site == "Dublin");
  CHECK(p.scp_order[0].urls.front() == "https://cas02.contoso.local/autodiscover/autodiscover.xml");
  CHECK(p.scp_order[1].site == "Seattle");
  CHECK(p.scp_order[1].urls.front() == "https://cas01.contoso.local/autodiscover/autodiscover.xml");
  CHECK(p.scp_order[2].site == "*");
  auto ldif = scp_ldif(p);
  CHECK(ldif.find("dn: DC=contoso,DC=local\n") != std::string::npos);
  CHECK(ldif.find("serviceBindingInformation: https://cas02.contoso.local/autodiscover/autodiscover.xml\n") !=
        std::string::npos);
  CHECK(ldif.find("keywords: Site=Dublin\n") != std::string::npos);
  // Parents come before children, so the file loads into an empty directory.
  CHECK(ldif.find("dn: CN=Configuration,DC=contoso,DC=local") < ldif.find("dn: CN=Services,CN=Configuration"));
}
