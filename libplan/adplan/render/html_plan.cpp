#include <adplan/render/html_plan.hpp>

#include <adplan/planner/steps.hpp>
#include <adplan/render/dns_view.hpp>
#include <adplan/render/html_escape.hpp>
#include <adplan/render/html_page.hpp>
#include <adplan/render/html_svg.hpp>
#include <adplan/render/internal/step_roles.hpp>

#include <algorithm>

namespace adplan::render {
namespace {

// The plan's own commands and records: validated values, never shortened (a hoster's zone is long).
constexpr std::size_t k_plan_block_max = std::size_t(1) << 30;

std::string esc(std::string_view s) {
  return html_value(s);
}

std::string yes_no(bool b) {
  return b ? "yes" : "no";
}

std::string joined(const std::vector<HostName>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n.str();
  return s;
}

std::string header(const Plan& p) {
  std::string out = "<header>\n<h1>Autodiscover plan: scenario " + std::to_string(p.scenario) + ", " +
                    esc(p.scenario_title) + "</h1>\n<dl class=\"meta\">\n";
  auto row = [&](std::string_view k, const std::string& v_html) {
    out += "<dt>" + html_escape(k) + "</dt><dd>" + v_html + "</dd>\n";
  };
  const auto errors = std::ranges::count(p.findings, Severity::Error, &Finding::severity);
  const auto warnings = std::ranges::count(p.findings, Severity::Warning, &Finding::severity);
  row("Plan", errors ? html_badge(Tone::Fail, "errors") + " " + std::to_string(errors) + " error(s), " +
                           std::to_string(warnings) + " warning(s): see Findings"
                     : html_badge(warnings ? Tone::Warn : Tone::Ok, warnings ? "warnings" : "ok") + " " +
                           std::to_string(warnings) + " warning(s)");
  row("Exchange", esc(traits(p.exchange).display));
  row("Certificates from", p.ca == CertificateSource::Public ? "a public CA" : "the internal CA");
  row("SMTP domains", esc(joined(p.domains)));
  row("External host", esc(p.external_host.str()));
  row("Autodiscover URL", "<a href=\"" + esc(p.autodiscover_url) + "\">" + esc(p.autodiscover_url) + "</a>");
  row("External Outlook finds it by", esc(p.external_discovery));
  out +=
      "</dl>\n<nav><ul><li><a href=\"#requirements\">Requirements</a></li><li><a href=\"#certificates\">"
      "Certificates</a></li><li><a href=\"#dns\">DNS</a></li><li><a href=\"#sites\">Web sites</a></li><li><a "
      "href=\"#steps\">Steps</a></li><li><a href=\"#findings\">Findings</a></li><li><a "
      "href=\"#picture\">Picture</a></li></ul></nav>\n</header>\n";
  return out;
}

std::string requirements(const Plan& p) {
  const auto& r = p.requirements;
  const std::pair<std::string_view, std::string> cells[] = {
      {"Primary IP address", yes_no(r.primary_ip)},
      {"Secondary IP address", yes_no(r.secondary_ip)},
      {"Primary public IP resolving to Default Web Site", yes_no(r.primary_public_ip)},
      {"Secondary public IP resolving to Autodiscover Web site", yes_no(r.secondary_public_ip)},
      {"Number of certificates", std::to_string(r.certificate_count)},
      {"Modification of SCP object", yes_no(r.scp_change)},
      {"Modification of Web services URLs", yes_no(r.web_services_url_change)}};
  std::string head, row;
  for (const auto& [label, value] : cells) {
    head += "<th scope=\"col\">" + html_escape(label) + "</th>";
    row += "<td>" + html_escape(value) + "</td>";
  }
  return "<section id=\"requirements\">\n<h2>Requirements (the white paper's table)</h2>\n<table>\n<tr><th "
         "scope=\"col\">Scenario</th>" +
         head + "</tr>\n<tr><td>" + std::to_string(p.scenario) + "</td>" + row + "</tr>\n</table>\n</section>\n";
}

std::string certificates(const Plan& p) {
  std::string out = "<section id=\"certificates\">\n<h2>Certificates</h2>\n";
  for (const auto& c : p.certificates) {
    std::string bindings;
    for (const auto& b : c.bindings) bindings += (bindings.empty() ? "" : ", ") + b;
    out += "<h3>" + esc(c.common_name.str()) + "</h3>\n<p>On " + esc(c.site) +
           (bindings.empty() ? "" : " (" + esc(bindings) + ")") + "; " + std::to_string(c.sans.size()) +
           " name(s).</p>\n<table>\n<tr><th scope=\"col\">Name</th><th scope=\"col\">Why it is on the "
           "certificate</th></tr>\n";
    for (const auto& n : c.sans) {
      const bool internal = std::ranges::find(c.internal_names, n.str()) != c.internal_names.end();
      out += "<tr><td><code>" + esc(n.str()) + "</code>" + (internal ? " " + html_badge(Tone::Warn, "internal") : "") +
             "</td><td>" + esc(certificate_name_reason(p, c, n)) + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  return out + "</section>\n";
}

std::string dns(const Plan& p) {
  std::string out = "<section id=\"dns\">\n<h2>DNS records</h2>\n";
  for (View v : {View::External, View::Internal}) {
    const auto& recs = records(p, v);
    out += std::string("<h3>") +
           (v == View::External ? "External view (the public zone at the DNS provider)"
                                : "Internal view (split-brain, the internal DNS servers)") +
           "</h3>\n";
    for (const auto* z : zones(p, v)) {
      if (z->create || !z->note.empty())
        out += "<p>Zone <code>" + esc(z->name) + "</code>" + (z->create ? ": create it" : "") +
               (z->note.empty() ? "" : " (" + esc(z->note) + ")") + ".</p>\n";
    }
    if (recs.empty()) {
      out += "<p class=\"note\">No records in this view.</p>\n";
      continue;
    }
    out +=
        "<table>\n<tr><th scope=\"col\">Name</th><th scope=\"col\">TTL</th><th scope=\"col\">Type</th><th "
        "scope=\"col\">Value</th><th scope=\"col\">Why</th></tr>\n";
    for (const auto& r : recs) {
      out += "<tr><td><code>" + esc(r.name) + "</code></td><td>" + std::to_string(r.ttl) + "</td><td>" + esc(r.type) +
             "</td><td><code>" + esc(r.value) + "</code></td><td>" + esc(r.comment) + "</td></tr>\n";
    }
    std::string zone_text;
    for (const auto& r : recs) zone_text += zone_line(r) + "\n";
    out += "</table>\n<details><summary>As zone-file lines</summary>" + html_code(zone_text, k_plan_block_max) +
           "</details>\n";
  }
  return out + "</section>\n";
}

std::string sites(const Plan& p) {
  std::string out =
      "<section id=\"sites\">\n<h2>Web sites (IIS, or nginx in front: nginx/adplan.conf)</h2>\n<table>\n<tr><th "
      "scope=\"col\">Site</th><th scope=\"col\">Listens</th><th scope=\"col\">Public address</th><th "
      "scope=\"col\">Servers</th><th scope=\"col\">Names</th><th scope=\"col\">Certificate or redirect</th></tr>\n";
  for (const auto& s : p.sites) {
    std::string where;
    for (const auto& b : s.bindings) where += (where.empty() ? "" : ", ") + b.server + " " + b.ip.url_host();
    const auto* cert = s.certificate ? p.certificate(*s.certificate) : nullptr;
    out += "<tr><td>" + esc(s.name) + "</td><td>" + (s.tls ? "https" : "http") + " port " + std::to_string(s.port) +
           "</td><td><code>" + esc(s.public_ip.str()) + "</code></td><td>" + esc(where) + "</td><td>" +
           esc(joined(s.hosts)) + "</td><td>" +
           (s.redirect_to ? "302 to " + esc(*s.redirect_to)
            : cert        ? esc(cert->common_name.str())
                          : "") +
           "</td></tr>\n";
  }
  return out + "</table>\n</section>\n";
}

std::string steps(const Plan& p) {
  std::string out = "<section id=\"steps\">\n<h2>Steps, in the white paper's order</h2>\n<ol class=\"steps\">\n";
  for (const auto& s : p.steps) {
    const StepRole role = step_role(s.id);
    out += "<li id=\"" + html_id("step-", s.id) + "\"><h3>" + esc(s.title) + " " +
           html_badge(Tone::Info, to_string(role)) + "</h3>\n<p>" + esc(s.detail) + "</p>\n";
    if (!s.commands.empty()) {
      std::string text;
      for (const auto& c : s.commands) text += c + "\n";
      out += html_code(text, k_plan_block_max) + "\n";
    }
    std::string checks;
    for (const auto& c : step_checks(p, s)) checks += c + "\n";
    out += "<p>Check:</p>\n" + html_code(checks, k_plan_block_max) + "\n</li>\n";
  }
  return out + "</ol>\n</section>\n";
}

std::string findings(const Plan& p) {
  std::string out = "<section id=\"findings\">\n<h2>Findings of the plan</h2>\n";
  if (p.findings.empty())
    return out + "<p>" + html_badge(Tone::Ok, "none") + " The plan has no findings.</p>\n</section>\n";
  out +=
      "<table>\n<tr><th scope=\"col\">Severity</th><th scope=\"col\">Id</th><th scope=\"col\">Subject</th><th "
      "scope=\"col\">Message and remedy</th></tr>\n";
  for (const auto& f : p.findings) {
    const Tone t = f.severity == Severity::Error     ? Tone::Fail
                   : f.severity == Severity::Warning ? Tone::Warn
                                                     : Tone::Info;
    out += "<tr><td>" + html_badge(t, to_string(f.severity)) + "</td><td><code>" + esc(f.id) + "</code></td><td>" +
           esc(f.subject) + "</td><td>" + esc(f.message) + (f.remedy.empty() ? "" : html_code(f.remedy)) +
           "</td></tr>\n";
  }
  return out + "</table>\n</section>\n";
}

std::string picture(const PlanHtmlOptions& o) {
  std::string out = "<section id=\"picture\" class=\"picture\">\n<h2>The deployment</h2>\n";
  if (o.picture) {
    if (auto svg = sanitize_svg(*o.picture))
      return out + *svg + "\n</section>\n";
    else
      return out + "<p class=\"note\">Picture omitted: " + esc(svg.error().message) + ".</p>\n</section>\n";
  }
  return out + "<p class=\"note\">Picture omitted: " +
         esc(o.picture_note.empty() ? "Graphviz's dot was not run" : o.picture_note) +
         ". deployment.dot beside this file holds it (dot -Tsvg deployment.dot).</p>\n</section>\n";
}

}  // namespace

std::string certificate_name_reason(const Plan& p, const PlannedCertificate& c, const HostName& name) {
  std::string why;
  if (name.is_wildcard()) {
    why = "wildcard: covers every name one label under " + std::string(name.str().substr(2));
  } else if (name == p.external_host) {
    why = "the external host name: Outlook Anywhere, EWS, OAB and ActiveSync URLs point at it";
  } else if (name == p.autodiscover_host) {
    why = "the Autodiscover host: Outlook asks https://" + name.str() + "/autodiscover/autodiscover.xml";
  } else {
    for (const auto& d : p.domains) {
      if (name == d)
        why = "the SMTP domain " + d.str() + " itself: Outlook's first https method (https://" + d.str() +
              "/autodiscover)";
      auto ad = d.child("autodiscover");
      if (ad && name == *ad) why = "Autodiscover for the SMTP domain " + d.str() + " (autodiscover." + d.str() + ")";
    }
    for (const auto& s : p.servers) {
      if (why.empty() && name == s.fqdn)
        why = "the internal name of " + s.name + ": internal URLs and the SCP of domain-joined clients";
    }
    if (why.empty() && p.internal_domain && name.str().ends_with("." + p.internal_domain->str()))
      why = "a name in the internal namespace " + p.internal_domain->str();
    if (why.empty()) why = "a name the scenario's certificate rule adds";
  }
  if (name == c.common_name) why += "; the common name";
  if (std::ranges::find(c.internal_names, name.str()) != c.internal_names.end())
    why += "; an internal name no public CA issues (CA/B Forum BR 7.1.2.7.12): use the internal CA or drop it";
  return why;
}

std::string render_plan_html(const Plan& p, const PlanHtmlOptions& options) {
  std::string body = header(p);
  body += "<main>\n" + requirements(p) + certificates(p) + dns(p) + sites(p) + steps(p) + findings(p) +
          picture(options) + "</main>\n";
  body += "<footer>Written by " + esc(options.version.empty() ? "adplan" : options.version) +
          " (adplan render). One file: no script, nothing fetched; the runbook, scripts and zone files beside it "
          "carry the same steps.</footer>\n";
  return html_document("Autodiscover plan, scenario " + std::to_string(p.scenario) + ": " + p.domains.front().str(),
                       body);
}

}  // namespace adplan::render
