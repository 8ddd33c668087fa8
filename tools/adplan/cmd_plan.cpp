// adplan plan: everything the chosen scenario needs, for people or (--json) for machines.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/planner/plan_json.hpp>
#include <adplan/planner/steps.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

struct PlanCmdOptions {
  std::string plan = "adplan.json";
  bool json = false;
};

void print_plan(Context& ctx, const Plan& p) {
  auto& out = ctx.out;
  auto head = [&](std::string_view t) { out << "\n" << style(ctx, t, "1") << "\n"; };
  out << style(ctx, "Scenario " + std::to_string(p.scenario) + ": " + p.scenario_title, "1") << "\n";
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
  print_findings(ctx, p.findings);
}

int run_plan(Context& ctx, const PlanCmdOptions& o) {
  auto loaded = load_plan_file(ctx, o.plan);
  if (!loaded) return k_exit_usage;
  const Plan& p = loaded->plan;
  if (o.json) {
    ctx.out << to_json(p).dump(2) << "\n";
  } else {
    print_plan(ctx, p);
  }
  return has_errors(p.findings) ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_plan(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<PlanCmdOptions>();
  auto* cmd = app.add_subcommand("plan", "derive and print the plan: requirements, certificates, DNS, SCP, URLs, lint");
  cmd->add_option("--plan", o->plan, "adplan.json to read (default ./adplan.json)");
  cmd->add_flag("--json", o->json, "machine-readable output (documented in README)");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_plan(ctx, *o); }; });
}

}  // namespace adplan::cli
