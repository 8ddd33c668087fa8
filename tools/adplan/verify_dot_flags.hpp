#pragma once
// verify --dot FILE: the picture of what verify saw (verify/verify_dot.hpp), written atomically;
// FILE is replaced when it exists (each run draws the deployment as it is now). When Graphviz's
// `dot` is on PATH, the SVG goes beside it (FILE with .svg for .dot); without it, a note says so.
#include "context.hpp"

#include <adplan/observe/observations.hpp>
#include <adplan/verify/result.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace adplan::cli {

struct VerifyDotFlags {
  std::string file;  // empty: no picture
};

void add_verify_dot_flags(CLI::App& cmd, VerifyDotFlags& flags);

// After the judge: writes the DOT (and the SVG). Returns 0, or the exit code of a failed write.
int write_verify_dot(Context& ctx, const VerifyDotFlags& flags, const verify::VerifyResult& result,
                     const observe::Observations& obs);

}  // namespace adplan::cli
