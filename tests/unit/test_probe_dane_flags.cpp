// The flag checks moved out of tools/adplan (issue 22): --dnssec-trust-anchor (verify and renew),
// renew's DANE flags (probe/dane_flags.hpp) and verify --cert (probe/probe_flags.hpp), each
// problem naming its flag.
#include "test_pki_support.hpp"

#include <adplan/probe/dane_flags.hpp>
#include <adplan/probe/probe_flags.hpp>

#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

using namespace adplan;
using namespace adplan::probe;
namespace fs = std::filesystem;

namespace {

struct Dir {
  fs::path path = fs::temp_directory_path() / ("adplan-dane-flags-" + std::to_string(::getpid()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
  [[nodiscard]] std::string file(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

constexpr const char* k_ds =
    "contoso.com. IN DS 2050 13 2 F85BC839F315539FD0080E9128A4490A9FF342559C08D2912D7E8F5CE2A55129\n";

}  // namespace

TEST_CASE("dane flags: --dnssec-trust-anchor must hold a DS or DNSKEY record") {
  const Dir d;
  Errors errors;
  auto good = read_dnssec_trust_anchor(d.file("ds.txt", k_ds), errors);
  CHECK(errors.empty());
  REQUIRE(good);
  CHECK(*good == k_ds);
  CHECK_FALSE(read_dnssec_trust_anchor(d.file("a.txt", "contoso.com. IN A 192.0.2.1\n"), errors));
  CHECK_FALSE(read_dnssec_trust_anchor((d.path / "missing.txt").string(), errors));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].code == "usage.dnssec-trust-anchor");
  CHECK(errors[0].field == "--dnssec-trust-anchor");
  CHECK(errors[0].message.find("holds no DS or DNSKEY record") != std::string::npos);
  CHECK(errors[1].field.starts_with("--dnssec-trust-anchor: "));
}

TEST_CASE("dane flags: renew's --dns-server, --dnssec-trust-anchor, --timeout, --ignore-dane") {
  const Dir d;
  Errors errors;
  auto run = check_renew_dane_flags({{"127.0.0.53:5353"}, d.file("ds.txt", k_ds), 2.5, true}, errors);
  CHECK(errors.empty());
  REQUIRE(run.servers.size() == 1);
  CHECK(run.servers[0].str() == "127.0.0.53:5353");
  CHECK(run.trust_anchor == k_ds);
  CHECK(run.timeout == std::chrono::milliseconds(2500));
  CHECK(run.ignore_dane);
  auto defaults = check_renew_dane_flags({}, errors);
  CHECK(errors.empty());
  CHECK(defaults.trust_anchor.empty());  // the root's key
  CHECK(defaults.timeout == std::chrono::milliseconds(10000));
  check_renew_dane_flags({{"not-an-ip"}, d.file("empty.txt", ""), 601, false}, errors);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].field == "--dns-server");
  CHECK(errors[1].field == "--dnssec-trust-anchor");
  CHECK(errors[2].field == "--timeout");
  CHECK(errors[2].message == "must be between 0 and 600 seconds");  // the shared check of every seconds value
}

TEST_CASE("probe flags: verify --cert reads the first PEM certificate's facts") {
  const Dir d;
  auto key = test::openssl_ec("prime256v1");
  test::CertSpec spec;
  spec.cn = "mail.contoso.com";
  spec.key = key.get();
  auto cert = test::make_cert(spec);
  Errors errors;
  auto facts = read_cert_flag(d.file("door.pem", test::pem(cert.get())), errors);
  CHECK(errors.empty());
  REQUIRE(facts);
  CHECK(facts->sha256.size() == 64);
  CHECK_FALSE(read_cert_flag(d.file("junk.pem", "not a certificate\n"), errors));
  CHECK_FALSE(read_cert_flag((d.path / "missing.pem").string(), errors));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].code == "usage.cert");
  CHECK(errors[0].field == "--cert");
  CHECK(errors[0].message.find("junk.pem") != std::string::npos);
  CHECK(errors[1].message.find("cannot read it") != std::string::npos);
}
