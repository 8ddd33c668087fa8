#pragma once
// The plan's web sites for nginx, as a TLS front end or reverse proxy: one server block per
// planned site and its certificate (SNI), on the plan's server-side addresses; the port-80
// redirect site of scenario 4; the Autodiscover path matched case-insensitively.
#include <adplan/planner/plan.hpp>
#include <adplan/render/template_set.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan::render {

// One upstream server: an IP address or host name with a port (default 443).
struct Upstream {
  std::string host;  // "192.0.2.10", "[2001:db8::1]", "cas01.contoso.com"
  int port = 443;
};

// "192.0.2.10", "192.0.2.10:8443", "[2001:db8::1]:443", "cas01.contoso.com".
Result<Upstream> parse_upstream(std::string_view text);

struct NginxOptions {
  std::string pki_dir = "./pki";   // certificates: <pki>/<common name>.crt and .key
  std::vector<Upstream> upstream;  // empty: the servers' primary (internal) addresses
  bool standalone = false;         // a whole nginx.conf, not a conf.d/ include
  std::string prefix;              // standalone: pid, logs and temp paths under it
  // Lab mode: answer the Autodiscover path with this XML behind Basic auth (401 with
  // WWW-Authenticate without credentials, 200 with) instead of proxying.
  std::optional<std::string> serve_xml;
  std::string htpasswd;  // lab mode: the Basic auth user file
  // ACME HTTP-01 (acme/nginx-http01.conf, and the redirect site when a certificate name points
  // at it): the directory certbot --webroot / lego --http.webroot write tokens into.
  std::string acme_webroot = "/var/www/acme";
};

Result<std::string> render_nginx(const Plan& p, const NginxOptions& options, const TemplateSet& templates);

}  // namespace adplan::render
