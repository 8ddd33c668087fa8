#pragma once
// The shell of adplan's HTML reports (verify --html, render's plan.html): one self-contained
// file a person opens offline, prints or attaches to a ticket. No script, no external fetch:
// inline CSS only, a Content-Security-Policy that allows nothing else, and URLs only as text or
// plain <a href> links. Status is always a colour and a word.
#include <adplan/render/html_escape.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace adplan::render {

// The policy in the page's <meta http-equiv="Content-Security-Policy">: nothing loads, nothing
// runs; only the page's own <style> applies.
inline constexpr std::string_view k_html_csp =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

// How a step or finding ended, as a colour class: "ok" green, "warn" orange, "fail" red,
// "skip" grey, "info" blue.
enum class Tone { Ok, Warn, Fail, Skip, Info };

// The tone's class name: "ok", "warn", "fail", "skip", "info".
std::string_view html_tone_class(Tone t);

// <span class="badge ok">word</span>; `word` is escaped.
std::string html_badge(Tone tone, std::string_view word);

// A complete document: doctype, charset, the CSP, the stylesheet, `title` (escaped) and `body`
// (already HTML). Ends with a newline.
std::string html_document(std::string_view title, std::string_view body);

// A copyable code block of `text` (escaped, shortened to `max_bytes`): <pre><code>...</code></pre>.
std::string html_code(std::string_view text, std::size_t max_bytes = k_html_value_max);

}  // namespace adplan::render
