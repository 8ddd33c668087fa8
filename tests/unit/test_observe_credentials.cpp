// The one rule for where verify sends the user's password (issue 10, item 1).
#include <adplan/observe/credentials.hpp>

#include <doctest/doctest.h>

using namespace adplan::observe;

namespace {

constexpr std::int64_t k_now = 1'750'000'000;  // 2025-06-15

TlsFacts good_chain(const std::string& name) {
  TlsFacts t;
  CertificateFacts leaf;
  leaf.common_name = name;
  leaf.dns_names = {name};
  leaf.not_before = k_now - 86400;
  leaf.not_after = k_now + 90 * 86400;
  t.chain = {leaf};
  t.trusted = true;
  t.name_matches = true;
  t.matched_name = name;
  return t;
}

Url https(const std::string& host) {
  return {"https", host, 443, "/autodiscover/autodiscover.xml"};
}

}  // namespace

TEST_CASE("credentials: a trusted, matching, current certificate on https gets them") {
  auto tls = good_chain("mail.contoso.com");
  auto d = credentials_allowed(https("mail.contoso.com"), &tls, {false, false, "a redirect", false, k_now, ""});
  CHECK(d.allowed);
  CHECK(d.code.empty());
  CHECK(d.reason.empty());
}

TEST_CASE("credentials: never over plain http, whatever else holds") {
  auto tls = good_chain("mail.contoso.com");
  Url url{"http", "mail.contoso.com", 80, "/autodiscover/autodiscover.xml"};
  auto d = credentials_allowed(url, &tls, {true, true, "a redirect", true, k_now, ""});
  CHECK_FALSE(d.allowed);
  CHECK(d.code == "plain-http");
}

TEST_CASE("credentials: withheld when the certificate fails, every reason named") {
  CredentialScope scope{false, false, "a redirect", false, k_now, ""};
  SUBCASE("self-signed, wrong name") {
    auto tls = good_chain("totally-wrong.example");
    tls.trusted = false;
    tls.trust_errors = {"depth 0: self-signed certificate"};
    tls.name_matches = false;
    auto d = credentials_allowed(https("autodiscover.contoso.com"), &tls, scope);
    CHECK_FALSE(d.allowed);
    CHECK(d.code == "certificate");
    CHECK(d.reason ==
          "the certificate failed: not trusted (depth 0: self-signed certificate), does not name "
          "autodiscover.contoso.com");
  }
  SUBCASE("expired") {
    auto tls = good_chain("mail.contoso.com");
    tls.chain[0].not_after = k_now - 1;
    auto d = credentials_allowed(https("mail.contoso.com"), &tls, scope);
    CHECK(d.code == "certificate");
    CHECK(d.reason.find("expired on 2025-06-15") != std::string::npos);
  }
  SUBCASE("not yet valid") {
    auto tls = good_chain("mail.contoso.com");
    tls.chain[0].not_before = k_now + 86400;
    CHECK(credentials_allowed(https("mail.contoso.com"), &tls, scope).code == "certificate");
  }
  SUBCASE("an expired chain certificate") {
    auto tls = good_chain("mail.contoso.com");
    tls.chain.push_back(tls.chain[0]);
    tls.chain[1].not_after = k_now - 86400;
    auto d = credentials_allowed(https("mail.contoso.com"), &tls, scope);
    CHECK(d.code == "certificate");
    CHECK(d.reason.find("(chain certificate 1)") != std::string::npos);
  }
  SUBCASE("no certificate judged") {
    CHECK(credentials_allowed(https("mail.contoso.com"), nullptr, scope).code == "certificate");
    TlsFacts empty;
    CHECK(credentials_allowed(https("mail.contoso.com"), &empty, scope).code == "certificate");
  }
}

TEST_CASE("credentials: the domain-joined client's trust exception waives trust, not the name or the dates") {
  auto tls = good_chain("cas01.contoso.local");
  tls.trusted = false;
  tls.trust_errors = {"depth 0: self-signed certificate"};
  CredentialScope scp{false, false, "a redirect", true, k_now, ""};
  CHECK(credentials_allowed(https("cas01.contoso.local"), &tls, scp).allowed);
  SUBCASE("the name still counts") {
    tls.name_matches = false;
    auto d = credentials_allowed(https("cas01.contoso.local"), &tls, scp);
    CHECK(d.code == "certificate");
    CHECK(d.reason == "the certificate failed: does not name cas01.contoso.local");
  }
  SUBCASE("the dates still count") {
    tls.chain[0].not_after = k_now - 86400;
    CHECK(credentials_allowed(https("cas01.contoso.local"), &tls, scp).code == "certificate");
  }
  SUBCASE("without the exception the same chain fails") {
    scp.trust_exception = false;
    CHECK(credentials_allowed(https("cas01.contoso.local"), &tls, scp).code == "certificate");
  }
}

