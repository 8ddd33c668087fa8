// cert check: every finding, each triggered by a certificate OpenSSL built with that flaw.
#include "fixtures.hpp"
#include "test_pki_support.hpp"

#include <adplan/pki/cert_check.hpp>

#include <algorithm>

using namespace adplan;
using namespace adplan::test;
using namespace std::chrono;

namespace {

const system_clock::time_point k_now = sys_days(k_today) + hours(12);
const std::time_t k_t = system_clock::to_time_t(k_now);
constexpr std::time_t k_day = 86400;

struct Lab {
  explicit Lab(const nlohmann::json& j = contoso_json(1)) : plan(plan_of(j)) { make_root(); }
  Plan plan;  // scenario 1: mail, autodiscover, cas01 on one certificate
  ossl::Pkey root_key = openssl_ec("P-256");
  ossl::X509Ptr root;
  ossl::Pkey leaf_key = openssl_ec("P-256");
  const PlannedCertificate& planned = plan.certificates.front();

  void make_root() {
    CertSpec r;
    r.cn = "Test Root";
    r.key = root_key.get();
    r.not_before = k_t - 400 * k_day;
    r.not_after = k_t + 3000 * k_day;
    r.ca = true;
    r.eku = "";
    root = make_cert(r);
  }

  // A good leaf for the plan's first certificate; tests change one property.
  CertSpec good() {
    CertSpec s;
    s.cn = planned.common_name.str();
    for (const auto& h : planned.sans) s.sans.push_back(h.str());
    s.key = leaf_key.get();
    s.issuer = root.get();
    s.issuer_key = root_key.get();
    s.not_before = k_t - 10 * k_day;
    s.not_after = s.not_before + 200 * k_day - 1;
    return s;
  }

  CertCheckInput input(const CertSpec& s) {
    auto c = make_cert(s);
    CertCheckInput in;
    in.cert_pem = pem(c.get());
    in.cert_place = "leaf.crt";
    in.roots_pem = pem(root.get());
    in.key_pem = pem(leaf_key.get());
    return in;
  }

  std::vector<Finding> check(const CertCheckInput& in) {
    auto r = check_certificate(in, plan, k_now);
    REQUIRE(r);
    return r->findings;
  }
  std::vector<Finding> check(const CertSpec& s) { return check(input(s)); }
};

std::vector<std::string> ids(const std::vector<Finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.id);
  return out;
}

