// adplan scp: the Autodiscover SCPs domain-joined Outlook reads from Active Directory —
// planned (per-site order, LDIF) or looked up in a live directory and judged against the plan.
#include "cmd_scp_lookup.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "ldap_flags.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/email.hpp>
#include <adplan/planner/plan_json.hpp>
#include <adplan/planner/scp_plan.hpp>
#include <adplan/probe/ldap.hpp>
#include <adplan/verify/scp_judge.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>
#include <sstream>

namespace adplan::cli {
namespace {

struct ScpOptions {
  std::string plan = "adplan.json";
  bool ldif = false;
  std::optional<std::string> ldap;
  std::optional<std::string> bind_dn;
  std::optional<std::string> password_file;
  std::optional<std::string> ca_file;
  LdapOptions security;  // --starttls, --ldap-trust, --allow-cleartext-bind
  std::string site;
  std::optional<std::string> email;
  double timeout = 5;
  bool json = false;
};

int show_planned(Context& ctx, const Loaded& l, bool ldif, bool json) {
  if (ldif) {
    ctx.out << scp_ldif(l.plan);
    return k_exit_ok;
  }
  if (json) {
    nlohmann::ordered_json j = to_json(l.plan);
    ctx.out << json_text(
                   nlohmann::ordered_json{{"format", "adplan-scp/1"}, {"scp", j["scp"]}, {"scp_order", j["scp_order"]}})
            << "\n";
    return k_exit_ok;
  }
  for (const auto& o : l.plan.scp_order) {
    ctx.out << (o.site == "*" ? std::string("a site without its own SCP") : "site " + o.site) << ":\n";
    int n = 1;
    for (const auto& u : o.urls) ctx.out << "  " << n++ << ". " << u << "\n";
  }
  return k_exit_ok;
}

int run_scp(Context& ctx, const ScpOptions& o) {
  Errors errors;
  // --ldif prints the planned objects: it has no JSON form and looks nothing up.
  if (o.ldif && o.json) {
    errors.push_back(usage_error("conflict", "--ldif", "cannot be used with --json (LDIF is the output format)",
                                 "leave out one of them"));
  }
  if (o.ldif && o.ldap) {
    errors.push_back(usage_error(
        "conflict", "--ldif", "cannot be used with --ldap (--ldif prints the planned SCPs, --ldap looks up live ones)",
        "leave out one of them"));
  }
  if (!errors.empty()) return fail(ctx, errors);
  auto loaded = load_plan_if(ctx, o.plan, !o.ldap, errors);  // a live look-up works without a plan
  if (!o.ldap && (!o.security.trusted_hosts.empty() || o.security.allow_cleartext_bind))
    errors.push_back(usage_error("ldap", o.security.allow_cleartext_bind ? "--allow-cleartext-bind" : "--ldap-trust",
                                 "goes with --ldap URI", "add --ldap ldaps://<domain controller>/"));
  if (!o.ldap) return errors.empty() ? show_planned(ctx, *loaded, o.ldif, o.json) : fail(ctx, errors);

  LdapOptions lo = o.security;
  lo.uri = *o.ldap;
  lo.bind_dn = o.bind_dn;
  lo.ca_file = o.ca_file;
  // Where the password may go is decided here, before any connection (or DNS question).
  auto cleartext_warning = check_ldap_security(lo, errors);
  check_seconds(o.timeout, "--timeout", 300, errors);
  lo.timeout = std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000));
  if (o.password_file) {
    lo.password = read_secret(ctx, *o.password_file, "--ldap-password-file", errors);
  }
  std::string domain = loaded ? loaded->plan.domains.front().str() : "";
  if (o.email) {
    if (auto e = EmailAddress::parse(*o.email))
      domain = e->domain().str();
    else
      errors.push_back(
          usage_error("email", "--email", "\"" + *o.email + "\" " + e.error().message, "for example user@contoso.com"));
  }
  if (!errors.empty()) return fail(ctx, errors);
  if (cleartext_warning) print_warnings(ctx, {*cleartext_warning});
  auto result = lookup_scps(lo, domain, o.site);
  auto findings = judge_directory(directory_view(result, lo.uri, o.site), loaded ? &loaded->plan : nullptr);

  print_scp_lookup(ctx, result, findings, o.site, o.json);
  return has_errors(findings) ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_scp(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<ScpOptions>();
  auto* cmd =
      app.add_subcommand("scp", "Autodiscover SCPs: the planned per-site order, LDIF, or a live directory look-up");
  add_plan_option(*cmd, o->plan);
  cmd->add_flag("--ldif", o->ldif, "print the planned SCP objects as LDIF");
  cmd->add_option("--ldap", o->ldap, "look up SCPs in this directory: ldap://dc01.contoso.com/ or ldaps://...");
  cmd->add_option("--bind-dn", o->bind_dn, "simple bind DN (anonymous without)");
  cmd->add_option("--ldap-password-file", o->password_file, "file holding the bind password");
  cmd->add_option("--ca-file", o->ca_file, "CA certificates for ldaps:// and --starttls");
  add_ldap_security_flags(*cmd, o->security);
  cmd->add_option("--site", o->site, "the client's Active Directory site");
  cmd->add_option("--email", o->email, "the user's address (its domain selects pointer SCPs)");
  cmd->add_option("--timeout", o->timeout, "seconds per directory operation (default 5)");
  add_json_flag(*cmd, o->json);
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_scp(ctx, *o); }; });
}

}  // namespace adplan::cli
