#include <adplan/render/html_escape.hpp>
#include <adplan/render/html_page.hpp>

namespace adplan::render {
namespace {

// Long unbroken values (a 4 KB URL) wrap instead of widening the page; status colours are
// paired with a word everywhere; print drops the navigation and opens nothing by itself.
constexpr std::string_view k_css = R"(
:root { --ok: #1a7f37; --warn: #9a6700; --fail: #cf222e; --skip: #6e7781; --info: #0969da; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
  margin: 0 auto; padding: 1.5em; max-width: 72em; }
h1 { font-size: 1.6em; margin: 0 0 .4em; } h2 { font-size: 1.3em; margin: 1.6em 0 .5em; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05em; margin: 1em 0 .3em; }
td, th, dd, li, p, summary, code, span { overflow-wrap: anywhere; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: 0; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { border: 1px solid var(--line); padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: .5em; white-space: pre-wrap; overflow-wrap: anywhere;
  margin: .3em 0; }
code { font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", Consolas, monospace; }
.badge { display: inline-block; min-width: 4.5em; text-align: center; padding: 0 .4em; border-radius: 3px;
  font-weight: 700; color: #fff; font-size: .85em; text-transform: uppercase; }
.badge.ok { background: var(--ok); } .badge.warn { background: var(--warn); } .badge.fail { background: var(--fail); }
.badge.skip { background: var(--skip); } .badge.info { background: var(--info); }
.verdict { font-size: 1.1em; padding: .2em .6em; }
section.client { border: 1px solid var(--line); border-left: 6px solid var(--skip); padding: .2em 1em .6em; margin: 1em 0; }
section.client.ok { border-left-color: var(--ok); } section.client.warn { border-left-color: var(--warn); }
section.client.fail { border-left-color: var(--fail); }
ol.steps { padding-left: 1.6em; } ol.steps > li { margin: .35em 0; }
.ms { color: #57606a; font-variant-numeric: tabular-nums; white-space: nowrap; }
details { margin: .2em 0 .2em 0; } summary { cursor: pointer; color: #57606a; }
.finding { border-left: 3px solid var(--line); padding-left: .6em; margin: .4em 0; }
.note { color: #57606a; font-style: italic; }
.picture svg { max-width: 100%; height: auto; }
nav ul { display: flex; flex-wrap: wrap; gap: .3em 1.2em; padding: 0; list-style: none; }
footer { margin-top: 2em; color: #57606a; font-size: .9em; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; } nav { display: none; }
  section.client, tr, li, .finding { break-inside: avoid; } a { color: inherit; text-decoration: none; }
  .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details > summary { list-style: none; }
}
)";

}  // namespace

std::string_view html_tone_class(Tone t) {
  switch (t) {
    case Tone::Ok:
      return "ok";
    case Tone::Warn:
      return "warn";
    case Tone::Fail:
      return "fail";
    case Tone::Skip:
      return "skip";
    case Tone::Info:
      return "info";
  }
  return "info";
}

std::string html_badge(Tone tone, std::string_view word) {
  return "<span class=\"badge " + std::string(html_tone_class(tone)) + "\">" + html_escape(word) + "</span>";
}

std::string html_document(std::string_view title, std::string_view body) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + html_escape(k_html_csp) + "\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"adplan\">\n";
  out += "<title>" + html_escape(title) + "</title>\n<style>" + std::string(k_css) + "</style>\n</head>\n<body>\n";
  out += body;
  if (!out.ends_with('\n')) out += '\n';
  out += "</body>\n</html>\n";
  return out;
}

std::string html_code(std::string_view text, std::size_t max_bytes) {
  return "<pre><code>" + html_value(text, max_bytes) + "</code></pre>";
}

}  // namespace adplan::render
