// Atomic, no-clobber file writes: the file appears whole or not at all, a private key is 0600
// from its first byte, an existing file is never replaced without `overwrite`, and a failed
// write leaves no temporary file behind.
#include <adplan/io/atomic_file.hpp>

#include "io_fixture.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace adplan;
using namespace adplan::test;
namespace fs = std::filesystem;

namespace {

// Every fchmod(2) of this program comes here: while a test records, it notes the mode the file
// had just before, then does the real call.
std::atomic<bool> g_record{false};
std::atomic<int> g_fchmod_calls{0};
std::atomic<mode_t> g_mode_before{0};

}  // namespace

extern "C" int fchmod(int fd, mode_t mode) noexcept {
  if (g_record) {
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
      g_mode_before = st.st_mode & 07777;
      ++g_fchmod_calls;
    }
  }
  return static_cast<int>(::syscall(SYS_fchmod, fd, mode));
}

TEST_CASE("io atomic_file: writes the whole content, creating the directory, and leaves no temporary file") {
  TempDir dir;
  auto target = dir.path / "sub" / "plan.json";
  std::string content(200000, 'x');
  content += "\nend\n";
  REQUIRE(write_file_atomic(target, content));
  CHECK(slurp(target) == content);
  CHECK(mode_of(target) == 0644);
  CHECK(fs::directory_iterator(dir.path / "sub")->path().filename() == "plan.json");
  CHECK(std::distance(fs::directory_iterator(dir.path / "sub"), fs::directory_iterator{}) == 1);
}

TEST_CASE("io atomic_file: a private key is exactly 0600 whatever the umask; other files keep a stricter umask") {
  TempDir dir;
  {
    Umask wide(0);  // a 0666 open would stay 0666: the mode must come from the options alone
    REQUIRE(write_file_atomic(dir.path / "a.key", "secret", {.mode = 0600}));
    CHECK(mode_of(dir.path / "a.key") == 0600);
    REQUIRE(write_file_atomic(dir.path / "a.txt", "public", {.mode = 0644}));
    CHECK(mode_of(dir.path / "a.txt") == 0644);
  }
  {
    // Issue 10 item 13: the admin's umask 077 is kept (0644 & ~077), never widened back to 0644.
    Umask narrow(0077);
    REQUIRE(write_file_atomic(dir.path / "b.txt", "public", {.mode = 0644}));
    CHECK(mode_of(dir.path / "b.txt") == 0600);
    REQUIRE(write_file_atomic(dir.path / "b.key", "secret", {.mode = 0600}));
    CHECK(mode_of(dir.path / "b.key") == 0600);
  }
  {
    Umask odd(0027);
    REQUIRE(write_file_atomic(dir.path / "c.txt", "public", {.mode = 0644}));
    CHECK(mode_of(dir.path / "c.txt") == 0640);
  }
}

TEST_CASE("io atomic_file: a 0600 file is 0600 from its first byte (created so, not narrowed later)") {
  // The fchmod above records the mode the temporary file had when it was made exact, before
  // any byte was written: created 0666 and narrowed afterwards would show here as 0666.
  TempDir dir;
  Umask wide(0);
  g_fchmod_calls = 0;
  g_record = true;
  auto written = write_file_atomic(dir.path / "server.key", "-----BEGIN PRIVATE KEY-----", {.mode = 0600});
  g_record = false;
  REQUIRE(written);
  CHECK(mode_of(dir.path / "server.key") == 0600);
  if (g_fchmod_calls > 0) CHECK(g_mode_before == 0600);
}

TEST_CASE("io atomic_file: an existing file is not replaced without overwrite, and is with it") {
  TempDir dir;
  auto target = dir.path / "adplan.json";
  REQUIRE(write_file_atomic(target, "first"));
  auto again = write_file_atomic(target, "second");
  REQUIRE_FALSE(again);
  CHECK(again.error().code == "io.exists");
  CHECK(again.error().field == target.string());
  CHECK(slurp(target) == "first");
  CHECK(dir.entries() == std::vector<std::string>{"adplan.json"});

  REQUIRE(write_file_atomic(target, "second", {.overwrite = true}));
  CHECK(slurp(target) == "second");
  CHECK(dir.entries() == std::vector<std::string>{"adplan.json"});
}

TEST_CASE("io atomic_file: a dangling symlink at the path is refused by link(2), not followed") {
  // exists() follows the link and says no; link(2) does not, and refuses atomically. The
  // temporary file is removed and nothing is created where the link points.
  TempDir dir;
  fs::create_symlink(dir.path / "elsewhere", dir.path / "out.pem");
  auto r = write_file_atomic(dir.path / "out.pem", "data");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "io.exists");
  CHECK_FALSE(fs::exists(dir.path / "elsewhere"));
  CHECK(dir.entries() == std::vector<std::string>{"out.pem"});
}

