#pragma once
// Text from elsewhere (servers, certificates, directories, file names) made safe to keep and to
// show: valid UTF-8, bounded in length, and with no control character left to drive a terminal.
// The probes call to_valid_utf8 where a server's string enters the observations; printers call
// escape_controls on what reaches a terminal; long values are shortened with truncate_display.
#include <cstddef>
#include <string>
#include <string_view>

namespace adplan {

// Every ill-formed sequence becomes U+FFFD, one per maximal subpart (Unicode 15, 3.9 "U+FFFD
// Substitution of Maximal Subparts"): stray continuation bytes, truncated sequences, overlong
// forms, UTF-16 surrogates (U+D800..U+DFFF) and anything above U+10FFFF (RFC 3629 section 3).
std::string to_valid_utf8(std::string_view text);

// Whether `text` is well-formed UTF-8 (to_valid_utf8 would leave it as it is).
bool is_valid_utf8(std::string_view text);

// For a terminal: C0 controls (U+0000..U+001F, newline and tab too), DEL and the C1 controls
// (U+0080..U+009F, ECMA-48 8.2: U+009B is CSI, U+009D OSC) are shown as visible escapes, "\x1b"
// and "\u009b"; so are the bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069,
// Unicode TR 9), which reorder what a reader sees. Ill-formed UTF-8 becomes U+FFFD first.
std::string escape_controls(std::string_view text);

// At most about `max_bytes` bytes of valid UTF-8: a longer text is cut on a character boundary
// and ends with "… (N bytes)", N its original length. Shorter texts come back unchanged.
inline constexpr std::size_t k_display_max = 200;
std::string truncate_display(std::string_view text, std::size_t max_bytes = k_display_max);

// A value from elsewhere as a report quotes it: valid UTF-8, shortened (terminal escaping is
// left to the printer, since JSON escapes controls itself).
inline std::string shown(std::string_view text, std::size_t max_bytes = k_display_max) {
  return truncate_display(to_valid_utf8(text), max_bytes);
}

}  // namespace adplan
