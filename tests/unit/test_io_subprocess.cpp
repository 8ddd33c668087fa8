// Helpers run without a shell: stdin in, stdout/stderr out, the exit code; a missing program,
// an overrun of the time or the output limit are errors, and a program that stops reading its
// input does not kill adplan with SIGPIPE.
#include <adplan/io/subprocess.hpp>

#include <doctest/doctest.h>

#include <chrono>

using namespace adplan;
using namespace std::chrono_literals;

TEST_CASE("run_process: input, output and exit code") {
  RunOptions o;
  o.input = "one\ntwo\n";
  auto r = run_process({"cat"}, o);
  REQUIRE(r);
  CHECK(r->out == "one\ntwo\n");
  CHECK(r->exit_code == 0);
  auto f = run_process({"false"});
  REQUIRE(f);
  CHECK(f->exit_code == 1);
  // Arguments are not a shell's: `;` and `$(...)` stay data.
  auto e = run_process({"echo", "a; $(id)"});
  REQUIRE(e);
  CHECK(e->out == "a; $(id)\n");
}

TEST_CASE("run_process: the errors") {
  SUBCASE("not installed") {
    auto r = run_process({"adplan-no-such-program"});
    REQUIRE(!r);
    CHECK(r.error().code == "io.not-found");
    CHECK(r.error().field == "adplan-no-such-program");
  }
  SUBCASE("time limit") {
    RunOptions o;
    o.timeout = 200ms;
    auto start = std::chrono::steady_clock::now();
    auto r = run_process({"sleep", "10"}, o);
    REQUIRE(!r);
    CHECK(r.error().code == "io.timeout");
    CHECK(std::chrono::steady_clock::now() - start < 5s);
  }
  SUBCASE("output limit") {
    RunOptions o;
    o.max_output = 1024 * 1024;
    auto r = run_process({"yes"}, o);
    REQUIRE(!r);
    CHECK(r.error().code == "io.output-too-large");
  }
  SUBCASE("a program that does not read its input") {
    RunOptions o;
    o.input = std::string(8 * 1024 * 1024, 'x');
    auto r = run_process({"true"}, o);
    REQUIRE(r);
    CHECK(r->exit_code == 0);
  }
}
