#include <adplan/render/runbook.hpp>

#include <adplan/planner/steps.hpp>
#include <adplan/render/internal/escape.hpp>
#include <adplan/render/internal/fill.hpp>
#include <adplan/render/internal/step_roles.hpp>

namespace adplan::render {
namespace {

std::string yes_no(bool b) {
  return b ? "yes" : "no";
}

// A fenced code block; the fence is longer than any backtick run inside.
Data code(const std::vector<std::string>& lines, std::string_view lang) {
  std::string body;
  for (const auto& l : lines) body += l + "\n";
  std::string fence = md_fence(body);
  return Data{"block", Data(fence + std::string(lang) + "\n" + body + fence)};
}

Data requirement(std::string_view label, std::string value) {
  Data d;
  d.set("label", std::string(label));
  d.set("value", std::move(value));
  return d;
}

List requirements(const Plan& p) {
  const auto& r = p.requirements;
  List l;
  l.push_back(requirement("Primary IP address", yes_no(r.primary_ip)));
  l.push_back(requirement("Secondary IP address", yes_no(r.secondary_ip)));
  l.push_back(requirement("Primary public IP resolving to Default Web Site", yes_no(r.primary_public_ip)));
  l.push_back(requirement("Secondary public IP resolving to Autodiscover Web site", yes_no(r.secondary_public_ip)));
  l.push_back(requirement("Number of certificates", std::to_string(r.certificate_count)));
  l.push_back(requirement("Modification of SCP object", yes_no(r.scp_change)));
  l.push_back(requirement("Modification of Web services URLs", yes_no(r.web_services_url_change)));
  return l;
}

List certificates(const Plan& p) {
  List l;
  for (const auto& c : p.certificates) {
    Data d;
    d.set("cn", c.common_name.str());
    std::string sans, bindings;
    for (const auto& n : c.sans) sans += (sans.empty() ? "" : ", ") + n.str();
    for (const auto& b : c.bindings) bindings += (bindings.empty() ? "" : ", ") + b;
    d.set("sans", sans);
    d.set("site", c.site);
    d.set("bindings", bindings);
    List internal;
    for (const auto& n : c.internal_names) internal.push_back(Data("name", n));
    d.set("internal", internal);
    l.push_back(d);
  }
  return l;
}

List sites(const Plan& p) {
  List l;
  for (const auto& s : p.sites) {
    Data d;
    d.set("name", s.name);
    d.set("scheme", s.tls ? "https" : "http");
    d.set("port", std::to_string(s.port));
    d.set("public_ip", s.public_ip.str());
    std::string where, hosts;
    for (const auto& b : s.bindings) where += (where.empty() ? "" : ", ") + b.server + " " + b.ip.url_host();
    for (const auto& h : s.hosts) hosts += (hosts.empty() ? "" : ", ") + h.str();
    d.set("bindings", where);
    d.set("hosts", hosts);
    d.set("redirect", s.redirect_to ? Data(*s.redirect_to) : Data(false));
    l.push_back(d);
  }
  return l;
}

List steps(const Plan& p) {
  List l;
  int number = 0;
  for (const auto& s : p.steps) {
    Data d;
    d.set("number", std::to_string(++number));
    d.set("title", s.title);
    d.set("role", std::string(to_string(step_role(s.id))));
    d.set("detail", s.detail);
    StepRole role = step_role(s.id);
    d.set("commands",
          s.commands.empty() ? Data(false) : code(s.commands, role == StepRole::Dns ? "dns" : "powershell"));
    d.set("checks", code(step_checks(p, s), "sh"));
    l.push_back(d);
  }
  return l;
}

List findings(const Plan& p) {
  List l;
  for (const auto& f : p.findings) {
    Data d;
    d.set("severity", std::string(to_string(f.severity)));
    d.set("id", f.id);
    d.set("subject", f.subject);
    d.set("message", f.message);
    d.set("remedy", f.remedy);
    l.push_back(d);
  }
  return l;
}

}  // namespace

Result<std::string> render_runbook(const Plan& p, const TemplateSet& templates) {
  Data d;
  d.set("scenario", std::to_string(p.scenario));
  d.set("title", p.scenario_title);
  d.set("exchange", std::string(traits(p.exchange).display));
  d.set("ca", p.ca == CertificateSource::Public ? "a public CA" : "the internal CA");
  d.set("domains", [&] {
    std::string s;
    for (const auto& h : p.domains) s += (s.empty() ? "" : ", ") + h.str();
    return s;
  }());
  d.set("external_host", p.external_host.str());
  d.set("autodiscover_url", p.autodiscover_url);
  d.set("external_discovery", p.external_discovery);
  d.set("requirements", requirements(p));
  d.set("certificates", certificates(p));
  d.set("sites", sites(p));
  std::vector<std::string> ext, in;
  for (const auto& r : p.dns_external) ext.push_back(zone_line(r));
  for (const auto& r : p.dns_internal) in.push_back(zone_line(r));
  d.set("dns_external", code(ext, "dns"));
  d.set("dns_internal", code(in, "dns"));
  List create;
  for (const auto& z : p.zones) {
    if (z.create) create.push_back(Data("zone", z.name));
  }
  d.set("create_zones", create);
  d.set("steps", steps(p));
  d.set("findings", findings(p));
  d.set("no_findings", p.findings.empty());
  return fill(templates, "runbook.md.mustache", d, infallible(&md_escape));
}

}  // namespace adplan::render
