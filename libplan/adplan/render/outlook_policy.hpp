#pragma once
// The Outlook 2016+ Autodiscover policy of a plan (planner/outlook_policy.hpp) as a registry file
// (`adplan config --target outlook-policy`, render's outlook-policy.reg) and as PowerShell
// (`--format ps1`, outlook-policy.ps1).
#include <adplan/planner/plan.hpp>
#include <adplan/render/template_set.hpp>

#include <string>
#include <string_view>

namespace adplan::render {

// "Windows Registry Editor Version 5.00", [key] lines, "name"=dword:00000001 and "host"="" values,
// `;` comments with the reasons; CRLF line ends as regedit writes them. ASCII only (host names
// are stored as A-labels), which regedit imports as it does its own UTF-16 exports.
Result<std::string> render_outlook_policy_reg(const Plan& p, const TemplateSet& templates);

// The same values with New-Item / New-ItemProperty under HKCU:\.
Result<std::string> render_outlook_policy_ps1(const Plan& p, const TemplateSet& templates);

// A .reg string value in double quotes: `\` and `"` escaped; control and non-ASCII characters
// are refused (a line break would end the value and start a new line of the file).
Result<std::string> reg_quote(std::string_view value);

}  // namespace adplan::render
