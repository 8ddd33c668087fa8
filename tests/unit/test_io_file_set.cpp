// A set of files written all or nothing (issue 10 items 12-14): nothing of the set after any
// failure, directories made 0700 beside keys, the umask kept, temporaries removed by a signal
// and, when a run could not remove them, by the next run.
#include <adplan/io/file_set.hpp>
#include <adplan/io/signal_cleanup.hpp>

#include "io_fixture.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

// While set, the next fsync(2) of this program raises this signal first (a Ctrl-C that lands
// while a key is being written); only ever set in a forked child.
std::atomic<int> g_signal_in_fsync{0};

}  // namespace

extern "C" int fsync(int fd) noexcept {
  if (int sig = g_signal_in_fsync.exchange(0)) ::raise(sig);
  return static_cast<int>(::syscall(SYS_fsync, fd));
}

TEST_CASE("io file_set: writes every file, makes the directories, leaves no temporary file") {
  TempDir dir;
  std::vector<OutputFile> files{{dir.path / "out" / "runbook.md", "runbook", 0644},
                                {dir.path / "out" / "zones" / "contoso.com.zone", "zone", 0644}};
  REQUIRE(write_file_set(files));
  CHECK(slurp(files[0].path) == "runbook");
  CHECK(slurp(files[1].path) == "zone");
  CHECK(dir.tree() == std::vector<std::string>{"out", "out/runbook.md", "out/zones", "out/zones/contoso.com.zone"});
}

TEST_CASE("io file_set: modes (issue 10 item 13)") {
  TempDir dir;
  SUBCASE("umask 000: the key's directory is 0700, the key 0600; other directories 0755, files 0644") {
    Umask wide(0);
    std::vector<OutputFile> files{{dir.path / "pki" / "mail.key", "k", k_key_mode},
                                  {dir.path / "pki" / "mail.csr", "c", 0644},
                                  {dir.path / "out" / "zones" / "z", "z", 0644}};
    REQUIRE(write_file_set(files));
    CHECK(mode_of(dir.path / "pki") == 0700);
    CHECK(mode_of(dir.path / "pki" / "mail.key") == 0600);
    CHECK(mode_of(dir.path / "pki" / "mail.csr") == 0644);
    CHECK(mode_of(dir.path / "out") == 0755);
    CHECK(mode_of(dir.path / "out" / "zones") == 0755);
    CHECK(mode_of(dir.path / "out" / "zones" / "z") == 0644);
  }
  SUBCASE("umask 077: nothing is widened back") {
    Umask narrow(077);
    std::vector<OutputFile> files{{dir.path / "pki" / "mail.key", "k", k_key_mode},
                                  {dir.path / "pki" / "mail.csr", "c", 0644},
                                  {dir.path / "plan.json", "{}", 0644},
                                  {dir.path / "out" / "z", "z", 0644}};
    REQUIRE(write_file_set(files));
    CHECK(mode_of(dir.path / "pki") == 0700);
    CHECK(mode_of(dir.path / "pki" / "mail.key") == 0600);
    CHECK(mode_of(dir.path / "pki" / "mail.csr") == 0600);
    CHECK(mode_of(dir.path / "plan.json") == 0600);
    CHECK(mode_of(dir.path / "out") == 0700);
  }
  SUBCASE("the parents of a new key directory are ordinary directories") {
    Umask usual(022);
    REQUIRE(write_file_set(std::vector<OutputFile>{{dir.path / "a" / "pki" / "x.key", "k", k_key_mode}}));
    CHECK(mode_of(dir.path / "a") == 0755);
    CHECK(mode_of(dir.path / "a" / "pki") == 0700);
  }
}

TEST_CASE("io file_set: an existing target refuses the whole set before anything is made") {
  TempDir dir;
  fs::create_directories(dir.path / "out");
  fs::create_symlink(dir.path / "nowhere", dir.path / "out" / "runbook.md");  // dangling
  std::vector<OutputFile> files{{dir.path / "out" / "a.txt", "a", 0644},
                                {dir.path / "out" / "new" / "b.txt", "b", 0644},
                                {dir.path / "out" / "runbook.md", "r", 0644}};
  auto r = write_file_set(files, {false, "use --force", {}});
  REQUIRE_FALSE(r);
  REQUIRE(r.error().size() == 1);
  CHECK(r.error()[0].code == "io.exists");
  CHECK(r.error()[0].field == (dir.path / "out" / "runbook.md").string());
  CHECK(r.error()[0].hint == "use --force");
  CHECK(dir.tree() == std::vector<std::string>{"out", "out/runbook.md"});
  CHECK_FALSE(fs::exists(dir.path / "nowhere"));
}

TEST_CASE("io file_set: a write that fails part way (a full disk) leaves nothing, and a rerun is not refused") {
  // RLIMIT_FSIZE makes write(2) fail with EFBIG on the third file, after two were staged.
  TempDir dir;
  std::vector<OutputFile> files{{dir.path / "out" / "a.txt", "a", 0644},
                                {dir.path / "out" / "zones" / "b.zone", "b", 0644},
                                {dir.path / "out" / "zones" / "big.zone", std::string(100000, 'x'), 0644}};
  auto r = [&] {
    FileSizeLimit limit(4096);
    return write_file_set(files);
  }();
  REQUIRE_FALSE(r);
  CHECK(r.error()[0].code == "io.write");
  CHECK(r.error()[0].field == files[2].path.string());
  CHECK(r.error()[0].message.starts_with("cannot write: "));
  CHECK(dir.tree().empty());  // the directories it made are gone as well

  REQUIRE(write_file_set(files));
  CHECK(slurp(files[2].path).size() == 100000);
}

