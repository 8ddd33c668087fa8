// CAA as a CA reads it (RFC 8659): the RDATA (well-formed and malformed), the climb to the
// closest CAA set with the RFC's examples, CNAMEs, and whether an issuer may issue.
#include <adplan/observe/caa.hpp>

#include <doctest/doctest.h>

#include <map>
#include <vector>

using namespace adplan::observe;

namespace {

std::vector<unsigned char> bytes(std::initializer_list<int> head, std::string_view rest) {
  std::vector<unsigned char> out;
  for (int b : head) out.push_back(static_cast<unsigned char>(b));
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

CaaRecord rec(std::string tag, std::string value, std::uint8_t flags = 0) {
  return {flags, std::move(tag), std::move(value)};
}

CaaAnswer set(std::vector<CaaRecord> r) {
  return {DnsStatus::Ok, std::move(r), {}, 0};
}
CaaAnswer none() {
  return {DnsStatus::NoData, {}, {}, 0};
}

}  // namespace

TEST_CASE("caa: the RDATA is flags, tag length, tag and value (RFC 8659 4.1)") {
  auto b = bytes({0, 5}, "issueletsencrypt.org");
  auto r = parse_caa_rdata(b);
  REQUIRE(r);
  CHECK(r->flags == 0);
  CHECK(r->tag == "issue");
  CHECK(r->value == "letsencrypt.org");
  CHECK(r->str() == "0 issue \"letsencrypt.org\"");
  CHECK_FALSE(r->critical());
  SUBCASE("the critical flag and an upper-case tag") {
    auto c = parse_caa_rdata(bytes({128, 3}, "TBSUnknown"));
    REQUIRE(c);
    CHECK(c->critical());
    CHECK(c->tag == "tbs");
    CHECK(c->value == "Unknown");
  }
  SUBCASE("an empty value is a value (issue \";\" style records are short)") {
    auto e = parse_caa_rdata(bytes({0, 5}, "issue"));
    REQUIRE(e);
    CHECK(e->value.empty());
  }
}

TEST_CASE("caa: malformed RDATA is an error that says what is wrong, never a read past the end") {
  SUBCASE("empty") {
    CHECK(parse_caa_rdata({}).error().code == "dns.caa-malformed");
  }
  SUBCASE("one octet") {
    auto b = bytes({0}, "");
    CHECK_FALSE(parse_caa_rdata(b));
  }
  SUBCASE("tag length 0") {
    auto b = bytes({0, 0}, "x");
    auto r = parse_caa_rdata(b);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("tag length 0") != std::string::npos);
  }
  SUBCASE("tag length 16") {
    auto b = bytes({0, 16}, "abcdefghijklmnopq");
    CHECK_FALSE(parse_caa_rdata(b));
  }
  SUBCASE("tag longer than the record") {
    auto b = bytes({0, 9}, "issue");
    auto r = parse_caa_rdata(b);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("past the end") != std::string::npos);
  }
  SUBCASE("a tag that is not letters and digits") {
    auto b = bytes({0, 5}, "iss-eletsencrypt.org");
    CHECK_FALSE(parse_caa_rdata(b));
  }
}

TEST_CASE("caa: the search climbs from the name up to, not including, the root (RFC 8659 3)") {
  // RFC 8659 3: for X.Y.Z the order is X.Y.Z, Y.Z, Z.
  CHECK(caa_search_names("X.Y.Z") == std::vector<std::string>{"x.y.z", "y.z", "z"});
  CHECK(caa_search_names("mail.contoso.com.") == std::vector<std::string>{"mail.contoso.com", "contoso.com", "com"});
  CHECK(caa_search_names("").empty());
}