const Finding* find(const std::vector<Finding>& fs, std::string_view id) {
  auto it = std::ranges::find(fs, id, &Finding::id);
  return it == fs.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("cert check: a good certificate has no findings") {
  Lab lab;
  auto in = lab.input(lab.good());
  auto r = check_certificate(in, lab.plan, k_now);
  REQUIRE(r);
  CHECK(ids(r->findings) == std::vector<std::string>{});
  CHECK(r->planned_key == lab.planned.key);
  CHECK(r->facts.key == "ec:prime256v1");
  CHECK(r->facts.signature == "ecdsa-with-SHA256");
}

TEST_CASE("cert check: names the plan needs (X509_check_host, SAN only)") {
  Lab lab;
  auto s = lab.good();
  s.sans = {s.cn, "cas01.contoso.com", "extra.contoso.com"};  // autodiscover.contoso.com left out
  auto fs = lab.check(s);
  auto missing = find(fs, "cert.name-missing");
  REQUIRE(missing);
  CHECK(missing->subject == "autodiscover.contoso.com");
  CHECK(missing->severity == Severity::Error);
  CHECK(std::ranges::count(ids(fs), std::string("cert.name-missing")) == 1);
  REQUIRE(find(fs, "cert.name-extra"));
  CHECK(find(fs, "cert.name-extra")->severity == Severity::Info);
  SUBCASE("a name only in the CN does not count") {
    auto t = lab.good();
    t.cn = "autodiscover.contoso.com";
    t.sans = {"mail.contoso.com", "cas01.contoso.com"};
    auto f2 = lab.check(t);
    CHECK(find(f2, "cert.name-missing"));
    CHECK(find(f2, "cert.cn-not-in-san"));
  }
}

TEST_CASE("cert check: the Baseline Requirements' name rules on the certificate") {
  Lab lab;
  auto s = lab.good();
  SUBCASE("a reserved IP address") {
    s.sans.push_back("IP:10.0.0.5");
    auto fs = lab.check(s);
    REQUIRE(find(fs, "cert.reserved-ip"));
    CHECK(find(fs, "cert.reserved-ip")->subject == "10.0.0.5");
    CHECK(find(fs, "cert.reserved-ip")->severity == Severity::Error);
  }
  SUBCASE("a wildcard under a public suffix") {
    s.sans.push_back("*.co.uk");
    auto fs = lab.check(s);
    REQUIRE(find(fs, "cert.wildcard"));
    CHECK(find(fs, "cert.wildcard")->message.find("3.2.2.6") != std::string::npos);
  }
  SUBCASE("no SAN at all") {
    s.sans.clear();
    auto fs = lab.check(s);
    CHECK(find(fs, "cert.no-san"));
    CHECK(std::ranges::count(ids(fs), std::string("cert.name-missing")) == 3);  // the CN does not count
  }
}

TEST_CASE("cert check: a certificate that is not the plan's") {
  Lab lab;
  auto s = lab.good();
  s.cn = "www.fabrikam.com";
  s.sans = {"www.fabrikam.com"};
  auto fs = lab.check(s);
  CHECK(ids(fs) == std::vector<std::string>{"cert.not-planned"});
}

TEST_CASE("cert check: the key on disk and the request") {
  Lab lab;
  auto in = lab.input(lab.good());
  SUBCASE("another key") {
    auto other = openssl_ec("P-256");
    in.key_pem = pem(other.get());
    CHECK(ids(lab.check(in)) == std::vector<std::string>{"cert.key-mismatch"});
  }
  SUBCASE("another request") {
    auto other = openssl_ec("P-256");
    in.key_pem.reset();
    in.csr_pem = pem(make_req(lab.planned.common_name.str(), {lab.planned.common_name.str()}, other.get()).get());
    CHECK(ids(lab.check(in)) == std::vector<std::string>{"cert.key-mismatch"});
  }
  SUBCASE("the right request") {
    in.csr_pem =
        pem(make_req(lab.planned.common_name.str(), {lab.planned.common_name.str()}, lab.leaf_key.get()).get());
    CHECK(lab.check(in).empty());
  }
  SUBCASE("nothing to compare with") {
    in.key_pem.reset();
    auto fs = lab.check(in);
    CHECK(ids(fs) == std::vector<std::string>{"cert.key-unchecked"});
    CHECK(fs[0].severity == Severity::Info);
  }
}

TEST_CASE("cert check: the chain") {
  Lab lab;
  SUBCASE("another root") {
    auto in = lab.input(lab.good());
    Lab other;
    in.roots_pem = pem(other.root.get());
    auto fs = lab.check(in);
    REQUIRE(find(fs, "cert.chain"));
    CHECK(find(fs, "cert.chain")->message.find("unable to get local issuer certificate") != std::string::npos);
    CHECK(find(fs, "cert.chain")->severity == Severity::Error);
  }
  SUBCASE("an intermediate given with --chain") {
    auto ikey = openssl_ec("P-256");
    CertSpec is;
    is.cn = "Test Issuing CA";
    is.key = ikey.get();
    is.issuer = lab.root.get();
    is.issuer_key = lab.root_key.get();
    is.not_before = k_t - 100 * k_day;
    is.not_after = k_t + 1000 * k_day;
    is.ca = true;
    is.eku = "";
    auto inter = make_cert(is);
    auto s = lab.good();
    s.issuer = inter.get();
    s.issuer_key = ikey.get();
    auto in = lab.input(s);
    CHECK(ids(lab.check(in)) == std::vector<std::string>{"cert.chain"});  // intermediate not given
    in.chain_pem = pem(inter.get());
    CHECK(lab.check(in).empty());
  }
}

TEST_CASE("cert check: dates") {
  Lab lab;
  auto s = lab.good();
  SUBCASE("not yet valid") {
    s.not_before = k_t + 2 * k_day;
    s.not_after = s.not_before + 100 * k_day;
    CHECK(ids(lab.check(s)) == std::vector<std::string>{"cert.not-yet-valid"});
  }
  SUBCASE("expired") {
    s.not_before = k_t - 100 * k_day;
    s.not_after = k_t - 1;
    CHECK(ids(lab.check(s)) == std::vector<std::string>{"cert.expired"});
  }
  SUBCASE("expiring: less than a third of the lifetime left (issue 14; was a fixed 30 days)") {
    s.not_before = k_t - 100 * k_day;
    s.not_after = k_t + 29 * k_day;
    auto fs = lab.check(s);
    CHECK(ids(fs) == std::vector<std::string>{"cert.expiring"});
    CHECK(fs[0].severity == Severity::Warning);
    CHECK(fs[0].message.find("a third of its 129-day lifetime") != std::string::npos);
    // 31 days of 131 is less than a third: the old rule stayed quiet here.
    s.not_after = k_t + 31 * k_day;
    CHECK(ids(lab.check(s)) == std::vector<std::string>{"cert.expiring"});
    s.not_after = k_t + 51 * k_day;  // 51 of 151 days: more than a third left
    CHECK(lab.check(s).empty());
  }
  SUBCASE("lifetime over the public maximum (SC-081)") {
    s.not_after = s.not_before + 201 * k_day - 1;  // 201 days inclusive, issued after 2026-03-15
    auto fs = lab.check(s);
    CHECK(ids(fs) == std::vector<std::string>{"cert.lifetime"});
    CHECK(fs[0].message.find("201 days") != std::string::npos);
    CHECK(fs[0].severity == Severity::Error);
    s.not_after = s.not_before + 200 * k_day - 1;  // exactly 200 days is allowed
    CHECK(lab.check(s).empty());
  }
}

TEST_CASE("cert check: key and signature algorithms") {
  Lab lab;
  auto s = lab.good();
  SUBCASE("RSA 1024") {
    auto small = openssl_rsa(1024);
    s.key = small.get();
    auto in = lab.input(s);
    in.key_pem = pem(small.get());
    auto fs = lab.check(in);
    CHECK(ids(fs) == std::vector<std::string>{"cert.key-too-small"});
  }
  SUBCASE("an RSA modulus not divisible by 8") {
    auto odd = openssl_rsa(2052);
    s.key = odd.get();
    auto in = lab.input(s);
    in.key_pem = pem(odd.get());
    CHECK(ids(lab.check(in)) == std::vector<std::string>{"cert.key-size"});
  }
  SUBCASE("a curve outside BR 6.1.5") {
    auto k1 = openssl_ec("secp256k1");
    s.key = k1.get();
    auto in = lab.input(s);
    in.key_pem = pem(k1.get());
    CHECK(ids(lab.check(in)) == std::vector<std::string>{"cert.curve"});
  }
  SUBCASE("SHA-1 signature") {
    auto rkey = openssl_rsa(2048);
    CertSpec r;
    r.cn = "SHA1 Root";
    r.key = rkey.get();
    r.not_before = k_t - 10 * k_day;
    r.not_after = k_t + 1000 * k_day;
    r.ca = true;
    r.eku = "";
    auto root = make_cert(r);
    s.issuer = root.get();
    s.issuer_key = rkey.get();
    s.md = EVP_sha1();
    auto in = lab.input(s);
    in.roots_pem = pem(root.get());
    auto fs = lab.check(in);
    REQUIRE(find(fs, "cert.weak-signature"));
    CHECK(find(fs, "cert.weak-signature")->message.find("sha1WithRSAEncryption") != std::string::npos);
    CHECK(find(fs, "cert.weak-signature")->severity == Severity::Error);
  }
}

TEST_CASE("cert check: usage") {
  Lab lab;
  auto s = lab.good();
  SUBCASE("CA:TRUE on a server certificate") {
    s.ca = true;
    CHECK(std::ranges::count(ids(lab.check(s)), std::string("cert.is-ca")) == 1);
  }
  SUBCASE("no serverAuth") {
    s.eku = "clientAuth";
    CHECK(ids(lab.check(s)) == std::vector<std::string>{"cert.no-server-auth"});
  }
}

TEST_CASE("cert check: internal names on a public plan") {
  auto j = contoso_json(1);
  j["internal_domain"] = "contoso.local";
  j["servers"][0]["fqdn"] = "cas01.contoso.local";
  Lab lab(j);
  auto s = lab.good();
  s.sans.clear();
  for (const auto& h : lab.plan.certificates.front().sans) s.sans.push_back(h.str());
  auto fs = lab.check(s);
  REQUIRE(find(fs, "cert.internal-name"));
  CHECK(find(fs, "cert.internal-name")->severity == Severity::Error);
}

TEST_CASE("cert check: all findings at once, errors first") {
  Lab lab;
  auto s = lab.good();
  s.sans = {s.cn};
  s.ca = true;
  s.not_before = k_t - 250 * k_day;  // issued after 2026-03-15: 200 days at most
  s.not_after = k_t - k_day;
  auto fs = lab.check(s);
  for (const char* id : {"cert.name-missing", "cert.is-ca", "cert.expired", "cert.lifetime"}) {
    CAPTURE(id);
    CHECK(find(fs, id));
  }
  CHECK(std::ranges::is_sorted(fs, [](const Finding& a, const Finding& b) { return a.severity > b.severity; }));
}

TEST_CASE("cert check: unreadable input is an error value") {
  Lab lab;
  CertCheckInput in;
  in.cert_pem = "garbage";
  in.cert_place = "x.crt";
  auto r = check_certificate(in, lab.plan, k_now);
  REQUIRE_FALSE(r);
  CHECK(r.error().field == "x.crt");
  in = lab.input(lab.good());
  in.roots_pem = "nothing";
  CHECK(check_certificate(in, lab.plan, k_now).error().field == "ca_file");
}
