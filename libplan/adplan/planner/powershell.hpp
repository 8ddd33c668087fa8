#pragma once
// PowerShell quoting for values that reach the Exchange Management Shell.
#include <span>
#include <string>
#include <string_view>

namespace adplan {

// A single-quoted PowerShell string literal: no expansion of $, `, or $(...). Every quote
// character PowerShell accepts as a single quote (', U+2018, U+2019, U+201A, U+201B) is
// doubled, so the value can never close the literal.
std::string ps_quote(std::string_view value);

// 'a','b','c' for a multi-valued parameter.
std::string ps_list(std::span<const std::string> values);

}  // namespace adplan
