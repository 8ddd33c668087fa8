#pragma once
// A mailbox display name adplan puts into autodiscover.xml and scripts: up to 64 letters,
// digits, spaces or . - _ ' ( ) , & (a conservative subset of what Exchange allows, so the
// text needs no quoting in PowerShell or nginx).
#include <adplan/model/error.hpp>

#include <string>
#include <string_view>

namespace adplan {

inline constexpr std::size_t k_display_name_max = 64;

// The name itself, or input.display-name naming the value.
Result<std::string> parse_display_name(std::string_view text);

}  // namespace adplan
