#include <adplan/render/report_text.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/planner/steps.hpp>
#include <adplan/scenario/scenario.hpp>

#include <algorithm>
#include <sstream>

namespace adplan::render {

std::string sgr(bool color, std::string_view text, std::string_view code) {
  if (!color) return std::string(text);
  return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

std::string findings_text(const std::vector<Finding>& findings, bool color) {
  std::string out;
  for (const auto& f : findings) {
    std::string_view code = f.severity == Severity::Error ? "1;31" : f.severity == Severity::Warning ? "33" : "36";
    out += "  " + sgr(color, to_string(f.severity), code) + " " + f.id + " [" + escape_controls(f.subject) + "]\n" +
           "      " + escape_controls(f.message) + "\n" + "      fix: " + escape_controls(f.remedy) + "\n";
    if (!f.evidence.empty()) out += "      seen: " + escape_controls(f.evidence) + "\n";
  }
  return out;
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows) {
    if (width.size() < r.size()) width.resize(r.size(), 0);
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line = " ";
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += " " + r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string requirements_table(const std::vector<int>& ids) {
  auto yn = [](bool b) { return std::string(b ? "Yes" : "No"); };
  std::vector<std::vector<std::string>> rows{{"Requirement"},
                                             {"Primary IP address"},
                                             {"Secondary IP address"},
                                             {"Primary public IP resolving to Default Web Site"},
                                             {"Secondary public IP resolving to Autodiscover Web site"},
                                             {"# of certificates"},
                                             {"Modification of SCP object"},
                                             {"Modification of Web services URLs"}};
  for (int id : ids) {
    const Scenario* s = find_scenario(id);
    if (!s) continue;
    const auto& r = s->requirements;
    rows[0].push_back("Scenario " + std::to_string(id));
    rows[1].push_back(yn(r.primary_ip));
    rows[2].push_back(yn(r.secondary_ip));
    rows[3].push_back(yn(r.primary_public_ip));
    rows[4].push_back(yn(r.secondary_public_ip));
    rows[5].push_back(std::to_string(r.certificate_count));
    rows[6].push_back(yn(r.scp_change));
    rows[7].push_back(yn(r.web_services_url_change));
  }
  return table(rows);
}

std::string plan_text(const Plan& p, bool color) {
  std::ostringstream out;
  auto head = [&](std::string_view t) { out << "\n" << sgr(color, t, "1") << "\n"; };
  out << sgr(color, "Scenario " + std::to_string(p.scenario) + ": " + p.scenario_title, "1") << "\n";
  out << "  " << traits(p.exchange).display << "; certificates from a "
      << (p.ca == CertificateSource::Public ? "public" : "internal") << " CA; external Outlook finds Autodiscover by "
      << p.external_discovery << "\n";

  head("Requirements (the paper's table)");
  out << requirements_table({p.scenario});

  head("Certificates");
  for (const auto& c : p.certificates) {
    out << "  CN=" << c.common_name.str() << "  on " << c.site;
    for (const auto& b : c.bindings) out << " " << b;
    out << "\n    SAN:";
    for (const auto& n : c.sans) out << " " << n.str();
    out << "\n";
  }

  head("Web sites");
  for (const auto& s : p.sites) {
    out << "  " << s.name << ": " << (s.tls ? "https" : "http") << " port " << s.port << ", public "
        << s.public_ip.str();
    for (const auto& b : s.bindings) out << ", " << b.server << " " << b.ip.url_host() << ":" << b.port;
    if (s.redirect_to) out << "\n    302 redirect /autodiscover/autodiscover.xml -> " << *s.redirect_to;
    out << "\n";
  }

  head("DNS, external view");
  for (const auto& r : p.dns_external) out << "  " << zone_line(r) << "\n";
  head("DNS, internal view");
  for (const auto& r : p.dns_internal) out << "  " << zone_line(r) << "\n";
  for (const auto& z : p.zones) {
    if (z.create) out << "  create internal zone " << z.name << ": " << z.note << "\n";
  }

  head("Service connection points (SCP)");
  for (const auto& e : p.scp) {
    out << "  " << e.server << ": " << e.url << (e.changed ? "  (change)" : "  (as setup writes it)");
    if (!e.site_scope.empty()) {
      out << "  sites:";
      for (const auto& s : e.site_scope) out << " " << s;
    }
    out << "\n";
    if (!e.cmdlet.empty()) out << "    " << e.cmdlet << "\n";
  }

  if (p.scp_order.size() > 1) {
    out << "  order a domain-joined client tries them, by AD site:\n";
    for (const auto& o : p.scp_order) {
      out << "    " << (o.site == "*" ? std::string("(a site without its own SCP)") : o.site) << ":";
      for (const auto& u : o.urls) out << " " << u;
      out << "\n";
    }
  }

  head("Exchange URLs");
  for (const auto& u : p.urls) {
    out << "  " << u.server << " " << traits(u.service).key << ": internal " << u.internal
        << (u.internal_changed ? " (change)" : "") << ", external " << u.external << "\n";
  }

  head("Steps (runbook: adplan render)");
  int n = 1;
  for (const auto& s : p.steps) out << "  " << n++ << ". " << s.title << "\n";

  head("Findings");
  if (p.findings.empty()) out << "  none\n";
  out << findings_text(p.findings, color);
  return out.str();
}

}  // namespace adplan::render
