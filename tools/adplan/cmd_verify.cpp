// adplan verify: check a live deployment the way clients find it, against the plan when
// there is one. Probes (libplan/probe) gather observations; the judge (libplan/verify)
// turns them into findings and the client simulation; this file only wires, and
// verify_report.cpp prints.
#include "commands.hpp"
#include "common.hpp"
#include "ldap_flags.hpp"
#include "verify_dot_flags.hpp"
#include "verify_outlook_flags.hpp"
#include "verify_report.hpp"

#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/observe/directory.hpp>
#include <adplan/probe/ldap.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/verify/verify_json.hpp>
#include <adplan/verify/walk.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>

namespace adplan::cli {
namespace {

struct VerifyCmdOptions {
  std::string target, plan, email;
  std::vector<std::string> dns_servers;
  std::string ca_file, user, password_file;
  double timeout = 10;
  int parallel = static_cast<int>(probe::k_default_parallel);
  bool json = false, all_domains = false;
  std::string ldap, bind_dn, ldap_password_file, site;  // domain-joined clients: the SCPs in AD
  std::vector<std::string> allow_redirect;              // redirect targets approved for credentials
  LdapOptions ldap_security;                            // --starttls, --ldap-trust, --allow-cleartext-bind
  OutlookFlags outlook;                                 // --exclude, --o365-endpoint (issue 11)
  VerifyDotFlags dot;                                   // --dot FILE (verify_dot_flags.hpp)
};

// The arguments, checked all at once: what to walk and how.
struct VerifyRun {
  std::optional<Loaded> loaded;
  std::string plan_file;
  probe::ProbeOptions po;
  std::optional<LdapOptions> ldap;
  std::optional<Error> cleartext_warning;  // a cleartext bind --allow-cleartext-bind allowed
};

Checked<VerifyRun> resolve(Context& ctx, const VerifyCmdOptions& o) {
  VerifyRun r;
  Errors errors;
  auto add = [&](Error e) { errors.push_back(std::move(e)); };
  r.plan_file = o.plan.empty() ? "adplan.json" : o.plan;  // --plan, else ./adplan.json when present
  r.loaded = load_plan_if(ctx, r.plan_file, !o.plan.empty(), errors);
  const Plan* plan = r.loaded ? &r.loaded->plan : nullptr;
  auto& po = r.po;
  if (o.target.find('@') != std::string::npos && !o.email.empty()) {
    add(usage_error("conflict", "--email",
                    "cannot be used with an e-mail address as the target (both name the mailbox)",
                    "give the address once, as the target or with --email"));
    return std::unexpected(errors);
  }
  if (auto walk = verify::plan_walk(o.target, o.email, o.user, plan)) {
    po.domain = walk->domain.str();
    po.email = walk->email;
    po.hosts = walk->hosts;
    po.https_hosts = walk->https_hosts;
    po.caa_names = walk->caa_names;  // CAA as the CA reads it (a plan with caa_issuers)
  } else {
    for (auto e : walk.error()) {  // the library names the field; the user typed a flag or the argument
      e.field = e.field == "email" ? "--email" : "verify";
      if (e.code != "input.no-target")
        add(e);
      else if (errors.empty())
        add(usage_error("target", "verify",
                        "give a domain, an e-mail address, --email or a plan (--plan FILE or ./adplan.json)"));
    }
  }
  for (const auto& text : o.dns_servers) {
    if (auto s = probe::parse_dns_server(text))
      po.dns_servers.push_back(*s);
    else
      add(with_flag(as_error(s.error(), "usage.dns-server"), "--dns-server"));
  }
  po.now = ctx.unix_seconds();
  for (const auto& h : o.allow_redirect) {
    if (auto ip = IpAddress::parse_host(h))
      po.allow_redirect.push_back(ip->str());
    else if (auto host = HostName::parse(h, true))
      po.allow_redirect.push_back(host->str());
    else
      add(usage_error("allow-redirect", "--allow-redirect",
                      "\"" + h + "\" is not a host name or address (" + host.error().message + ")"));
  }
  if (!o.ca_file.empty()) po.anchors.ca_file = o.ca_file;
  if (po.anchors.ca_file && !std::filesystem::is_regular_file(o.ca_file))
    add(usage_error("ca-file", "--ca-file", "\"" + o.ca_file + "\" is not a file"));
  if (o.user.empty() != o.password_file.empty()) {
    add(usage_error("credentials", "--user", "--user and --password-file go together"));
  } else if (!o.user.empty()) {
    if (auto pw = read_secret(ctx, o.password_file, "--password-file", errors)) po.credentials = {{o.user, *pw}};
  }
  if (!(o.timeout > 0 && o.timeout <= 600))
    add(usage_error("timeout", "--timeout", "must be between 0 and 600 seconds"));
  po.timeout = std::chrono::milliseconds(static_cast<long>(o.timeout * 1000));
  if (o.parallel < 1 || o.parallel > static_cast<int>(probe::k_max_parallel))
    add(usage_error("parallel", "--parallel", "must be between 1 and " + std::to_string(probe::k_max_parallel)));
  po.parallel = static_cast<std::size_t>(std::clamp(o.parallel, 1, static_cast<int>(probe::k_max_parallel)));
  if (!o.ldap.empty()) {
    if (!o.ldap_password_file.empty() && o.bind_dn.empty())
      add(usage_error("bind-dn", "--ldap-password-file", "needs --bind-dn"));
    auto given = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional(s); };
    r.ldap = o.ldap_security;
    r.ldap->uri = o.ldap;
    r.ldap->bind_dn = given(o.bind_dn);
    r.ldap->ca_file = given(o.ca_file);
    r.cleartext_warning = check_ldap_security(*r.ldap, errors);  // before any connection
    if (!o.ldap_password_file.empty())
      r.ldap->password = read_secret(ctx, o.ldap_password_file, "--ldap-password-file", errors);
    r.ldap->timeout = std::chrono::milliseconds(static_cast<long>(std::min(o.timeout / 2, 5.0) * 1000));
  } else if (!o.site.empty() || !o.bind_dn.empty()) {
    add(usage_error("ldap", "--site", "--site and --bind-dn go with --ldap URI"));
  } else if (o.ldap_security.start_tls || !o.ldap_security.trusted_hosts.empty() ||
             o.ldap_security.allow_cleartext_bind) {
    add(usage_error("ldap", "--ldap-trust", "--starttls, --ldap-trust and --allow-cleartext-bind go with --ldap URI"));
  }
  resolve_outlook_flags(o.outlook, plan, po, errors);
  if (o.all_domains && !plan && errors.empty())
    add(usage_error("all-domains", "--all-domains", "needs a plan (--plan FILE or ./adplan.json)"));
  if (o.all_domains && (!o.email.empty() || !o.ldap.empty()))
    add(usage_error("all-domains", "--all-domains", "walks every domain: leave out --email and --ldap"));
  if (!errors.empty()) return std::unexpected(errors);
  return r;
}

int run_verify(Context& ctx, const VerifyCmdOptions& o) {
  auto r = resolve(ctx, o);
  if (!r) return fail(ctx, r.error());
  const Plan* plan = r->loaded ? &r->loaded->plan : nullptr;
  const verify::VerifyOptions vo{{ctx.unix_seconds()}, excluded_methods(o.outlook), redirect_servers(o.outlook)};
  if (o.all_domains) return verify_all_domains(ctx, *plan, r->po, vo, o.json);  // verify_report.cpp
  std::optional<observe::ScpObservation> scp;
  if (r->ldap) {  // Outlook's first method inside the domain; its URLs are probed with the rest
    if (r->cleartext_warning) print_warnings(ctx, {*r->cleartext_warning});
    scp = observe_scps(*r->ldap, r->po.domain, o.site);
    r->po.scp_hosts = observe::scp_hosts(*scp);
  }
  auto obs = probe::run_probes(r->po);
  if (!obs) return fail(ctx, as_error(obs.error(), "input.probe"));
  obs->scp = std::move(scp);
  auto result = verify::verify(*obs, plan, vo);
  if (int rc = write_verify_dot(ctx, o.dot, result, *obs); rc != 0) return rc;
  if (o.json) {
    ctx.out << json_text(verify::to_json(result, obs->total_ms)) << "\n";
  } else {
    print_report(ctx, result, *obs, r->po, plan, r->plan_file);
  }
  return result.pass() ? k_exit_ok : k_exit_findings;
}

}  // namespace

