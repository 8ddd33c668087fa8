#pragma once
// "Did you mean ...?" for misspelt keys and flags.
#include <optional>
#include <span>
#include <string_view>

namespace adplan {

// The candidate within edit distance 2 of `word` (case-insensitive), if any.
std::optional<std::string_view> closest(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace adplan