TEST_CASE("caa: the relevant set is the closest one up the tree (RFC 8659 3 examples)") {
  std::map<std::string, CaaAnswer> dns{
      {"y.z", set({rec("issue", "ca.example.net")})}, {"x.y.z", none()}, {"z", none()}, {"a.x.y.z", none()}};
  SUBCASE("X.Y.Z has none: Y.Z's applies") {
    auto l = relevant_caa("x.y.z", dns);
    CHECK(l.relevant == "y.z");
    REQUIRE(l.records.size() == 1);
    CHECK(l.records[0].value == "ca.example.net");
  }
  SUBCASE("a set at the name itself wins over its parent's") {
    dns["x.y.z"] = set({rec("issue", "other.example")});
    auto l = relevant_caa("x.y.z", dns);
    CHECK(l.relevant == "x.y.z");
    CHECK(l.records[0].value == "other.example");
  }
  SUBCASE("no set anywhere: empty, any CA may issue") {
    std::map<std::string, CaaAnswer> empty{{"x.y.z", none()}, {"y.z", none()}, {"z", none()}};
    auto l = relevant_caa("x.y.z", empty);
    CHECK(l.relevant.empty());
    CHECK(l.status == DnsStatus::Ok);
    CHECK(caa_permits(l.records, "anyone.example", false).permitted);
  }
  SUBCASE("NXDOMAIN climbs too") {
    dns["a.x.y.z"] = CaaAnswer{DnsStatus::NxDomain, {}, {}, 0};
    CHECK(relevant_caa("a.x.y.z", dns).relevant == "y.z");
  }
  SUBCASE("a failed question stops the walk: the set cannot be known") {
    dns["x.y.z"] = CaaAnswer{DnsStatus::ServerFailure, {}, {}, 0};
    auto l = relevant_caa("x.y.z", dns);
    CHECK(l.status == DnsStatus::ServerFailure);
    CHECK(l.failed_at == "x.y.z");
    CHECK(l.relevant.empty());
  }
  SUBCASE("an alias: the set at the CNAME's target answers for the name; none there climbs from the name") {
    dns["x.y.z"] = CaaAnswer{DnsStatus::Ok, {rec("issue", "cdn-ca.example")}, "cdn.example.org", 0};
    auto l = relevant_caa("x.y.z", dns);
    CHECK(l.relevant == "x.y.z");
    CHECK(l.alias == "cdn.example.org");
    CHECK(l.records[0].value == "cdn-ca.example");
    // RFC 8659 3: the climb goes up the name asked for (Y.Z), not up the alias target.
    dns["x.y.z"] = CaaAnswer{DnsStatus::NoData, {}, "cdn.example.org", 0};
    CHECK(relevant_caa("x.y.z", dns).relevant == "y.z");
  }
}

TEST_CASE("caa: whether an issuer may issue (RFC 8659 4.2, 4.3)") {
  const std::vector<CaaRecord> le{rec("issue", "letsencrypt.org"), rec("iodef", "mailto:security@contoso.com")};
  CHECK(caa_permits(le, "letsencrypt.org", false).permitted);
  CHECK(caa_permits(le, "LetsEncrypt.ORG", false).permitted);
  auto other = caa_permits(le, "ca.example.net", false);
  CHECK_FALSE(other.permitted);
  CHECK(other.why.find("letsencrypt.org") != std::string::npos);
  SUBCASE("parameters after the issuer domain") {
    CHECK(
        caa_permits({rec("issue", " letsencrypt.org; validationmethods=dns-01")}, "letsencrypt.org", false).permitted);
  }
  SUBCASE("issue \";\" lets no CA issue (RFC 8659 4.2 example)") {
    CHECK_FALSE(caa_permits({rec("issue", ";")}, "letsencrypt.org", false).permitted);
  }
  SUBCASE("only iodef: no restriction") {
    CHECK(caa_permits({rec("iodef", "mailto:x@y.z")}, "ca.example", false).permitted);
  }
  SUBCASE("issuewild decides for a wildcard, issue for the rest") {
    std::vector<CaaRecord> s{rec("issue", "letsencrypt.org"), rec("issuewild", ";")};
    CHECK(caa_permits(s, "letsencrypt.org", false).permitted);
    CHECK_FALSE(caa_permits(s, "letsencrypt.org", true).permitted);
    // Without issuewild, issue governs wildcards too.
    CHECK(caa_permits({rec("issue", "letsencrypt.org")}, "letsencrypt.org", true).permitted);
  }
  SUBCASE("an unknown critical property forbids every CA (RFC 8659 4.1.1)") {
    std::vector<CaaRecord> s{rec("issue", "letsencrypt.org"), rec("tbs", "Unknown", 128)};
    CHECK_FALSE(caa_permits(s, "letsencrypt.org", false).permitted);
    // Not critical: ignored.
    CHECK(caa_permits({rec("issue", "letsencrypt.org"), rec("tbs", "Unknown")}, "letsencrypt.org", false).permitted);
  }
  SUBCASE("a value that is no domain name permits nobody") {
    CHECK_FALSE(caa_permits({rec("issue", "letsencrypt..org")}, "letsencrypt.org", false).permitted);
    CHECK_FALSE(caa_permits({rec("issue", "lets encrypt.org")}, "letsencrypt.org", false).permitted);
  }
}
