#include <adplan/io/secret_file.hpp>

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using adplan::read_secret_file;
namespace fs = std::filesystem;

namespace {

fs::path secret(const std::string& name, const std::string& content, fs::perms mode) {
  auto dir = fs::temp_directory_path() / "adplan-secret-test";
  fs::create_directories(dir);
  auto p = dir / name;
  std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
  fs::permissions(p, mode);
  return p;
}

}  // namespace

TEST_CASE("secret files: the first line without its line ending") {
  const auto owner = fs::perms::owner_read | fs::perms::owner_write;
  CHECK(read_secret_file(secret("lf", "correct horse\n", owner))->value == "correct horse");
  CHECK(read_secret_file(secret("crlf", "correct horse\r\n", owner))->value == "correct horse");
  CHECK(read_secret_file(secret("none", "correct horse", owner))->value == "correct horse");
  CHECK(read_secret_file(secret("two", "first\nsecond\n", owner))->value == "first");
  CHECK(read_secret_file(secret("spaces", " pass word \n", owner))->value == " pass word ");
  CHECK(read_secret_file(secret("quiet", "x\n", owner))->warnings.empty());
}

TEST_CASE("secret files: refused when empty or unreadable") {
  const auto owner = fs::perms::owner_read | fs::perms::owner_write;
  for (const char* content : {"", "\n", "\r\n"}) {
    auto p = secret("empty", content, owner);
    auto s = read_secret_file(p);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == "input.secret-empty");
    CHECK(s.error().field == p.string());
  }
  auto missing = read_secret_file("/nonexistent/adplan/secret");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().field == "/nonexistent/adplan/secret");
}

TEST_CASE("secret files: a warning when group or others may read it") {
  auto p = secret("open", "pw\n",
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  auto s = read_secret_file(p);
  REQUIRE(s);
  CHECK(s->value == "pw");
  REQUIRE(s->warnings.size() == 1);
  CHECK(s->warnings[0].code == "io.secret-mode");
  CHECK(s->warnings[0].to_string() ==
        p.string() + ": is readable by group or others (mode 0644) (chmod 600 " + p.string() + ")");
  auto g = read_secret_file(secret("group", "pw\n", fs::perms::owner_read | fs::perms::group_read));
  REQUIRE(g);
  CHECK(g->warnings.size() == 1);
}
