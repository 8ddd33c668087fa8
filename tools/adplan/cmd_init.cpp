// adplan init: writes adplan.json from flags (or answers at a terminal), never clobbering.
// The document is built and validated by libplan (model/deployment_builder.hpp).
#include "commands.hpp"
#include "common.hpp"
#include "init_mail_flags.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/deployment_builder.hpp>
#include <adplan/model/deployment_json.hpp>
#include <adplan/scenario/scenario.hpp>

#include <filesystem>
#include <ostream>

namespace adplan::cli {
namespace {

struct InitOptions {
  DeploymentDraft draft;             // the flags that fill adplan.json directly
  std::vector<std::string> servers;  // NAME,FQDN,IP[,SITE[,SECONDARY_IP]]
  std::optional<std::string> secondary_ip, services;
  InitMailFlags mail;  // --doors, --mx, --mta-sts, --load-balancer, --extended-protection, --dane
  std::string output = "adplan.json";
  bool force = false;
  bool yes = false;
};

void print_done(Context& ctx, const std::filesystem::path& out, const Scenario& scen, const Prompter& ask,
                const Plan& p) {
  ctx.out << "wrote " << out.string() << ": scenario " << scen.id << " - " << scen.title << "\n";
  if (!ask.defaulted.empty()) {
    ctx.out << "not given, taken from the built-in contoso.com example:";
    for (const auto& d : ask.defaulted) ctx.out << " " << d << ";";
    ctx.out << "\n";
  }
  ctx.out << "\n" << requirements_table({scen.id});
  if (!p.findings.empty()) {
    ctx.out << "\nplan findings:\n";
    print_findings(ctx, p.findings);
  }
  ctx.out << "\nnext: adplan plan" << (out == "adplan.json" ? "" : " --plan " + out.string())
          << "   (then: adplan csr, adplan render)\n";
}

int run_init(Context& ctx, InitOptions o) {
  const std::filesystem::path out = o.output;
  if (auto exists = existing_targets({out}, o.force, "use --force to replace it, or -o FILE to write elsewhere");
      !exists.empty())
    return fail(ctx, exists, Writes::yes);
  DeploymentDraft& d = o.draft;
  Prompter ask{ctx, ctx.interactive && !o.yes, {}};
  std::optional<std::string> choice;
  if (d.scenario) choice = std::to_string(*d.scenario);
  if (!choice && ask.prompt) ctx.out << requirements_table({1, 2, 3, 4});
  ask(choice, "Scenario (1-4, see `adplan scenarios`)", "1", "--scenario");
  auto chosen = choose_scenario(*choice);
  if (!chosen) return fail(ctx, chosen.error());
  const Scenario* scen = *chosen;
  d.scenario = scen->id;
  const bool two_sites = scen->requirements.secondary_ip;
  if (d.domains.empty()) d.domains.push_back(*ask.value("Primary SMTP domain", "contoso.com", "--domain"));
  const std::string domain = d.domains.front();
  ask(d.external_host, "External host name (OWA, Outlook Anywhere)", "mail." + domain, "--external-host");
  ask(d.autodiscover_host, "Autodiscover host name", "autodiscover." + domain, "--autodiscover-host");
  if (o.servers.empty()) {
    o.servers.push_back(*ask.value("Client Access server NAME,FQDN,IP[,SITE]",
                                   "CAS01,cas01." + d.internal_domain.value_or(domain) + ",192.0.2.10", "--server"));
  }
  ask(d.public_ip, "Public IP of the Default Web Site", "203.0.113.10", "--public-ip");
  if (two_sites)
    ask(d.secondary_public_ip, "Second public IP (Autodiscover site)", "203.0.113.11", "--secondary-public-ip");
  ask(d.ca, "Certificate source (public|internal)", "public", "--ca");

  Errors usage;
  for (std::size_t i = 0; i < o.servers.size(); ++i) {
    if (auto s = parse_server_spec(o.servers[i]))
      d.servers.push_back(*s);
    else
      usage.push_back(with_flag(s.error(), "--server #" + std::to_string(i + 1)));
  }
  if (!usage.empty()) return fail(ctx, usage, Writes::yes);
  auto& first = d.servers.front();
  if (o.secondary_ip) {
    first.secondary_ip = o.secondary_ip;
  } else if (two_sites && !first.secondary_ip) {
    ask(first.secondary_ip, "Second IP address on " + first.name, "192.0.2.11", "--secondary-ip");
  }
  if (o.services) d.services = split_list(*o.services, ',');
  apply_init_mail_flags(o.mail, d);

  auto deployment = build_deployment(d);
  if (!deployment) return fail(ctx, deployment.error(), Writes::yes);
  Plan p = make_plan(*deployment, *scen, PlanOptions{ctx.today()});
  if (auto w = write_file_atomic(out, to_json_text(*deployment), {0644, o.force}); !w)
    return fail(ctx, w.error(), Writes::yes);
  print_done(ctx, out, *scen, ask, p);
  return k_exit_ok;
}

}  // namespace

void register_init(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<InitOptions>();
  auto& d = o->draft;
  auto* cmd = app.add_subcommand("init", "write adplan.json: the organisation and the chosen scenario");
  cmd->add_option("--scenario", d.scenario, "scenario 1-4 (see `adplan scenarios`)");
  cmd->add_option("--exchange", d.exchange,
                  "Exchange version: 2007, 2010, 2013, 2016, 2019 or SE (Subscription Edition, the default)");
  cmd->add_option("--domain", d.domains, "SMTP domain (repeatable; the first is primary)");
  cmd->add_option("--external-host", d.external_host,
                  "host name clients use from the Internet (default mail.<domain>)");
  cmd->add_option("--autodiscover-host", d.autodiscover_host, "Autodiscover host (default autodiscover.<domain>)");
  cmd->add_option("--internal-domain", d.internal_domain, "Active Directory namespace when it differs (contoso.local)");
  cmd->add_option("--server", o->servers, "Client Access server NAME,FQDN,IP[,SITE[,SECONDARY_IP]] (repeatable)");
  cmd->add_option("--secondary-ip", o->secondary_ip, "second IP of the first server (scenarios 3, 4)");
  cmd->add_option("--public-ip", d.public_ip, "public IP of the Default Web Site");
  cmd->add_option("--secondary-public-ip", d.secondary_public_ip, "second public IP (scenarios 3, 4)");
  cmd->add_option("--ca", d.ca, "certificate source: public (default) or internal");
  cmd->add_option("--services", o->services,
                  "published services, comma-separated: ews,oab,um,outlook-anywhere,owa,ecp,activesync");
  cmd->add_option("--org", d.subject.organization, "certificate subject O");
  cmd->add_option("--org-unit", d.subject.unit, "certificate subject OU");
  cmd->add_option("--locality", d.subject.locality, "certificate subject L");
  cmd->add_option("--state", d.subject.state, "certificate subject ST");
  cmd->add_option("--country", d.subject.country, "certificate subject C (two letters)");
  cmd->add_option("--dns-ttl", d.dns_ttl, "TTL of planned DNS records in seconds (default 3600)");
  cmd->add_option("--caa-issuer", d.caa_issuers,
                  "CAA issuer domain of a CA that may issue (repeatable; letsencrypt.org for Let's Encrypt)");
  cmd->add_option("--name-server", d.name_servers,
                  "NAME[,IP] a name server of the full zones (repeatable; the IP is needed inside its own zone)");
  cmd->add_option("--exchange-organization", d.exchange_organization,
                  "the Exchange organisation name of the SCP objects (default \"First Organization\")");
  add_init_mail_flags(*cmd, d, o->mail);
  cmd->add_option("-o,--output", o->output, "file to write (default ./adplan.json)");
  cmd->add_flag("--force", o->force, "replace an existing file");
  cmd->add_flag("-y,--yes", o->yes, "ask nothing: the built-in example fills what the flags do not give");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_init(ctx, *o); }; });
}

}  // namespace adplan::cli
