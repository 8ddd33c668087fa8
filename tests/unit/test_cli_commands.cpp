// Commands driven through Context as main drives them: captured streams, a fixed clock, a
// seeded RNG; offline (verify asks a closed loopback port).
#include "commands.hpp"
#include "context.hpp"

#include <botan/chacha_rng.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace adplan::cli;

namespace {

// 2026-11-24 10:00:00 UTC.
const auto k_now = std::chrono::sys_days{std::chrono::year{2026} / 11 / 24} + std::chrono::hours{10};

struct Run {
  int code;
  std::string out, err;
};

struct Cli {
  Botan::ChaCha_RNG rng{Botan::secure_vector<uint8_t>(32, 0x42)};
  std::istringstream in;
  std::ostringstream out, err;
  Context ctx{out, err, in, false, false, [] { return k_now; }, rng};

  Run operator()(std::initializer_list<std::string> args) {
    std::vector<std::string> argv{"adplan"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<const char*> c;
    for (const auto& a : argv) c.push_back(a.c_str());
    out.str("");
    err.str("");
    int code = run_cli(ctx, static_cast<int>(c.size()), c.data());
    return {code, out.str(), err.str()};
  }
};

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("adplan-cli-" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string slurp(const std::string& file) {
  std::ifstream f(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

// Throws where a command asks for randomness: an escaped exception, as a bug would be.
class ThrowingRng final : public Botan::RandomNumberGenerator {
 public:
  void randomize(uint8_t[], size_t) override { throw std::runtime_error("no randomness today"); }
  bool accepts_input() const override { return false; }
  void add_entropy(const uint8_t[], size_t) override {}
  std::string name() const override { return "throwing"; }
  void clear() override {}
  bool is_seeded() const override { return true; }
};

}  // namespace

TEST_CASE("cli: init, plan, csr through Context") {
  TempDir dir;
  Cli cli;
  const auto plan = dir / "adplan.json";
  auto init = cli({"init", "--scenario", "2", "--yes", "-o", plan});
  CHECK(init.code == k_exit_ok);
  CHECK(init.out.starts_with("wrote " + plan + ": scenario 2"));
  CHECK(init.out.find("not given, taken from the built-in contoso.com example: --domain contoso.com;") !=
        std::string::npos);
  CHECK(init.err.empty());
  CHECK(slurp(plan).find("\"scenario\": 2") != std::string::npos);

  SUBCASE("init refuses to replace the file, and says so once") {
    auto again = cli({"init", "--yes", "-o", plan});
    CHECK(again.code == k_exit_usage);
    CHECK(again.err == "adplan: error: " + plan +
                           ": already exists; nothing was written (use --force to replace it, or -o FILE to write "
                           "elsewhere)\n");
  }
  SUBCASE("plan reads it; --json is the machine form") {
    auto p = cli({"plan", "--plan", plan});
    CHECK(p.code == k_exit_ok);
    CHECK(p.out.starts_with("Scenario 2: "));
    auto j = cli({"plan", "--plan", plan, "--json"});
    CHECK(j.code == k_exit_ok);
    CHECK(j.out.find("\"certificates\"") != std::string::npos);
  }
  SUBCASE("csr: the seeded RNG makes the same key twice") {
    auto a = cli({"csr", "--plan", plan, "--out", dir / "a", "--key", "ec:p256"});
    REQUIRE(a.code == k_exit_ok);
    Cli other;  // the same seed
    auto b = other({"csr", "--plan", plan, "--out", dir / "b", "--key", "ec:p256"});
    REQUIRE(b.code == k_exit_ok);
    const auto key = slurp(dir / "a/mail.contoso.com.key");
    CHECK(key.find("PRIVATE KEY") != std::string::npos);
    CHECK(key == slurp(dir / "b/mail.contoso.com.key"));
  }
  SUBCASE("csr: every argument problem at once, and nothing written") {
    auto bad = cli({"csr", "--plan", plan, "--out", dir / "c", "--key", "rsa:1", "--country", "USA"});
    CHECK(bad.code == k_exit_usage);
    CHECK(bad.err.find("adplan: error: --key: ") != std::string::npos);
    CHECK(bad.err.find("adplan: error: --country: \"USA\" is not a two-letter country code") != std::string::npos);
    CHECK(bad.err.find("adplan: 2 problems; nothing was written\n") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "c"));
  }
  SUBCASE("a secret file: the flag named, empty refused, an open mode warned about") {
    std::ofstream(dir / "empty.txt").close();
    auto empty = cli({"csr", "--plan", plan, "--out", dir / "d", "--passphrase-file", dir / "empty.txt"});
    CHECK(empty.code == k_exit_usage);
    CHECK(empty.err.starts_with("adplan: error: --passphrase-file: " + dir / "empty.txt" + ": "));
    std::ofstream(dir / "pass.txt") << "correct horse\n";
    fs::permissions(dir / "pass.txt", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    auto ok =
        cli({"csr", "--plan", plan, "--out", dir / "e", "--key", "ec:p256", "--passphrase-file", dir / "pass.txt"});
    CHECK(ok.code == k_exit_ok);
    CHECK(ok.err.starts_with("adplan: warning: --passphrase-file: " + dir / "pass.txt" +
                             ": is readable by group or others (mode 0640)"));
    CHECK(slurp(dir / "e/mail.contoso.com.key").find("ENCRYPTED PRIVATE KEY") != std::string::npos);
  }
}

TEST_CASE("cli: read-only commands never say nothing was written") {
  TempDir dir;
  Cli cli;
  std::ofstream(dir / "bad.json") << R"({"version": 1, "scenario": 9})";
  auto r = cli({"plan", "--plan", dir / "bad.json"});
  CHECK(r.code == k_exit_usage);
  CHECK(r.err.find("adplan: error: ") != std::string::npos);
  CHECK(r.err.find("nothing was written") == std::string::npos);
}

TEST_CASE("cli: verify through Context, offline") {
  TempDir dir;
  Cli cli;
  const auto plan = dir / "adplan.json";
  REQUIRE(cli({"init", "--yes", "-o", plan}).code == k_exit_ok);
  SUBCASE("a run against a closed DNS port fails with findings, judged at the Context's time") {
    auto v = cli({"verify", "--plan", plan, "--dns-server", "127.0.0.1:9", "--timeout", "1", "--json"});
    CHECK(v.code == k_exit_findings);
    CHECK(v.out.find("\"verdict\": \"fail\"") != std::string::npos);
  }
  SUBCASE("every argument error at once, exit 2, before any probe") {
    auto v = cli({"verify", "bad..domain", "--email", "nope", "--dns-server", "ns1.contoso.com", "--timeout", "0",
                  "--user", "u"});
    CHECK(v.code == k_exit_usage);
    for (const char* part : {"adplan: error: --email: \"nope\"", "adplan: error: verify: \"bad..domain\" is not a host",
                             "adplan: error: --dns-server: \"ns1.contoso.com\" is not IP[:PORT]",
                             "adplan: error: --user: --user and --password-file go together",
                             "adplan: error: --timeout: must be between 0 and 600 seconds", "adplan: 5 problems\n"}) {
      CHECK_MESSAGE(v.err.find(part) != std::string::npos, part, " in ", v.err);
    }
    CHECK(v.err.find("nothing was written") == std::string::npos);
  }
}

TEST_CASE("cli: an exception out of a command is an internal error, exit 3") {
  TempDir dir;
  Cli cli;
  const auto plan = dir / "adplan.json";
  REQUIRE(cli({"init", "--yes", "-o", plan}).code == k_exit_ok);
  ThrowingRng rng;
  std::istringstream in;
  std::ostringstream out, err;
  Context ctx{out, err, in, false, false, [] { return k_now; }, rng};
  const std::vector<std::string> args{"adplan", "csr", "--plan", plan, "--out", dir / "x", "--key", "ec:p256"};
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  CHECK(run_cli(ctx, static_cast<int>(argv.size()), argv.data()) == k_exit_internal);
  CHECK(err.str().starts_with("adplan: internal error: no randomness today\n"));
  CHECK(err.str().find("please report it") != std::string::npos);
}

TEST_CASE("cli: usage errors from the parser are exit 2") {
  Cli cli;
  auto r = cli({"verify", "--no-such-flag"});
  CHECK(r.code == k_exit_usage);
  CHECK_FALSE(r.err.empty());
}
