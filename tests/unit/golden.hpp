#pragma once
// Golden-file comparison: ADPLAN_UPDATE_GOLDEN=1 rewrites the files instead of comparing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace adplan::test {

inline void check_golden(const std::string& relative, const std::string& actual) {
  std::filesystem::path path = std::filesystem::path(ADPLAN_SOURCE_DIR) / "tests" / "golden" / relative;
  if (std::getenv("ADPLAN_UPDATE_GOLDEN")) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden file " << path.string() << " (regenerate with ADPLAN_UPDATE_GOLDEN=1)");
  REQUIRE(in.good());
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(expected.str() == actual);
}

}  // namespace adplan::test