TEST_CASE("credentials: a redirect target gets them only when approved") {
  auto tls = good_chain("evil.contoso.com");
  CredentialScope redirected{true, false, "a redirect", false, k_now, ""};
  auto d = credentials_allowed(https("evil.contoso.com"), &tls, redirected);
  CHECK_FALSE(d.allowed);
  CHECK(d.code == "redirect-not-approved");
  CHECK(d.reason ==
        "reached by a redirect to evil.contoso.com, a host outside the plan; approve it with --allow-redirect "
        "evil.contoso.com");
  redirected.approved = true;
  CHECK(credentials_allowed(https("evil.contoso.com"), &tls, redirected).allowed);
  SUBCASE("approval does not excuse the certificate; both reasons are named") {
    redirected.approved = false;
    tls.trusted = false;
    auto both = credentials_allowed(https("evil.contoso.com"), &tls, redirected);
    CHECK(both.code == "certificate");
    CHECK(both.reason.find("reached by a redirect") != std::string::npos);
    redirected.approved = true;
    CHECK(credentials_allowed(https("evil.contoso.com"), &tls, redirected).code == "certificate");
  }
  SUBCASE("an SRV target outside the domain says so") {
    CredentialScope srv{true, false, "the SRV record", false, k_now, ""};
    CHECK(credentials_allowed(https("evil.example"), &tls, srv).reason.starts_with("reached by the SRV record to"));
  }
}

TEST_CASE("credentials: a domain someone other than the plan named gets them only at approved hosts") {
  // Issue 21: a tenant's line in --domains-file or a scraper's ?target= chose the domain, so its
  // own names (the domain, autodiscover.<domain>) are theirs, however good the certificate.
  auto tls = good_chain("autodiscover.tenant.example");
  CredentialScope scope{false, false, "a redirect", false, k_now, "--domains-file"};
  auto d = credentials_allowed(https("autodiscover.tenant.example"), &tls, scope);
  CHECK_FALSE(d.allowed);
  CHECK(d.code == "not-plan-host");
  CHECK(d.reason.find("--domains-file") != std::string::npos);
  CHECK(d.reason.find("--allow-redirect autodiscover.tenant.example") != std::string::npos);
  SUBCASE("the plan's host (the tenant's SRV target, say) or --allow-redirect's: allowed") {
    scope.approved = true;
    auto ok = credentials_allowed(https("autodiscover.tenant.example"), &tls, scope);
    CHECK(ok.allowed);
  }
  SUBCASE("the plan's own domain: no change") {
    scope.named_by.clear();
    CHECK(credentials_allowed(https("autodiscover.tenant.example"), &tls, scope).allowed);
  }
  SUBCASE("reached by a redirect as well: the redirect's reason comes first") {
    scope.needs_approval = true;
    auto r = credentials_allowed(https("autodiscover.tenant.example"), &tls, scope);
    CHECK(r.code == "redirect-not-approved");
  }
}

TEST_CASE("credentials: the time of the request decides, not the time the process started") {
  auto tls = good_chain("mail.contoso.com");  // valid until k_now + 90 days
  CredentialScope scope{false, false, "a redirect", false, k_now, ""};
  CHECK(credentials_allowed(https("mail.contoso.com"), &tls, scope).allowed);
  scope.now = k_now + 91 * 86400;
  auto later = credentials_allowed(https("mail.contoso.com"), &tls, scope);
  CHECK_FALSE(later.allowed);
  CHECK(later.code == "certificate");
  CHECK(later.reason.find("expired") != std::string::npos);
}

// Issue 25: what can be told before a connection agrees with the whole rule on a good certificate
// (a warm target's request sent ahead meets the rest on its connection).
TEST_CASE("credentials: the scope's part of the rule, before any certificate, agrees with the whole rule") {
  auto tls = good_chain("mail.contoso.com");
  for (bool needs_approval : {false, true}) {
    for (bool approved : {false, true}) {
      for (const std::string named_by : {"", "the scraper's ?target="}) {
        for (const std::string scheme : {"https", "http"}) {
          CredentialScope scope{needs_approval, approved, "a redirect", false, k_now, named_by};
          Url url{scheme, "mail.contoso.com", scheme == "https" ? 443 : 80, "/autodiscover/autodiscover.xml"};
          CAPTURE(needs_approval);
          CAPTURE(approved);
          CAPTURE(named_by);
          CAPTURE(scheme);
          CHECK(scope_allows_credentials(url, scope) == credentials_allowed(url, &tls, scope).allowed);
        }
      }
    }
  }
  // The certificate is not its part: an expired one still passes here, and fails the whole rule.
  auto expired = good_chain("mail.contoso.com");
  expired.chain.front().not_after = k_now - 1;
  CredentialScope scope{false, true, "a redirect", false, k_now, ""};
  CHECK(scope_allows_credentials(https("mail.contoso.com"), scope));
  CHECK_FALSE(credentials_allowed(https("mail.contoso.com"), &expired, scope).allowed);
}
