#include <adplan/render/artifacts.hpp>

#include <adplan/model/echo.hpp>
#include <adplan/planner/plan_json.hpp>
#include <adplan/planner/scp_plan.hpp>
#include <adplan/render/acme.hpp>
#include <adplan/render/client_answers.hpp>
#include <adplan/render/dns_json.hpp>
#include <adplan/render/dot.hpp>
#include <adplan/render/mta_sts.hpp>
#include <adplan/render/outlook_policy.hpp>
#include <adplan/render/runbook.hpp>
#include <adplan/render/scripts.hpp>
#include <adplan/render/windows_dns.hpp>

#include <algorithm>

namespace adplan::render {

Result<std::vector<Artifact>> render_all(const Plan& p, const RenderAllOptions& o, const TemplateSet& templates) {
  std::vector<Artifact> out;
  std::optional<Error> failed;
  auto add = [&](std::string path, Result<std::string> content) {
    if (failed) return;
    if (!content) {
      failed = content.error();
      return;
    }
    out.push_back({std::move(path), std::move(*content)});
  };

  add("plan.json", to_json(p).dump(2) + "\n");
  for (View v : {View::External, View::Internal}) {
    const std::string name(to_string(v));
    add("dns/" + name + ".zone", render_zone_records(p, v, templates));
    add("dns/" + name + ".ps1", render_windows_dns(p, v, templates));
    add("dns/" + name + ".json", render_dns_json(p, v));
    for (const auto* z : zones(p, v)) {
      auto domain = HostName::parse(z->name);
      if (!domain) {
        add("", std::unexpected(Error{"render.zone", z->name, "is not a host name", "a planner defect"}));
        continue;
      }
      add("dns/zones/" + name + "/" + z->name + ".zone",
          render_full_zone(p, v, FullZoneOptions{*domain, o.ns, o.ns_ip, o.serial, o.plan_name_servers}, templates));
    }
  }
  // The SCP objects the plan implies (the lab's slapd loads this file).
  add("directory/scp.ldif", scp_ldif(p));
  // The deployment as a picture (Graphviz DOT; `adplan render` adds deployment.svg when dot is installed).
  add("deployment.dot", render_dot(p));
  add("exchange.ps1", render_exchange_script(p, templates));
  add("iis.ps1", render_iis_script(p, templates));
  auto xml = render_autodiscover_xml(p, o.mailbox, templates);
  if (xml)
    add("autodiscover.xml", *xml);
  else
    add("autodiscover.xml", std::unexpected(xml.error()));

  // ACME (issue 14): the orders, the client commands, the HTTP-01 and DNS-01 pieces.
  auto acme = plan_acme(p, o.acme);
  if (acme) {
    add("acme/orders.txt", render_acme_orders(p, *acme, templates));
    add("acme/plan.json", render_acme_json(p, *acme));
    add("acme/iis-http01.ps1", render_acme_iis(p, *acme, templates));
    add("acme/nginx-http01.conf", render_acme_nginx(p, *acme, o.acme.webroot, templates));
    add("acme/dns-01.zone", render_acme_dns01(p, *acme, templates));
  } else {
    add("acme/orders.txt", std::unexpected(acme.error()));
  }

  NginxOptions include = o.nginx;
  include.acme_webroot = o.acme.webroot;
  include.standalone = false;
  include.serve_xml.reset();
  add("nginx/adplan.conf", render_nginx(p, include, templates));
  NginxOptions standalone = include;
  standalone.standalone = true;
  add("nginx/nginx.conf", render_nginx(p, standalone, templates));
  if (xml) {
    NginxOptions lab = standalone;
    lab.serve_xml = *xml;
    if (lab.htpasswd.empty()) lab.htpasswd = lab.prefix + "/htpasswd";
    add("nginx/lab.conf", render_nginx(p, lab, templates));
  }
  add("runbook.md", render_runbook(p, templates));

  // Issue 23: the MTA-STS policies and the nginx server blocks that serve them.
  if (!p.mta_sts.empty()) {
    for (auto& a : render_mta_sts_policies(p)) add(std::move(a.path), std::move(a.content));
    add("nginx/mta-sts.conf", render_mta_sts_nginx(p, o.nginx.pki_dir));
  }

  // Issues 11 and 12: the Outlook 2016+ policy, and what phones and Autodiscover v2 clients get.
  add("outlook-policy.reg", render_outlook_policy_reg(p, templates));
  add("outlook-policy.ps1", render_outlook_policy_ps1(p, templates));
  const auto answers = client_answers(p);
  if (answers.mobilesync_url) add("autodiscover-mobilesync.xml", render_mobilesync_xml(p, o.mailbox, templates));
  for (const auto& a : answers.autodiscover_v2) add("autodiscover-v2/" + a.protocol + ".json", render_v2_json(a));
  if (failed) return std::unexpected(*failed);
  std::ranges::sort(out, {}, &Artifact::path);
  return out;
}

void apply_render_flags(RenderAllOptions& o, const std::vector<std::string>& upstream, const std::string& ns,
                        const std::string& ns_ip, Errors& errors) {
  for (const auto& u : upstream) {
    if (auto up = parse_upstream(u)) {
      o.nginx.upstream.push_back(*up);
    } else {
      Error e = up.error();
      e.field = e.field.empty() || e.field == "upstream" ? "--upstream" : "--upstream: " + e.field;
      errors.push_back(std::move(e));
    }
  }
  if (!ns.empty()) {
    if (auto h = HostName::parse_host(ns))
      o.ns = *h;
    else
      errors.push_back(
          {"usage.ns", "--ns", quote_value(ns) + " is not a host name (" + h.error().message + ")", "ns1.contoso.com"});
  }
  o.plan_name_servers = ns.empty() && ns_ip.empty();  // --ns/--ns-ip override adplan.json
  if (auto ip = IpAddress::parse(ns_ip.empty() ? "127.0.0.1" : ns_ip))
    o.ns_ip = *ip;
  else
    errors.push_back({"usage.ns-ip", "--ns-ip",
                      quote_value(ns_ip) + " is not an IP address (" + ip.error().message + ")", "127.0.0.1"});
}

}  // namespace adplan::render
