#pragma once
// HTML escaping for the reports a person opens (verify --html, render's plan.html): one function
// for text and attribute contexts, so a value from a server or a plan can neither open an element,
// close one (`</details>`), leave an attribute, nor reorder what a reader sees.
#include <cstddef>
#include <string>
#include <string_view>

namespace adplan::render {

// A value longer than this is cut (on a character boundary) and says how long it was: a server's
// 100 KB header must not make a 100 KB table cell.
inline constexpr std::size_t k_html_value_max = 4096;

// HTML text and double- or single-quoted attribute values (HTML 5.2 8.1.4: & < > " ' as character
// references). Also, so nothing invisible acts on the page: ill-formed UTF-8 becomes U+FFFD; C0
// controls other than tab and newline, DEL and the C1 controls are shown as "\x1b" and "\u009b";
// the bidirectional embeddings, overrides, isolates and marks (U+061C, U+200E, U+200F,
// U+202A..U+202E, U+2066..U+2069; Unicode TR 9) are shown as "\u202e". Never truncates.
std::string html_escape(std::string_view text);

// html_escape of a value shortened to `max_bytes` first ("… (N bytes)" at the cut).
std::string html_value(std::string_view text, std::size_t max_bytes = k_html_value_max);

// An id for an element (and its #fragment): [a-z0-9.-] kept, anything else as "_"; `prefix` first.
std::string html_id(std::string_view prefix, std::string_view key);

}  // namespace adplan::render
