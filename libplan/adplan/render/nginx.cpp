#include <adplan/render/nginx.hpp>

#include <adplan/model/echo.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/planner/acme.hpp>
#include <adplan/render/internal/escape.hpp>
#include <adplan/render/internal/fill.hpp>

#include <charconv>

namespace adplan::render {
namespace {

std::string under(const std::string& dir, std::string_view file) {
  std::string d = dir;
  while (d.size() > 1 && d.ends_with('/')) d.pop_back();
  return d + "/" + std::string(file);
}

// The response on one line for `return 200 "..."`: nginx_quote refuses line breaks, and the
// breaks and indentation between elements carry nothing (the XML escaping turned any break
// inside a value into &#10;).
std::string one_line_xml(std::string_view xml) {
  std::string out;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '\n') {
      while (i + 1 < xml.size() && xml[i + 1] == ' ') ++i;
      continue;
    }
    out += xml[i];
  }
  return out;
}

Data server_block(const Plan& p, const PlannedSite& site, const NginxOptions& o) {
  Data d;
  d.set("site", one_line(site.name));
  List listen;
  for (const auto& b : site.bindings) listen.push_back(Data("address", b.ip.url_host() + ":" + std::to_string(b.port)));
  d.set("listen", listen);
  List hosts;
  for (const auto& h : site.hosts) hosts.push_back(Data("host", h.str()));
  d.set("hosts", hosts);
  d.set("ssl", site.tls);
  const PlannedCertificate* cert = site.certificate ? p.certificate(*site.certificate) : nullptr;
  if (cert) {
    Data c;
    c.set("cn", one_line(cert->common_name.str()));
    c.set("crt", under(o.pki_dir, cert->common_name.str() + ".crt"));
    c.set("key", under(o.pki_dir, cert->common_name.str() + ".key"));
    d.set("certificate", c);
  } else {
    d.set("certificate", false);
  }
  d.set("redirect", site.redirect_to ? Data(*site.redirect_to) : Data(false));
  // ACME HTTP-01 through the redirect site, only when a certificate name points at it.
  d.set("acme", site.redirect_to && certificate_name_reaches(p, site) ? Data("webroot", o.acme_webroot) : Data(false));
  bool proxy = !site.redirect_to && !o.serve_xml;
  d.set("proxy", proxy);
  // Only the Default Web Site carries Exchange's other services (EWS, OAB, Outlook Anywhere).
  d.set("proxy_all", proxy && site.key == "default");
  if (!site.redirect_to && o.serve_xml) {
    Data serve;
    serve.set("htpasswd", o.htpasswd);
    serve.set("xml", one_line_xml(*o.serve_xml));
    d.set("serve", serve);
  } else {
    d.set("serve", false);
  }
  return d;
}

}  // namespace

Result<Upstream> parse_upstream(std::string_view text) {
  auto bad = [&](std::string why) {
    return std::unexpected(Error{"input.upstream", "upstream", quote_value(text) + " " + why,
                                 "an IP address or host name, with an optional :port"});
  };
  std::string_view host = text;
  int port = 443;
  std::size_t colon = std::string_view::npos;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return bad("has no closing ']'");
    host = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') return bad("has text after ']'");
      colon = close + 1;
    }
  } else if (text.find(':') == text.rfind(':')) {
    colon = text.find(':');
    if (colon != std::string_view::npos) host = text.substr(0, colon);
  } else {
    return bad("is an IPv6 address without brackets");
  }
  if (colon != std::string_view::npos) {
    auto digits = text.substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc{} || end != digits.data() + digits.size() || port < 1 || port > 65535) {
      return bad("has no valid port (1-65535)");
    }
  }
  if (auto ip = IpAddress::parse(host)) return Upstream{ip->url_host(), port};
  if (text.starts_with('[')) return bad("is not an IPv6 address");
  auto name = HostName::parse(host, true);
  if (!name) return bad("is not an IP address or host name (" + name.error().message + ")");
  return Upstream{name->str(), port};
}

Result<std::string> render_nginx(const Plan& p, const NginxOptions& o, const TemplateSet& templates) {
  Data d;
  d.set("scenario", std::to_string(p.scenario));
  d.set("title", one_line(p.scenario_title));
  d.set("lab", o.serve_xml.has_value());
  List upstream;
  if (o.upstream.empty()) {
    if (const auto* site = p.site("default")) {
      for (const auto& b : site->bindings) upstream.push_back(Data("server", b.ip.url_host() + ":443"));
    }
  } else {
    for (const auto& u : o.upstream) upstream.push_back(Data("server", u.host + ":" + std::to_string(u.port)));
  }
  d.set("upstream", o.serve_xml ? Data(false) : Data("members", upstream));
  List servers;
  for (const auto& s : p.sites) servers.push_back(server_block(p, s, o));
  d.set("servers", servers);
  auto blocks = fill(templates, "nginx-servers.conf.mustache", d, &nginx_quote);
  if (!blocks || !o.standalone) return blocks;
  if (o.prefix.empty()) {
    return std::unexpected(Error{"input.prefix", "prefix", "a standalone nginx.conf needs a prefix directory",
                                 "give a directory for pid, logs and temp files"});
  }
  Data w;
  w.set("scenario", std::to_string(p.scenario));
  w.set("title", one_line(p.scenario_title));
  w.set("prefix_text", one_line(o.prefix));
  w.set("prefix", o.prefix);
  for (std::string_view f : {"nginx.pid", "error.log", "access.log", "client_body_temp", "proxy_temp", "fastcgi_temp",
                             "uwsgi_temp", "scgi_temp"}) {
    std::string key(f);
    for (auto& c : key) c = c == '.' ? '_' : c;
    w.set(key, under(o.prefix, f));
  }
  w.set("servers", *blocks);
  return fill(templates, "nginx.conf.mustache", w, &nginx_quote);
}

}  // namespace adplan::render
