#include <adplan/io/atomic_file.hpp>

#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <vector>

using namespace adplan;
namespace fs = std::filesystem;

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
