// Helpers run without a shell: stdin in, stdout/stderr out, the exit code; a missing program,
// an overrun of the time or the output limit are errors, and a program that stops reading its
// input does not kill adplan with SIGPIPE.
#include <adplan/io/subprocess.hpp>

#include <doctest/doctest.h>

#include "io_fixture.hpp"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

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
  SUBCASE("a timeout kills what the program started too (its process group)") {
    // Issue 21: a helper's own child (dot's, git's) held the pipes and lived on after the kill.
    adplan::test::TempDir dir;
    const auto pid_file = dir.path / "grandchild.pid";
    RunOptions o;
    o.timeout = 300ms;
    auto r = run_process({"sh", "-c", "sleep 60 & echo $! > '" + pid_file.string() + "'; wait"}, o);
    REQUIRE(!r);
    CHECK(r.error().code == "io.timeout");
    std::ifstream in(pid_file);
    pid_t grandchild = 0;
    in >> grandchild;
    REQUIRE(grandchild > 0);
    // Gone, or a zombie waiting for its new parent to reap it: never still running (SIGKILL
    // takes a moment to land; a survivor would sleep for a minute).
    auto running = [&] {
      std::ifstream stat("/proc/" + std::to_string(grandchild) + "/stat");
      std::string pid_text, comm, state;
      return static_cast<bool>(stat >> pid_text >> comm >> state) && state != "Z" && state != "X";
    };
    for (int i = 0; i < 200 && running(); ++i) std::this_thread::sleep_for(10ms);
    CHECK_FALSE(running());
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
