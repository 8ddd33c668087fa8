// git_show: the revision can be neither an option nor "rev:path"; git's refusal is io.git.
#include <adplan/io/git.hpp>

#include <doctest/doctest.h>

using namespace adplan;

TEST_CASE("git_show refuses a revision that is not one") {
  for (std::string rev : {"", "-p", "--output=/tmp/x", "HEAD:other.json", "HEAD other", "a\nb"}) {
    INFO(rev);
    auto r = git_show(rev, "adplan.json");
    REQUIRE(!r);
    CHECK(r.error().code == "input.revision");
  }
}

TEST_CASE("git_show outside a repository: git's message") {
  auto r = git_show("HEAD", "/nonexistent-adplan-dir/adplan.json");
  REQUIRE(!r);
  CHECK((r.error().code == "io.git" || r.error().code == "io.not-found"));
}