TEST_CASE("io file_set: a directory that cannot be written is named, never a temporary file") {
  TempDir dir;
  fs::create_directories(dir.path / "file-not-dir");
  std::ofstream(dir.path / "plain") << "x";
  auto r =
      write_file_set(std::vector<OutputFile>{{dir.path / "plain" / "sub" / "a.txt", "a", 0644}}, {false, {}, "--out"});
  REQUIRE_FALSE(r);
  CHECK(r.error()[0].code == "io.mkdir");
  CHECK(r.error()[0].field == (dir.path / "plain").string());
  CHECK(r.error()[0].message == "is not a directory");
  CHECK(r.error()[0].hint == "choose another directory with --out");
  if (::geteuid() != 0) {  // root writes anywhere
    fs::create_directories(dir.path / "ro");
    fs::permissions(dir.path / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    auto ro = write_file_set(std::vector<OutputFile>{{dir.path / "ro" / "a.txt", "a", 0644}});
    REQUIRE_FALSE(ro);
    CHECK(ro.error()[0].field == (dir.path / "ro").string());
    CHECK(ro.error()[0].message == "cannot create files in this directory: Permission denied");
    CHECK(ro.error()[0].hint == "make it writable for you, or choose another directory");
    fs::permissions(dir.path / "ro", fs::perms::owner_all);
  }
}

TEST_CASE("io file_set: with force, a failed move puts back every file it replaced") {
  // The second target is a non-empty directory: rename(2) onto it fails after the first file
  // was replaced; the first gets its old content back.
  TempDir dir;
  std::ofstream(dir.path / "a.txt") << "old";
  fs::create_directories(dir.path / "busy" / "inside");
  auto r = write_file_set(
      std::vector<OutputFile>{
          {dir.path / "a.txt", "new", 0644}, {dir.path / "busy", "b", 0644}, {dir.path / "c.txt", "c", 0644}},
      {true, {}, {}});
  REQUIRE_FALSE(r);
  CHECK(r.error()[0].message.starts_with("cannot move into place"));
  CHECK(slurp(dir.path / "a.txt") == "old");
  CHECK(dir.tree() == std::vector<std::string>{"a.txt", "busy", "busy/inside"});

  REQUIRE(write_file_set(std::vector<OutputFile>{{dir.path / "a.txt", "new", 0644}}, {true, {}, {}}));
  CHECK(slurp(dir.path / "a.txt") == "new");
  CHECK(dir.tree() == std::vector<std::string>{"a.txt", "busy", "busy/inside"});
}

TEST_CASE("io file_set: a signal while a key is written removes the temporaries and the new directory") {
  // Issue 10 item 14. In a child: the handler main installs, then SIGTERM (or SIGINT) lands in
  // the fsync of the key's temporary file. The child must die of that signal and leave nothing.
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
    CAPTURE(sig);
    TempDir dir;
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::signal(sig, SIG_DFL);
      install_signal_cleanup();
      ::close(STDERR_FILENO);  // the handler's note is not this test's output
      g_signal_in_fsync = sig;
      std::vector<OutputFile> files{{dir.path / "pki" / "mail.contoso.com.key", "PRIVATE", k_key_mode},
                                    {dir.path / "pki" / "mail.contoso.com.csr", "REQUEST", 0644}};
      (void)write_file_set(files);
      ::_exit(0);  // not reached: the signal ends the child
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == sig);
    CHECK(dir.tree().empty());
  }
}

TEST_CASE("io signal_cleanup: temporary names and stale temporaries") {
  CHECK(temporary_name("mail.contoso.com.key", 42) == ".mail.contoso.com.key.tmp42");
  CHECK(is_temporary_name(".mail.contoso.com.key.tmp42"));
  CHECK(is_temporary_name(".a.tmp0"));
  CHECK_FALSE(is_temporary_name("mail.key.tmp42"));    // not hidden
  CHECK_FALSE(is_temporary_name(".mail.key.tmp"));     // no digits
  CHECK_FALSE(is_temporary_name(".mail.key.tmp42x"));  // not only digits
  CHECK_FALSE(is_temporary_name(".tmp42"));            // no target name
  CHECK_FALSE(is_temporary_name(".mail.key"));

  TempDir dir;
  std::ofstream(dir.path / ".mail.contoso.com.key.tmp123") << "PRIVATE";
  std::ofstream(dir.path / ".notes.tmp12x") << "kept";
  std::ofstream(dir.path / "mail.key.tmp1") << "kept";
  fs::create_symlink(dir.path / "mail.key.tmp1", dir.path / ".link.tmp5");  // not a regular file
  fs::create_directories(dir.path / ".dir.tmp6");                           // not a file
  std::ofstream(dir.path / ".live.key.tmp7") << "being written";            // a writer holds it
  const int held = ::open((dir.path / ".live.key.tmp7").c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(held >= 0);
  REQUIRE(::flock(held, LOCK_EX) == 0);

  std::ofstream(dir.path / ".my.zone.tmp7") << "the user's";  // the pattern, but not a file this write makes

  const std::vector<std::string> ours{"mail.contoso.com.key", "link", "dir", "live.key", "notes", "mail.key"};
  auto removed = remove_stale_temporaries(dir.path, ours);
  ::close(held);
  CHECK(removed == std::vector<fs::path>{dir.path / ".mail.contoso.com.key.tmp123"});
  CHECK(dir.tree() == std::vector<std::string>{".dir.tmp6", ".link.tmp5", ".live.key.tmp7", ".my.zone.tmp7",
                                               ".notes.tmp12x", "mail.key.tmp1"});
  CHECK(remove_stale_temporaries(dir.path / "absent", ours).empty());
}
