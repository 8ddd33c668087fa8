// adplan dns: the plan's DNS records for a view, as BIND zone lines, Windows DNS Server
// PowerShell or JSON; with --full-zone a complete zone that named-checkzone accepts.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/model/echo.hpp>
#include <adplan/pki/tlsa.hpp>
#include <adplan/planner/dane.hpp>
#include <adplan/render/dns_json.hpp>
#include <adplan/render/windows_dns.hpp>
#include <adplan/render/zone.hpp>

#include <ostream>

namespace adplan::cli {

namespace {

struct DnsCmdOptions {
  std::string plan = "adplan.json";
  std::string view = "external";
  std::string format = "bind";
  bool full_zone = false;
  std::string domain;
  std::string ns, ns_ip;  // empty: adplan.json's name_servers, else ns1.<zone> at 127.0.0.1
  std::string templates;
  std::string pki = "pki";  // issue 27: where the keys are, for the MX hosts' TLSA records
};

Result<std::string> full_zone(Context& ctx, const Plan& p, render::View view, const DnsCmdOptions& o,
                              const render::TemplateSet& templates) {
  const std::string name = o.domain.empty() ? p.domains.front().str() : o.domain;
  auto domain = HostName::parse_host(name);
  if (!domain) {
    return std::unexpected(usage_error("domain", "--domain",
                                       quote_value(name) + " is not a host name (" + domain.error().message + ")",
                                       "for example " + p.domains.front().str()));
  }
  render::FullZoneOptions fz{*domain, std::nullopt, *IpAddress::parse("127.0.0.1"), render::zone_serial(ctx.today())};
  if (!o.ns.empty()) {
    auto ns = HostName::parse_host(o.ns);
    if (!ns)
      return std::unexpected(usage_error(
          "ns", "--ns", quote_value(o.ns) + " is not a host name (" + ns.error().message + ")", "ns1." + name));
    fz.ns = *ns;
  }
  fz.plan_name_servers = o.ns.empty() && o.ns_ip.empty();  // --ns/--ns-ip override adplan.json
  auto ip = IpAddress::parse(o.ns_ip.empty() ? "127.0.0.1" : o.ns_ip);
  if (!ip)
    return std::unexpected(usage_error(
        "ns-ip", "--ns-ip", quote_value(o.ns_ip) + " is not an IP address (" + ip.error().message + ")", "127.0.0.1"));
  fz.ns_ip = *ip;
  return render::render_full_zone(p, view, fz, templates);
}

int run_dns(Context& ctx, const DnsCmdOptions& o) {
  Errors errors;
  auto loaded = load_plan(ctx, o.plan);
  if (!loaded) append(errors, loaded.error());
  auto templates = load_templates(o.templates);
  if (!templates) errors.push_back(templates.error());
  auto view = render::parse_view(o.view);
  if (!view) errors.push_back(with_flag(view.error(), "--view"));
  if (o.format != "bind" && (o.full_zone || !o.ns.empty()))
    errors.push_back(usage_error("format", "--full-zone", "is a BIND zone file", "use it with --format bind"));
  if (!o.full_zone && !o.domain.empty())
    errors.push_back(usage_error("domain", "--domain", "chooses the zone of --full-zone", "add --full-zone"));
  if (!errors.empty()) return fail(ctx, errors);
  // Issue 27: the TLSA records are computed from the key files, so they join the plan's records here.
  Plan p = loaded->plan;
  if (const auto* cert = p.dane ? p.certificate(p.dane->certificate) : nullptr) {
    auto keys = read_dane_key_files(o.pki, *cert);
    if (!keys.problems.empty()) return fail(ctx, keys.problems);
    if (*view == render::View::External) {
      auto tlsa = tlsa_records(p, keys.keys);
      p.dns_external.insert(p.dns_external.end(), tlsa.begin(), tlsa.end());
      for (const auto& gap : tlsa_gaps(p, keys.keys)) ctx.err << "adplan: note: " << gap << "\n";
    }
  }
  Result<std::string> text = std::unexpected(Error{});
  if (o.format == "bind") {
    text = o.full_zone ? full_zone(ctx, p, *view, o, *templates) : render::render_zone_records(p, *view, *templates);
  } else if (o.format == "windows") {
    text = render::render_windows_dns(p, *view, *templates);
  } else {
    text = render::render_dns_json(p, *view);
  }
  return print_artifact(ctx, text);
}

}  // namespace

void register_dns(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<DnsCmdOptions>();
  auto* cmd = app.add_subcommand("dns", "the plan's DNS records: BIND zone lines, Windows DNS PowerShell or JSON");
  add_plan_option(*cmd, o->plan);
  cmd->add_option("--view", o->view, "external (the Internet's view) or internal (split-brain)")
      ->check(CLI::IsMember({"external", "internal"}));
  cmd->add_option("--format", o->format, "bind (default), windows or json")
      ->check(CLI::IsMember({"bind", "windows", "json"}));
  cmd->add_flag("--full-zone", o->full_zone, "a complete zone with SOA and NS (bind format)");
  cmd->add_option("--domain", o->domain, "--full-zone: the zone to write (default: the primary SMTP domain)");
  cmd->add_option("--ns", o->ns, "--full-zone: the name server (default ns1.<zone>)");
  cmd->add_option("--ns-ip", o->ns_ip,
                  "--full-zone: the name server's address when inside the zone (default 127.0.0.1)");
  cmd->add_option("--pki", o->pki,
                  "directory of the keys (adplan csr --out), for the MX hosts' TLSA records (default ./pki)");
  cmd->add_option("--templates", o->templates, "directory of .mustache files replacing the built-in ones");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_dns(ctx, *o); }; });
}

}  // namespace adplan::cli
