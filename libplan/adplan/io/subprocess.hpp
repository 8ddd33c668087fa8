#pragma once
// Running a helper program (Graphviz's dot, git) without a shell: argv as given, the program
// found on PATH by posix_spawnp, input on stdin, stdout and stderr collected up to a limit, and
// killed when it overruns its time, with every process it started (it leads its own process group).
#include <adplan/model/error.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace adplan {

struct RunOptions {
  std::string input;                                       // written to its stdin, which is then closed
  std::chrono::milliseconds timeout{30'000};               // then SIGKILL to its group: io.timeout
  std::size_t max_output = std::size_t{64} * 1024 * 1024;  // stdout + stderr: io.output-too-large
};

struct RunResult {
  int exit_code;  // 128 + signal when a signal ended it
  std::string out;
  std::string err;
};

// Errors: io.not-found (no such program on PATH), io.spawn, io.timeout, io.output-too-large;
// the field is the program's name. A program that runs and fails is a RunResult, not an error.
Result<RunResult> run_process(const std::vector<std::string>& argv, const RunOptions& options = {});

}  // namespace adplan
