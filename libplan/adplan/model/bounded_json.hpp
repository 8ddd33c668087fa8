#pragma once
// JSON text to a document with limits a hostile file cannot get past: nesting depth is
// bounded before anything recursive (the destructor, dump) sees the value, and every
// failure says where it is, including the field a number too large for a double sits in.
// adplan.json's loader reads with it, and so do the probes that read a server's JSON (Autodiscover
// v2, Exchange Online's claim): one depth scanner for every hostile JSON text.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace adplan {

// adplan.json nests three levels (document, servers, a server); 64 leaves room for any
// sensible JSON and stays far below what recursion over the value can take.
inline constexpr std::size_t k_json_max_depth = 64;

struct JsonProblem {
  enum class Kind { Syntax, Depth, Overflow };
  Kind kind;
  std::size_t byte;     // 1-based offset of the character where it failed (nlohmann's parse_error::byte)
  std::string path;     // the field being read: "dns_ttl", "servers[1].ip"; empty at the top
  std::string message;  // Syntax: "syntax error while parsing value - ..."; Overflow: the number as written
};

// The document, or the first problem. Never throws and never recurses deeper than max_depth.
std::expected<nlohmann::json, JsonProblem> parse_bounded_json(std::string_view text,
                                                              std::size_t max_depth = k_json_max_depth);

}  // namespace adplan
