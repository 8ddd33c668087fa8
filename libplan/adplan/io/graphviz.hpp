#pragma once
// Graphviz's `dot`, found on PATH at run time (adplan does not link Graphviz): DOT text in,
// an SVG (or PNG) picture out. io.not-found when Graphviz is not installed (Debian: graphviz).
#include <adplan/model/error.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace adplan {

// format: "svg" or "png". Errors name "dot": io.not-found, io.timeout, io.dot (dot refused the input).
Result<std::string> run_dot(std::string_view dot_text, std::string_view format = "svg",
                            std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace adplan
