#include <adplan/observe/directory.hpp>
#include <adplan/verify/scp_judge.hpp>

#include <doctest/doctest.h>

using namespace adplan;

namespace {

observe::ScpLookup lookup() {
  observe::ScpLookup l;
  l.answers.push_back({"ldap://dc1/", "CN=Configuration,DC=contoso,DC=com", {ScpObject{}, ScpObject{}}, 12});
  l.answers.push_back({"ldap://dc2/", "CN=Configuration,DC=fabrikam,DC=com", {ScpObject{}}, 3});
  l.trace = {"followed pointer Domain=fabrikam.com to ldap://dc2/"};
  l.urls = {{"https://mail.contoso.com/autodiscover/autodiscover.xml", "CN=CAS01", 1, {"Site-A"}},
            {"http://cas02.contoso.com/autodiscover/autodiscover.xml", "CN=CAS02", 2, {}},
            {"https://cas03.contoso.com/autodiscover/autodiscover.xml", "CN=CAS03", 3, {"Site-B"}},
            {"https://mail.contoso.com/other", "CN=CAS04", 3, {}}};
  l.errors = {Error{"ldap.unreachable", "ldap://dc3/", "cannot connect", ""}};
  l.untrusted = {{"127.0.0.77", "ldap://127.0.0.77/", "no TLS", true}};
  l.cleartext_bind = true;
  return l;
}

}  // namespace

TEST_CASE("directory: the look-up as verify's observation") {
  auto o = observe::to_observation(lookup(), "ldap://dc1/", "Site-A", 40);
  CHECK(o.directory == "ldap://dc1/");
  CHECK(o.client_site == "Site-A");
  CHECK(o.objects == 3);
  CHECK(o.ms == 40);
  CHECK(o.trace.size() == 1);
  REQUIRE(o.urls.size() == 3);  // the http URL is not one Outlook posts to
  CHECK(o.urls[0].host == "mail.contoso.com");
  CHECK(o.urls[0].priority == 1);
  CHECK(o.urls[0].sites == std::vector<std::string>{"Site-A"});
  CHECK(o.urls[1].host == "cas03.contoso.com");
  REQUIRE(o.errors.size() == 2);
  CHECK(o.errors[0].to_string() == "ldap://dc3/: cannot connect");
  CHECK(o.errors[1].to_string() ==
        "SCP CN=CAS02: \"http://cas02.contoso.com/autodiscover/autodiscover.xml\" is not an https URL");
  REQUIRE(o.untrusted.size() == 1);
  CHECK(o.untrusted[0].host == "127.0.0.77");
  CHECK(o.cleartext_bind);
  CHECK(observe::scp_hosts(o) == std::vector<std::string>{"mail.contoso.com", "cas03.contoso.com"});
}

TEST_CASE("directory: the look-up as the SCP judge views it") {
  auto v = directory_view(lookup(), "ldap://dc1/", "Site-A");
  CHECK(v.directory == "ldap://dc1/");
  CHECK(v.objects == 3);
  CHECK(v.ranked.size() == 4);  // the judge sees every URL, as ranked
  CHECK(v.client_site == "Site-A");
  REQUIRE(v.errors.size() == 1);
  CHECK(v.errors[0].code == "ldap.unreachable");  // the Error value reaches the judge
  CHECK(v.errors[0].to_string() == "ldap://dc3/: cannot connect");
}
