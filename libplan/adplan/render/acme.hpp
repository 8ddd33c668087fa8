#pragma once
// The ACME side of a plan as files (`adplan render` writes them under acme/, `adplan acme`
// prints the first two): the orders with every name's challenge and why, the client commands,
// the web-server pieces HTTP-01 needs (IIS, nginx) and the DNS-01 records.
#include <adplan/planner/acme.hpp>
#include <adplan/render/template_set.hpp>

#include <string>

namespace adplan::render {

struct Artifact;

// acme/orders.txt: what `adplan acme` prints.
Result<std::string> render_acme_orders(const Plan& p, const AcmePlan& acme, const TemplateSet& templates);
// acme/plan.json: what `adplan acme --json` prints (format adplan-acme/1).
std::string render_acme_json(const Plan& p, const AcmePlan& acme);
// acme/iis-http01.ps1: the challenge path on each site that answers port 80 for a name, exempt
// from Require SSL and from HTTP redirects (the scenario-4 redirect site included).
Result<std::string> render_acme_iis(const Plan& p, const AcmePlan& acme, const TemplateSet& templates);
// acme/nginx-http01.conf: port-80 server blocks serving /.well-known/acme-challenge/ from the
// webroot for the TLS sites' names (include inside http { } beside nginx/adplan.conf).
Result<std::string> render_acme_nginx(const Plan& p, const AcmePlan& acme, const std::string& webroot,
                                      const TemplateSet& templates);
// acme/dns-01.zone: the _acme-challenge CNAME delegations (and the TXT form), BIND syntax.
Result<std::string> render_acme_dns01(const Plan& p, const AcmePlan& acme, const TemplateSet& templates);

}  // namespace adplan::render
