#include <adplan/render/diff_text.hpp>

#include <adplan/planner/steps.hpp>

#include <array>
#include <sstream>

namespace adplan::render {
namespace {

std::string mark(ChangeKind k) {
  switch (k) {
    case ChangeKind::Added:
      return "+";
    case ChangeKind::Removed:
      return "-";
    case ChangeKind::Changed:
      return "~";
  }
  return "~";
}

// Each line of a (possibly multi-line) command, indented.
void lines(std::ostringstream& out, const std::string& text, const std::string& indent) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out << indent << line << "\n";
}

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

void requirements(std::ostringstream& out, const Diff& d) {
  auto yn = [](bool b) { return std::string(b ? "Yes" : "No"); };
  const auto& a = d.requirements_before;
  const auto& b = d.requirements_after;
  const std::array<std::array<std::string, 3>, 7> rows{{
      {"Primary IP address", yn(a.primary_ip), yn(b.primary_ip)},
      {"Secondary IP address", yn(a.secondary_ip), yn(b.secondary_ip)},
      {"Primary public IP resolving to Default Web Site", yn(a.primary_public_ip), yn(b.primary_public_ip)},
      {"Secondary public IP resolving to Autodiscover Web site", yn(a.secondary_public_ip), yn(b.secondary_public_ip)},
      {"# of certificates", std::to_string(a.certificate_count), std::to_string(b.certificate_count)},
      {"Modification of SCP object", yn(a.scp_change), yn(b.scp_change)},
      {"Modification of Web services URLs", yn(a.web_services_url_change), yn(b.web_services_url_change)},
  }};
  out << "\nRequirements (the paper's table)\n";
  out << "  " << pad("Requirement", 56) << pad("Scenario " + std::to_string(d.scenario_before), 12) << "Scenario "
      << d.scenario_after << "\n";
  for (const auto& r : rows) {
    std::string line = "  " + pad(r[0], 56) + pad(r[1], 12) + r[2];
    if (r[1] != r[2]) line += "   (changes)";
    out << line << "\n";
  }
}

void value_line(std::ostringstream& out, const ValueDiff& v, const std::string& indent) {
  if (v.before.empty())
    out << indent << "+ " << v.field << ": " << v.after << "\n";
  else if (v.after.empty())
    out << indent << "- " << v.field << ": " << v.before << "\n";
  else
    out << indent << "~ " << v.field << ": " << v.before << " -> " << v.after << "\n";
}

void certificates(std::ostringstream& out, const Diff& d) {
  if (d.certificates.empty()) return;
  out << "\nCertificates\n";
  for (const auto& c : d.certificates) {
    if (c.kind == ChangeKind::Added) {
      out << "  + new CN=" << c.after->common_name.str() << " (" << c.key << ", " << c.after->site
          << "): " << join(c.names_added) << "\n";
    } else if (c.kind == ChangeKind::Removed) {
      out << "  - retire CN=" << c.before->common_name.str() << " (" << c.key << ", " << c.before->site << ")\n";
    } else {
      out << "  ~ " << (c.reissue ? "reissue" : "rebind") << " CN=" << c.after->common_name.str() << " (" << c.key
          << ", " << c.after->site << ")\n";
      for (const auto& n : c.names_added) out << "      + name " << n << "\n";
      for (const auto& n : c.names_removed) out << "      - name " << n << "\n";
    }
    for (const auto& b : c.bindings_added) out << "      + bound at " << b << "\n";
    for (const auto& b : c.bindings_removed) out << "      - bound at " << b << "\n";
  }
}

void dns(std::ostringstream& out, const Diff& d) {
  for (std::string view : {"external", "internal"}) {
    bool head = false;
    auto heading = [&] {
      if (!head) out << "\nDNS, " << view << " view\n";
      head = true;
    };
    for (const auto& z : d.zones) {
      if (z.view != view) continue;
      heading();
      out << "  " << mark(z.kind) << " zone " << z.zone
          << (z.create ? (z.kind == ChangeKind::Added ? " (create)" : " (delete)") : "") << ": " << z.note << "\n";
    }
    for (const auto& r : d.dns) {
      if (r.view != view) continue;
      heading();
      out << "  " << mark(r.kind) << " " << r.name << " " << r.type << "\n";
      for (const auto& rec : r.removed) out << "      - " << zone_line(rec) << "\n";
      for (const auto& rec : r.added) out << "      + " << zone_line(rec) << "\n";
      for (const auto& rec : r.removed) out << "      " << windows_dns_remove(rec) << "\n";
      for (const auto& rec : r.added) out << "      " << windows_dns_add(rec) << "\n";
    }
  }
}

void scp_urls(std::ostringstream& out, const Diff& d) {
  if (d.scp.empty() && d.urls.empty()) return;
  out << "\nSCP and service URLs\n";
  for (const auto& e : d.scp) {
    out << "  " << mark(e.kind) << " SCP " << e.server << ": ";
    if (e.before && e.after) {
      out << e.before->url << " -> " << e.after->url;
      if (e.before->site_scope != e.after->site_scope)
        out << "; sites " << join(e.before->site_scope, " ") << " -> " << join(e.after->site_scope, " ");
    } else {
      out << (e.after ? e.after->url : e.before->url);
    }
    out << "\n";
    if (!e.command.empty()) lines(out, e.command, "      ");
  }
  for (const auto& u : d.urls) {
    std::string line = "  " + mark(u.kind) + " " + u.server + " " + std::string(traits(u.service).key) + ":";
    if (u.before && u.after) {
      if (u.before->internal != u.after->internal)
        line += " internal " + u.before->internal + " -> " + u.after->internal + ";";
      if (u.before->external != u.after->external)
        line += " external " + u.before->external + " -> " + u.after->external + ";";
      if (u.before->internal == u.after->internal && u.before->external == u.after->external)
        line += " the command changes;";
    } else {
      const auto& x = u.after ? *u.after : *u.before;
      line += " internal " + x.internal + "; external " + x.external + ";";
    }
    line.pop_back();
    out << line << "\n";
    if (!u.command.empty()) lines(out, u.command, "      ");
  }
}

std::string site_text(const PlannedSite& s) {
  std::string t =
      std::string(s.tls ? "https" : "http") + " port " + std::to_string(s.port) + ", public " + s.public_ip.str();
  for (const auto& b : s.bindings) t += ", " + b.server + " " + b.ip.url_host() + ":" + std::to_string(b.port);
  if (s.redirect_to) t += ", 302 to " + *s.redirect_to;
  return t;
}

void sites(std::ostringstream& out, const Diff& d) {
  if (d.sites.empty()) return;
  out << "\nWeb sites\n";
  for (const auto& s : d.sites) {
    if (s.kind == ChangeKind::Added) {
      out << "  + create " << s.name << " (" << site_text(*s.after) << ")\n";
      continue;
    }
    if (s.kind == ChangeKind::Removed) {
      out << "  - delete " << s.name << " (" << site_text(*s.before) << ")\n";
      continue;
    }
    out << "  ~ " << s.name << "\n";
    for (const auto& v : s.values) value_line(out, v, "      ");
    for (const auto& b : s.bindings_added)
      out << "      + binding " << b.server << " " << b.ip.url_host() << ":" << b.port << "\n";
    for (const auto& b : s.bindings_removed)
      out << "      - binding " << b.server << " " << b.ip.url_host() << ":" << b.port << "\n";
  }
}

void addresses(std::ostringstream& out, const Diff& d) {
  if (d.addresses.empty()) return;
  out << "\nAddresses\n";
  for (const auto& a : d.addresses) {
    std::string who = a.owner == "public" ? "" : a.owner + " ";
    out << "  " << mark(a.kind) << " " << who << a.role << " ";
    if (a.kind == ChangeKind::Changed)
      out << a.before << " -> " << a.after;
    else
      out << (a.after.empty() ? a.before : a.after);
    out << "\n";
  }
}

void steps(std::ostringstream& out, const Diff& d) {
  if (d.steps.empty()) return;
  out << "\nChange plan (additions first, removals last)\n";
  int n = 1;
  for (const auto& s : d.steps) {
    out << "  " << n++ << ". " << s.title << " [" << s.id << "]\n";
    if (!s.detail.empty()) out << "     " << s.detail << "\n";
    for (const auto& c : s.commands) lines(out, c, "       ");
    if (!s.check.empty()) out << "     check: " << s.check << "\n";
  }
}

}  // namespace

std::string render_diff_text(const Diff& d) {
  if (d.empty()) return "";
  std::ostringstream out;
  out << "scenario " << d.scenario_before << " (" << d.title_before << ") -> scenario " << d.scenario_after << " ("
      << d.title_after << ")\n";
  requirements(out, d);
  if (!d.values.empty()) {
    out << "\nPlan values\n";
    for (const auto& v : d.values) value_line(out, v, "  ");
  }
  certificates(out, d);
  dns(out, d);
  scp_urls(out, d);
  sites(out, d);
  addresses(out, d);
  steps(out, d);
  return out.str();
}

}  // namespace adplan::render
