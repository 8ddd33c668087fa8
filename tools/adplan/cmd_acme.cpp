// adplan acme: the ACME order of every certificate of the plan — per name the challenge that can
// work in this scenario and why, the client commands, the web-server pieces — and, with
// --calendar, the renewal dates SC-081 forces (--ics FILE: the same as an iCalendar file).
#include "cmd_acme_calendar.hpp"
#include "commands.hpp"
#include "common.hpp"

#include <adplan/model/email.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/planner/acme.hpp>
#include <adplan/probe/acme_directory.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/render/acme.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

struct AcmeCmdOptions {
  std::string plan = "adplan.json";
  std::string directory;
  std::optional<std::string> challenge, validation_zone, contact, ca_file;
  std::string pki = "pki", webroot = "/var/www/acme";
  AcmeCalendarOptions cal;  // --calendar, --ics, --cert, --force
  bool no_pass_through = false, json = false, check_directory = false;
  double timeout = 10;
};

int run_acme(Context& ctx, const AcmeCmdOptions& o) {
  Errors errors;
  auto loaded = load_plan(ctx, o.plan);
  if (!loaded) append(errors, loaded.error());
  AcmeOptions ao;
  ao.directory = o.directory;
  ao.redirect_pass_through = !o.no_pass_through;
  ao.pki_dir = o.pki;
  ao.webroot = o.webroot;
  if (o.contact) {  // the ACME account's address (RFC 8555 7.3: mailto:), nothing else
    if (auto e = EmailAddress::parse(*o.contact))
      ao.contact = e->str();
    else
      errors.push_back(
          usage_error("contact", "--contact",
                      "\"" + escape_controls(*o.contact) + "\" is not an e-mail address (" + e.error().message + ")",
                      "give the account's e-mail address, for example hostmaster@contoso.com"));
  }
  ao.today = ctx.today();
  if (o.challenge) {
    if (auto c = parse_acme_challenge(*o.challenge))
      ao.challenge = *c;
    else
      errors.push_back(c.error());
  }
  if (o.validation_zone) {
    if (auto z = HostName::parse(*o.validation_zone))
      ao.validation_zone = *z;
    else
      errors.push_back(usage_error("validation-zone", "--validation-zone",
                                   "\"" + *o.validation_zone + "\" is not a host name (" + z.error().message + ")",
                                   "acme.contoso.com"));
  }
  if (auto d = parse_acme_directory(o.directory); !d) errors.push_back(d.error());
  check_seconds(o.timeout, "--timeout", 600, errors);
  if ((o.ca_file || o.timeout != 10) && !o.check_directory)
    errors.push_back(
        usage_error("check-directory", o.ca_file ? "--ca-file" : "--timeout", "goes with --check-directory"));
  if (!errors.empty()) return fail(ctx, errors, o.cal.ics ? Writes::yes : Writes::no);
  const Plan& p = loaded->plan;
  ao.subject = loaded->deployment.subject;

  if (!o.cal.certs.empty() && !o.cal.calendar && !o.cal.ics)
    return fail(ctx, usage_error("cert", "--cert", "goes with --calendar or --ics"));
  if (o.cal.calendar || o.cal.ics) return run_acme_calendar(ctx, p, o.cal);

  auto acme = plan_acme(p, ao);
  if (!acme) return fail(ctx, acme.error());
  if (o.check_directory) {  // the one network request of `adplan acme`: before anything is printed
    probe::AcmeDirectoryOptions dopt;
    dopt.timeout = probe::timeout_of_seconds(o.timeout);  // never 0, curl's "no limit"
    dopt.ca_file = o.ca_file;
    auto checked = probe::check_acme_directory(acme->directory.url, dopt);
    if (!checked) return fail(ctx, checked.error());
    ctx.err << "acme directory " << acme->directory.url << ": newNonce, newAccount and newOrder present ("
            << checked->ms << " ms)\n";
  }
  if (o.json) {
    ctx.out << render::render_acme_json(p, *acme);
  } else {
    auto templates = load_templates("");
    if (!templates) return fail(ctx, templates.error());
    auto text = render::render_acme_orders(p, *acme, *templates);
    if (!text) return fail(ctx, text.error());
    ctx.out << *text;
  }
  return has_errors(acme->findings) ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_acme(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<AcmeCmdOptions>();
  auto* cmd = app.add_subcommand(
      "acme", "the ACME order of every certificate: per name the challenge that works here and why, client commands");
  add_plan_option(*cmd, o->plan);
  cmd->add_option("--acme-directory", o->directory,
                  "production (Let's Encrypt, the default), staging, or an https:// directory URL");
  cmd->add_option("--challenge", o->challenge, "http-01 or dns-01 for every order (default: per name, what works)");
  cmd->add_option("--validation-zone", o->validation_zone,
                  "DNS-01: the zone the _acme-challenge CNAMEs delegate to (default acme.<primary domain>)");
  cmd->add_option("--contact", o->contact, "ACME account e-mail (default hostmaster@<primary domain>)");
  cmd->add_option("--pki", o->pki, "where `adplan csr` wrote <common name>.csr (default pki)");
  cmd->add_option("--webroot", o->webroot, "HTTP-01 webroot on the Linux front end (default /var/www/acme)");
  cmd->add_flag("--no-pass-through", o->no_pass_through,
                "the redirect site redirects every path (the ACME pass-through is not applied)");
  cmd->add_flag("--calendar", o->cal.calendar, "renewal dates for the next two years under the SC-081 schedule");
  cmd->add_option("--cert", o->cal.certs,
                  "--calendar/--ics: a certificate in service (PEM; repeatable): its renewals start a third of its "
                  "lifetime before its notAfter");
  cmd->add_option("--ics", o->cal.ics, "write the renewal dates as an iCalendar file (RFC 5545) for Outlook");
  cmd->add_flag("--force", o->cal.force, "replace an existing --ics file");
  add_json_flag(*cmd, o->json, "format adplan-acme/1");
  cmd->add_flag("--check-directory", o->check_directory,
                "GET the ACME directory first (one request, --timeout, 64 KiB at most) and stop with an error "
                "unless it names newNonce, newAccount and newOrder");
  cmd->add_option("--timeout", o->timeout, "--check-directory: seconds for the request (default 10)");
  cmd->add_option("--ca-file", o->ca_file, "--check-directory: PEM roots to trust besides the system's (a test CA)");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_acme(ctx, *o); }; });
}

}  // namespace adplan::cli
