// The chain judged with OpenSSL apart from the handshake. Certificates are made by the
// openssl command (another producer than the code under test) in a temporary directory.
#include <adplan/probe/internal/certificate.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace adplan::probe;
namespace fs = std::filesystem;

namespace {

struct Lab {
  fs::path dir;
  Lab() {
    char tmpl[] = "/tmp/adplan-cert-test.XXXXXX";
    dir = ::mkdtemp(tmpl);
  }
  ~Lab() { fs::remove_all(dir); }
  void run(const std::string& cmd) const {
    std::string full = "cd '" + dir.string() + "' && " + cmd + " >/dev/null 2>&1";
    REQUIRE_MESSAGE(std::system(full.c_str()) == 0, cmd);
  }
  std::string read(const std::string& name) const {
    std::ifstream in(dir / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // A root, and a leaf it signs: key spec (rsa:2048, rsa:1024, ec) and digest (sha256, sha1).
  void make(const std::string& names, const std::string& key = "rsa:2048", const std::string& digest = "sha256",
            const std::string& days = "30") const {
    run("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 -subj '/CN=Test Root' "
        "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign");
    std::string newkey = key == "ec" ? "-newkey ec -pkeyopt ec_paramgen_curve:P-256" : "-newkey " + key;
    run("openssl req " + newkey + " -nodes -keyout leaf.key -out leaf.csr -subj '/CN=leaf'");
    std::ofstream(dir / "ext.cnf") << "subjectAltName=" << names << "\nextendedKeyUsage=serverAuth\n";
    run("openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out leaf.crt -days " + days + " -" +
        digest + " -extfile ext.cnf");
  }
};

TrustStore store(const TrustAnchors& a) {
  auto s = TrustStore::load(a);
  REQUIRE(s);
  return *s;
}

}  // namespace

TEST_CASE("certificate: a chain to the lab root with --ca-file is trusted and names the host") {
  Lab lab;
  lab.make("DNS:mail.contoso.com,DNS:autodiscover.contoso.com");
  TrustStore anchors = store(TrustAnchors{false, lab.dir / "ca.crt"});
  auto t = judge_chain({lab.read("leaf.crt")}, "autodiscover.contoso.com", anchors);
  REQUIRE(t);
  CHECK(t->trusted);
  CHECK(t->trust_errors.empty());
  CHECK(t->name_matches);
  CHECK(t->matched_name == "autodiscover.contoso.com");
  const auto& leaf = t->chain.front();
  CHECK(leaf.common_name == "leaf");
  CHECK(leaf.dns_names == std::vector<std::string>{"mail.contoso.com", "autodiscover.contoso.com"});
  CHECK(leaf.key_type == "RSA");
  CHECK(leaf.key_bits == 2048);
  CHECK(leaf.signature_digest == "SHA256");
  CHECK(leaf.not_after - leaf.not_before == 30 * 86400);
  CHECK(leaf.sha256.size() == 64);
  auto other = judge_chain({lab.read("leaf.crt")}, "contoso.com", anchors);
  CHECK_FALSE(other->name_matches);
}

TEST_CASE("certificate: without the root the chain is untrusted, and the reason is kept") {
  Lab lab;
  lab.make("DNS:mail.contoso.com");
  auto t = judge_chain({lab.read("leaf.crt")}, "mail.contoso.com", store(TrustAnchors{true, std::nullopt}));
  REQUIRE(t);
  CHECK_FALSE(t->trusted);
  REQUIRE_FALSE(t->trust_errors.empty());
  CHECK(t->trust_errors.front().find("issuer") != std::string::npos);
}

TEST_CASE("certificate: RSA-1024 and SHA-1 are seen as what they are, and still chain") {
  Lab lab;
  lab.make("DNS:mail.contoso.com", "rsa:1024", "sha1");
  auto t = judge_chain({lab.read("leaf.crt")}, "mail.contoso.com", store(TrustAnchors{false, lab.dir / "ca.crt"}));
  REQUIRE(t);
  CHECK(t->trusted);  // key size and digest are the judge's business, by name
  CHECK(t->chain.front().key_bits == 1024);
  CHECK(t->chain.front().signature_digest == "SHA1");
  CHECK(t->chain.front().signature_algorithm == "sha1WithRSAEncryption");
}

TEST_CASE("certificate: wildcard and EC keys") {
  Lab lab;
  lab.make("DNS:*.contoso.com", "ec");
  auto t = judge_chain({lab.read("leaf.crt")}, "mail.contoso.com", store(TrustAnchors{false, lab.dir / "ca.crt"}));
  REQUIRE(t);
  CHECK(t->name_matches);
  CHECK(t->matched_name == "*.contoso.com");
  CHECK(t->chain.front().key_type == "EC prime256v1");
  CHECK(t->chain.front().key_bits == 256);
  CHECK_FALSE(judge_chain({lab.read("leaf.crt")}, "a.b.contoso.com", store(TrustAnchors{false, lab.dir / "ca.crt"}))
                  ->name_matches);
}

TEST_CASE("certificate: errors") {
  TrustStore none = store(TrustAnchors{false, std::nullopt});
  CHECK_FALSE(judge_chain({}, "x", none));
  CHECK_FALSE(judge_chain({"not pem"}, "x", none));
  auto bad = TrustStore::load(TrustAnchors{false, "/nonexistent/missing.pem"});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("missing.pem") != std::string::npos);
  CHECK(bad.error().code == "input.pem");
  CHECK(bad.error().field == "ca_file");  // the field, not a command-line flag
  CHECK(bad.error().message.find("--") == std::string::npos);
  CHECK(judge_chain({}, "x", none).error().code == "tls.no-certificate");
  CHECK(judge_chain({"not pem"}, "x", none).error().code == "input.pem");
}
