#pragma once
// Quoting and escaping, one function per output format. Every value a template prints goes
// through the function of its format, so a quote, a newline, `$(...)`, `;` or `}` in a value
// stays data. (PowerShell's is ps_quote in <adplan/planner/powershell.hpp>.)
#include <adplan/model/error.hpp>

#include <string>
#include <string_view>

namespace adplan::render {

// BIND master file (RFC 1035 5.1): `\X` for the characters the zone parser treats specially
// (; ( ) " $ @ \) and `\DDD` for control and non-ASCII octets, so a value can neither start a
// comment, open a multi-line group, nor end its line. Spaces are kept: they separate RDATA
// fields (SRV "0 0 443 host."), and validated names hold none.
std::string zone_escape(std::string_view value);

// An nginx string parameter in double quotes (\" and \\ escaped). nginx has no escape for
// `$` (variable interpolation) and control characters have no place in a parameter: both
// are refused.
Result<std::string> nginx_quote(std::string_view value);

// XML 1.0 character data and attribute values: & < > " ' as entities; tab, newline and
// carriage return as character references (kept exactly, even in attributes); other C0
// controls cannot appear in XML 1.0 at all and are refused.
Result<std::string> xml_escape(std::string_view value);

// Markdown inline text: backslash before every character Markdown gives a meaning to, and
// line breaks folded to spaces so a value cannot start a heading, list or code fence.
std::string md_escape(std::string_view value);

// A code fence for `content`: three backticks, or one more than the longest backtick run
// inside it, so the content cannot close the block early.
std::string md_fence(std::string_view content);

// A comment's text on one line: control characters (newline, carriage return, ...) become
// spaces. For `; ...` (zone), `# ...` (PowerShell, nginx) comments.
std::string one_line(std::string_view text);

}  // namespace adplan::render
