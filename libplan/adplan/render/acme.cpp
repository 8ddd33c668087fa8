#include <adplan/render/acme.hpp>

#include <adplan/planner/powershell.hpp>
#include <adplan/render/internal/escape.hpp>
#include <adplan/render/internal/fill.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace adplan::render {
namespace {

std::string as_is(std::string_view s) {
  return std::string(s);
}

Data header(const Plan& p) {
  Data d;
  d.set("scenario", std::to_string(p.scenario));
  d.set("title", one_line(p.scenario_title));
  return d;
}

// Names padded to one column, so the text output reads as a table.
std::string padded(const std::string& s, std::size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

// The TLS or redirect sites that answer port 80 for an HTTP-01 name, with those names.
struct Port80Site {
  const PlannedSite* site;
  std::vector<std::string> names;
};

std::vector<Port80Site> port80_sites(const Plan& p, const AcmePlan& acme) {
  std::vector<Port80Site> out;
  for (const auto& key : http01_sites(acme)) {
    const PlannedSite* s = p.site(key);
    if (!s) continue;
    Port80Site ps{s, {}};
    for (const auto& o : acme.orders) {
      if (o.challenge != AcmeChallenge::Http01) continue;
      for (const auto& n : o.names) {
        if (n.http01_possible && n.site == key && std::ranges::find(ps.names, n.name.str()) == ps.names.end()) {
          ps.names.push_back(n.name.str());
        }
      }
    }
    std::ranges::sort(ps.names);
    out.push_back(std::move(ps));
  }
  return out;
}

}  // namespace

Result<std::string> render_acme_orders(const Plan& p, const AcmePlan& acme, const TemplateSet& templates) {
  Data d = header(p);
  d.set("directory", one_line(acme.directory.url));
  d.set("directory_name", one_line(acme.directory.name));
  d.set("contact", one_line(acme.contact));
  List orders;
  for (const auto& o : acme.orders) {
    Data od;
    od.set("cn", o.common_name.str());
    od.set("site", one_line(o.site));
    od.set("challenge", std::string(to_string(o.challenge)));
    od.set("reason", one_line(o.reason));
    od.set("csr", one_line(o.csr));
    od.set("cert", one_line(o.cert));
    std::size_t width = 0;
    for (const auto& n : o.names) width = std::max(width, n.name.str().size());
    List names, records;
    for (const auto& n : o.names) {
      Data nd;
      nd.set("name", padded(n.name.str(), width + 1));
      nd.set("challenge", padded(std::string(to_string(n.challenge)), 8));
      nd.set("reason", one_line(n.reason));
      names.push_back(nd);
      if (o.challenge == AcmeChallenge::Dns01 && !n.cname_target.empty()) {
        records.push_back(Data("record", n.dns01_record + " CNAME " + n.cname_target));
      }
    }
    od.set("names", names);
    od.set("records", records);
    od.set("has_records", !records.empty());
    List commands;
    for (const auto& c : o.commands) {
      Data cd;
      cd.set("client", c.client);
      cd.set("where", one_line(c.where));
      cd.set("purpose", one_line(c.purpose));
      List lines;
      for (const auto& l : c.lines) lines.push_back(Data("line", one_line(l)));
      cd.set("lines", lines);
      commands.push_back(cd);
    }
    od.set("commands", commands);
    orders.push_back(od);
  }
  d.set("orders", orders);
  List findings;
  for (const auto& f : acme.findings) {
    Data fd;
    fd.set("severity", std::string(to_string(f.severity)));
    fd.set("id", f.id);
    fd.set("message", one_line(f.message));
    fd.set("remedy", one_line(f.remedy));
    findings.push_back(fd);
  }
  d.set("findings", findings);
  return fill(templates, "acme-orders.txt.mustache", d, infallible(&as_is));
}

std::string render_acme_json(const Plan& p, const AcmePlan& acme) {
  using J = nlohmann::ordered_json;
  J doc{{"format", "adplan-acme/1"},
        {"scenario", p.scenario},
        {"directory", {{"name", acme.directory.name}, {"url", acme.directory.url}}},
        {"contact", acme.contact},
        {"validation_zone", acme.validation_zone},
        {"orders", J::array()},
        {"findings", J::array()}};
  for (const auto& o : acme.orders) {
    J oj{{"certificate", o.certificate},
         {"common_name", o.common_name.str()},
         {"site", o.site},
         {"challenge", to_string(o.challenge)},
         {"reason", o.reason},
         {"csr", o.csr},
         {"cert", o.cert},
         {"names", J::array()},
         {"commands", J::array()}};
    for (const auto& n : o.names) {
      oj["names"].push_back({{"name", n.name.str()},
                             {"challenge", to_string(n.challenge)},
                             {"http01_possible", n.http01_possible},
                             {"reason", n.reason},
                             {"public_ip", n.public_ip},
                             {"site", n.site},
                             {"dns01_record", n.dns01_record},
                             {"cname_target", n.cname_target}});
    }
    for (const auto& c : o.commands) {
      oj["commands"].push_back({{"client", c.client}, {"where", c.where}, {"purpose", c.purpose}, {"lines", c.lines}});
    }
    doc["orders"].push_back(std::move(oj));
  }
  for (const auto& f : acme.findings) {
    doc["findings"].push_back({{"id", f.id},
                               {"severity", to_string(f.severity)},
                               {"subject", f.subject},
                               {"message", f.message},
                               {"remedy", f.remedy}});
  }
  return doc.dump(2) + "\n";
}

Result<std::string> render_acme_iis(const Plan& p, const AcmePlan& acme, const TemplateSet& templates) {
  Data d = header(p);
  List sites;
  for (const auto& ps : port80_sites(p, acme)) {
    Data sd;
    sd.set("site", one_line(ps.site->name));
    std::string names;
    for (const auto& n : ps.names) names += (names.empty() ? "" : ", ") + n;
    sd.set("names", one_line(names));
    sd.set("redirect", ps.site->redirect_to.has_value());
    List commands;
    const std::string site = ps_quote(ps.site->name);
    const std::string location = ps_quote(ps.site->name + "/.well-known/acme-challenge");
    if (ps.site->tls) {
      // IIS setup gives the Default Web Site an http binding on port 80; the plan's second site
      // has only its https one.
      for (const auto& b : ps.site->bindings) {
        commands.push_back(Data("command", "if (-not (Get-WebBinding -Name " + site +
                                               " -Protocol http -Port 80 -IPAddress " + ps_quote(b.ip.str()) +
                                               ")) { New-WebBinding -Name " + site +
                                               " -Protocol http -Port 80 -IPAddress " + ps_quote(b.ip.str()) + " }"));
      }
    }
    commands.push_back(Data(
        "command", "$root = [Environment]::ExpandEnvironmentVariables((Get-Website -Name " + site + ").PhysicalPath)"));
    commands.push_back(
        Data("command",
             "New-Item -ItemType Directory -Force -Path (Join-Path $root '.well-known\\acme-challenge') | "
             "Out-Null"));
    const std::string set = "Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location " + location;
    commands.push_back(
        Data("command", set + " -Filter 'system.webServer/security/access' -Name sslFlags -Value 'None'"));
    commands.push_back(Data("command", set + " -Filter 'system.webServer/httpRedirect' -Name enabled -Value $false"));
    commands.push_back(Data(
        "command", "if (-not (Get-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location " + location +
                       " -Filter \"system.webServer/staticContent/mimeMap[@fileExtension='.']\" "
                       "-Name mimeType)) { Add-WebConfigurationProperty -PSPath "
                       "'MACHINE/WEBROOT/APPHOST' -Location " +
                       location +
                       " -Filter 'system.webServer/staticContent' -Name '.' -Value "
                       "@{fileExtension='.'; mimeType='text/plain'} }"));
    sd.set("commands", commands);
    sites.push_back(sd);
  }
  d.set("sites", sites);
  d.set("none", sites.empty());
  return fill(templates, "acme-iis.ps1.mustache", d, infallible(&ps_quote));
}

Result<std::string> render_acme_nginx(const Plan& p, const AcmePlan& acme, const std::string& webroot,
                                      const TemplateSet& templates) {
  Data d = header(p);
  d.set("webroot", webroot);
  List servers;
  for (const auto& ps : port80_sites(p, acme)) {
    if (!ps.site->tls) continue;  // the redirect site's own server block carries the location
    Data sd;
    sd.set("site", one_line(ps.site->name));
    List listen;
    for (const auto& b : ps.site->bindings) listen.push_back(Data("address", b.ip.url_host() + ":80"));
    sd.set("listen", listen);
    List hosts;
    for (const auto& n : ps.names) hosts.push_back(Data("host", n));
    sd.set("hosts", hosts);
    servers.push_back(sd);
  }
  d.set("servers", servers);
  d.set("none", servers.empty());
  d.set("redirect", redirect_site_serves_http01(acme));
  return fill(templates, "acme-nginx.conf.mustache", d, &nginx_quote);
}

Result<std::string> render_acme_dns01(const Plan& p, const AcmePlan& acme, const TemplateSet& templates) {
  Data d = header(p);
  d.set("zone", acme.validation_zone + ".");
  List needed, optional;
  for (const auto& o : acme.orders) {
    for (const auto& n : o.names) {
      if (n.challenge == AcmeChallenge::None || n.cname_target.empty()) continue;
      Data r;
      r.set("name", n.dns01_record);
      r.set("target", n.cname_target);
      r.set("cn", o.common_name.str());
      (o.challenge == AcmeChallenge::Dns01 ? needed : optional).push_back(r);
    }
  }
  d.set("needed", needed);
  d.set("optional", optional);
  d.set("has_needed", !needed.empty());
  d.set("has_optional", !optional.empty());
  return fill(templates, "acme-dns01.zone.mustache", d, infallible(&zone_escape));
}

}  // namespace adplan::render