void register_verify(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<VerifyCmdOptions>();
  auto* cmd = app.add_subcommand("verify", "check the live deployment the way Outlook and ActiveSync clients find it");
  cmd->add_option("target", o->target, "HOST|DOMAIN|EMAIL: the external host, an SMTP domain or an e-mail address");
  cmd->add_option("--plan", o->plan, "adplan.json to compare with (default ./adplan.json when present)");
  cmd->add_option("--email", o->email, "the address whose discovery is walked (its domain is the SMTP domain)");
  cmd->add_option("--dns-server", o->dns_servers, "DNS server IP[:PORT] to ask (repeatable; default: the system's)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--ca-file", o->ca_file, "PEM file of CA certificates to trust besides the system store");
  cmd->add_option("--user", o->user, "user name for the Autodiscover POST (with --password-file)");
  cmd->add_option("--password-file", o->password_file, "file whose first line is the password");
  cmd->add_option("--allow-redirect", o->allow_redirect,
                  "HOST a redirect may lead the credentials to (repeatable; the plan's hosts are approved already)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--timeout", o->timeout, "seconds for the whole check (default 10)");
  cmd->add_option("--parallel", o->parallel,
                  "endpoints probed (connections open) at once, 1-256, default 8; with --all-domains also the "
                  "domains walked at once, each with its own --timeout: the run ends within ceil(domains / N) x "
                  "timeout");
  cmd->add_flag("--json", o->json, "machine-readable output: verdict, findings, checks, clients");
  cmd->add_option("--ldap", o->ldap, "domain-joined clients: read the Autodiscover SCPs from this directory first");
  cmd->add_option("--bind-dn", o->bind_dn, "simple bind DN for --ldap (anonymous without)");
  cmd->add_option("--ldap-password-file", o->ldap_password_file, "file whose first line is the bind password");
  add_ldap_security_flags(*cmd, o->ldap_security);
  add_outlook_flags(*cmd, o->outlook);
  add_verify_dot_flags(*cmd, o->dot);
  cmd->add_option("--site", o->site, "the domain-joined client's Active Directory site (SCP ranking)");
  cmd->add_flag("--all-domains", o->all_domains,
                "hosters: walk discovery for every SMTP domain of the plan, one line each");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_verify(ctx, *o); }; });
}

}  // namespace adplan::cli
