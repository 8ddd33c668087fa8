#pragma once
// The one way JSON leaves adplan (--json, --json-lines, the exporter's answers, files written as
// JSON): every byte valid UTF-8 and no character left that drives a terminal. Ill-formed UTF-8
// (0xff, a surrogate's three bytes ED A0 80, an overlong form) becomes U+FFFD; JSON escapes the C0
// controls itself; DEL, the C1 controls (U+0080..U+009F) and the bidirectional overrides and
// isolates (U+202A..U+202E, U+2066..U+2069) are \u-escaped too, so `cat report.json` shows them
// as text. The result still parses to the same strings, minus the ill-formed bytes.
#include <adplan/model/finding.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace adplan {

// In JSON text (ASCII structure around valid UTF-8 strings): DEL, C1 and bidi controls \u-escaped.
std::string json_escape_controls(std::string text);

// A document, two-space indented (no trailing newline).
std::string json_text(const nlohmann::ordered_json& j);
std::string json_text(const nlohmann::json& j);
// One line of JSON Lines: compact, no newline inside (nor at the end).
std::string json_line(const nlohmann::ordered_json& j);

// The one JSON form of a finding (plan, certificate, verify, --json-lines, the exporter).
nlohmann::ordered_json to_json(const Finding& f);
nlohmann::ordered_json to_json(const std::vector<Finding>& findings);

}  // namespace adplan