TEST_CASE("io atomic_file: a failed move into place removes the temporary file") {
  // With overwrite, rename(2) onto a non-empty directory fails after the content was written.
  TempDir dir;
  fs::create_directories(dir.path / "busy" / "inside");
  auto r = write_file_atomic(dir.path / "busy", "data", {.overwrite = true});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "io.write");
  CHECK(r.error().message.find("cannot move into place") != std::string::npos);
  CHECK(dir.entries() == std::vector<std::string>{"busy"});
}

TEST_CASE("io atomic_file: a failed write removes the temporary file and leaves no target") {
  // RLIMIT_FSIZE makes write(2) fail with EFBIG part way (SIGXFSZ ignored).
  TempDir dir;
  auto r = [&] {
    FileSizeLimit limit(4096);
    return write_file_atomic(dir.path / "big.txt", std::string(100000, 'b'));
  }();
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "io.write");
  CHECK(r.error().message.find("cannot write") != std::string::npos);
  CHECK(dir.entries().empty());
}

TEST_CASE("io atomic_file: read_file reads whole files, bounded, and names the path in errors") {
  TempDir dir;
  REQUIRE(write_file_atomic(dir.path / "a.txt", "hello\n"));
  auto ok = read_file(dir.path / "a.txt");
  REQUIRE(ok);
  CHECK(*ok == "hello\n");

  auto big = read_file(dir.path / "a.txt", 3);
  REQUIRE_FALSE(big);
  CHECK(big.error().code == "io.too-large");
  CHECK(big.error().field == (dir.path / "a.txt").string());

  auto missing = read_file(dir.path / "adplan.json");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == "io.read");
  CHECK(missing.error().hint.find("adplan init") != std::string::npos);
}

TEST_CASE("refuse_existing: an io.exists error for each path that exists, dangling links included") {
  const fs::path dir = fs::temp_directory_path() / ("adplan-io-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "there") << "x";
  fs::create_symlink(dir / "nowhere", dir / "dangling");
  const std::vector<fs::path> paths{dir / "there", dir / "absent", dir / "dangling"};

  auto errors = refuse_existing(paths, "use --force");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].code == "io.exists");
  CHECK(errors[0].field == (dir / "there").string());
  CHECK(errors[0].message == "already exists; nothing was written");
  CHECK(errors[0].hint == "use --force");
  CHECK(errors[1].field == (dir / "dangling").string());
  CHECK(refuse_existing(std::vector{dir / "absent"}).empty());
  CHECK(refuse_existing(std::vector{dir / "there"}).front().hint == k_force_hint);

  // write_file_atomic without overwrite refuses the same way, and writes with it.
  CHECK(write_file_atomic(dir / "there", "y").error().code == "io.exists");
  CHECK(write_file_atomic(dir / "there", "y", {0644, true}).has_value());
  fs::remove_all(dir);
}

TEST_CASE("io atomic_file: read_file refuses what is not a regular file, without waiting for a writer") {
  TempDir dir;
  SUBCASE("a FIFO nobody writes to") {
    REQUIRE(::mkfifo((dir.path / "fifo").c_str(), 0600) == 0);
    auto r = read_file(dir.path / "fifo");  // a blocking open would never return
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "io.not-a-file");
    CHECK(r.error().field == (dir.path / "fifo").string());
    CHECK(r.error().message == "is a named pipe (FIFO), not a regular file");
    CHECK(r.error().hint == "give the path of a regular file");
  }
  SUBCASE("a directory") {
    auto r = read_file(dir.path);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "io.not-a-file");
    CHECK(r.error().message == "is a directory, not a regular file");
  }
  SUBCASE("a device") {
    auto r = read_file("/dev/zero");  // endless: only the type check stops it
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "is a device, not a regular file");
  }
  SUBCASE("a symbolic link to a regular file is that file") {
    REQUIRE(write_file_atomic(dir.path / "real", "x"));
    fs::create_symlink(dir.path / "real", dir.path / "link");
    CHECK(read_file(dir.path / "link").value() == "x");
  }
}

TEST_CASE("check_output_file: a report file's directory must exist, the path must not be a directory") {
  TempDir dir;
  CHECK(check_output_file("-").empty());
  CHECK(check_output_file("").empty());
  CHECK(check_output_file(dir.path / "report.html").empty());
  auto missing = check_output_file(dir.path / "no" / "such" / "report.html");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].code == "io.output");
  CHECK(missing[0].message.find("does not exist") != std::string::npos);
  CHECK(missing[0].hint.find("mkdir -p") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "no"));  // nothing created by the check
  auto is_dir = check_output_file(dir.path);
  REQUIRE(is_dir.size() == 1);
  CHECK(is_dir[0].message == "is a directory");
}
