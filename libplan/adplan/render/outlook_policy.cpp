#include <adplan/render/outlook_policy.hpp>

#include <adplan/planner/outlook_policy.hpp>
#include <adplan/planner/powershell.hpp>
#include <adplan/render/internal/escape.hpp>
#include <adplan/render/internal/fill.hpp>

#include <cstdio>

namespace adplan::render {
namespace {

std::string dword(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

// "HKEY_CURRENT_USER\Software\..." -> "HKCU:\Software\..." (PowerShell's registry drive).
std::string ps_path(std::string_view key) {
  constexpr std::string_view hkcu = "HKEY_CURRENT_USER\\";
  if (key.starts_with(hkcu)) key.remove_prefix(hkcu.size());
  return "HKCU:\\" + std::string(key);
}

Data policy_data(const Plan& p, bool reg) {
  const OutlookPolicy o = outlook_policy(p);
  Data d;
  d.set("scenario", std::to_string(p.scenario));
  d.set("title", one_line(p.scenario_title));
  if (o.values.empty()) {
    d.set("policy", false);
  } else {
    Data policy;
    policy.set("key", reg ? std::string(k_outlook_policy_key) : ps_path(k_outlook_policy_key));
    List values;
    for (const auto& v : o.values) {
      Data vd;
      vd.set("name", v.name);
      vd.set("data", reg ? dword(v.data) : std::to_string(v.data));
      vd.set("reason", one_line(v.reason));
      values.push_back(vd);
    }
    policy.set("values", values);
    d.set("policy", policy);
  }
  if (o.redirect_servers.empty()) {
    d.set("redirect", false);
  } else {
    Data redirect;
    redirect.set("key", reg ? std::string(k_redirect_servers_key) : ps_path(k_redirect_servers_key));
    List servers;
    for (const auto& s : o.redirect_servers) {
      Data sd;
      sd.set("host", s.host);
      sd.set("reason", one_line(s.reason));
      servers.push_back(sd);
    }
    redirect.set("servers", servers);
    d.set("redirect", redirect);
  }
  return d;
}

}  // namespace

Result<std::string> reg_quote(std::string_view value) {
  std::string out;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      return std::unexpected(Error{"render.reg-value", std::string(value),
                                   "holds a control or non-ASCII character, which a .reg value cannot carry here",
                                   "a planner defect: host names are stored as A-labels"});
    }
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

Result<std::string> render_outlook_policy_reg(const Plan& p, const TemplateSet& templates) {
  auto text = fill(templates, "outlook-policy.reg.mustache", policy_data(p, true), &reg_quote);
  if (!text) return text;
  // regedit writes CRLF; the template is kept with LF like every other template.
  std::string crlf;
  crlf.reserve(text->size() + text->size() / 32);
  for (char c : *text) {
    if (c == '\r') continue;
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  return crlf;
}

Result<std::string> render_outlook_policy_ps1(const Plan& p, const TemplateSet& templates) {
  return fill(templates, "outlook-policy.ps1.mustache", policy_data(p, false), infallible(&ps_quote));
}

}  // namespace adplan::render
