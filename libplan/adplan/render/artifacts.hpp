#pragma once
// Every artifact of a plan at once, as (relative path, content) pairs: what `adplan render`
// writes. README "Rendered files" lists the paths.
#include <adplan/planner/acme.hpp>
#include <adplan/render/autodiscover_xml.hpp>
#include <adplan/render/nginx.hpp>
#include <adplan/render/zone.hpp>

#include <string>
#include <vector>

namespace adplan::render {

struct Artifact {
  std::string path;  // relative, '/'-separated: "dns/external.zone"
  std::string content;
};

struct RenderAllOptions {
  NginxOptions nginx;          // pki_dir, upstream, prefix (standalone files)
  Mailbox mailbox;             // autodiscover.xml's user
  std::optional<HostName> ns;  // full zones' name server; default ns1.<zone>
  IpAddress ns_ip;             // its address
  std::uint32_t serial;        // full zones' SOA serial
  AcmeOptions acme{};
  bool plan_name_servers = true;  // full zones: the plan's name_servers; false: ns/ns_ip (--ns, --ns-ip)          //
                                  // acme/: directory, webroot (nginx's too), validation zone, today
};

// render's --upstream ADDR[:PORT] (repeatable), --ns HOST and --ns-ip IP into `o`; "" leaves the
// default (ns1.<zone> at 127.0.0.1, or adplan.json's name servers when neither is given). Every
// problem is added to `errors`, naming its flag.
void apply_render_flags(RenderAllOptions& o, const std::vector<std::string>& upstream, const std::string& ns,
                        const std::string& ns_ip, Errors& errors);

// Sorted by path; deterministic for the same plan and options.
Result<std::vector<Artifact>> render_all(const Plan& p, const RenderAllOptions& options, const TemplateSet& templates);

}  // namespace adplan::render
