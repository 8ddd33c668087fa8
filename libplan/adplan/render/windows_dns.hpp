#pragma once
// The plan's DNS records for Windows DNS Server, as PowerShell (DnsServer module).
#include <adplan/render/dns_view.hpp>
#include <adplan/render/template_set.hpp>

namespace adplan::render {

Result<std::string> render_windows_dns(const Plan& p, View view, const TemplateSet& templates);

}  // namespace adplan::render
