#pragma once
// How a value the user (or a file) gave is shown back in a message: quoted (" and \ escaped),
// a line break as \n, other control characters and bytes that are not UTF-8 as \x1b (C1
// controls as \u009b), and cut after k_echo_max characters with the original length, so
// neither a terminal escape nor a 120 KB argument reaches the terminal.
#include <cstddef>
#include <string>
#include <string_view>

namespace adplan {

inline constexpr std::size_t k_echo_max = 80;

// "mail.contoso.com" -> "\"mail.contoso.com\""; a long value -> "\"aaaa...\" (120000 bytes)".
std::string quote_value(std::string_view value, std::size_t max_chars = k_echo_max);

// A whole message kept readable when some part of it echoes a huge value unquoted: text over
// `max_bytes` keeps its start and its end (the reason and the fix usually stand there) and
// says how much was cut: "aaaa... [119800 bytes cut] ...is not a command". Cuts on UTF-8
// character boundaries.
std::string shorten(std::string_view text, std::size_t max_bytes = 400);

// The length in bytes of the valid UTF-8 sequence that starts `text`, or 0 when it is not one
// (RFC 3629 4: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text);

}  // namespace adplan
