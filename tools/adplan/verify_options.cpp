#include "verify_options.hpp"

#include <adplan/probe/dane_flags.hpp>

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/pki/tlsa.hpp>
#include <adplan/probe/probe_flags.hpp>
#include <adplan/verify/door_plan.hpp>
#include <adplan/verify/pool_plan.hpp>
#include <adplan/verify/walk.hpp>

#include <algorithm>
#include <chrono>

namespace adplan::cli {

void add_probe_flags(CLI::App& cmd, VerifyCmdOptions& o) {
  add_plan_option(cmd, o.plan, true);
  cmd.add_option("--domains-file", o.bulk.domains_file,
                 "hosters: FILE of tenant domains (or e-mail addresses), one a line, # comments, - for stdin; each "
                 "judged as a tenant of the plan's primary domain, beside the plan's domains");
  cmd.add_option("--dns-server", o.dns_servers, "DNS server IP[:PORT] to ask (repeatable; default: the system's)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--ca-file", o.ca_file, "PEM file of CA certificates to trust besides the system store");
  cmd.add_option("--user", o.user, "user name for the Autodiscover POST (with --password-file)");
  cmd.add_option("--password-file", o.password_file, "file whose first line is the password");
  cmd.add_option("--allow-redirect", o.allow_redirect,
                 "HOST outside the plan that may receive the credentials, after a redirect or as a target the "
                 "exporter was asked for (repeatable; the plan's hosts are approved already)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--timeout", o.timeout,
                 "seconds for the whole check, at most 600 (default 10; the exporter's per probe, less when "
                 "Prometheus' scrape timeout is shorter)");
}

void add_outlook_flags(CLI::App& cmd, OutlookFlags& f) {
  // NAME,...: comma-separated, repeatable.
  auto list = [&cmd](const char* name, std::vector<std::string>& into, const char* help) {
    cmd.add_option(name, into, help)
        ->delimiter(',')
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  };
  list("--exclude", f.exclude,
       "METHOD,...: simulate Outlook 2016+'s Exclude* policy for the outlook-2016 client (o365, scp, "
       "root-https, autodiscover-https, http-redirect, srv); every probe and finding stays");
  list("--redirect-servers", f.redirect_servers,
       "HOST,...: the hosts already listed under Outlook's RedirectServers key (KB 2480582): the "
       "outlook-2016 client follows an http redirect to them without the redirect prompt");
  cmd.add_option("--o365-endpoint", f.o365_endpoint,
                 "URL|none: where Exchange Online's claim on the address is asked (Autodiscover v2; default "
                 "https://outlook.office365.com; none skips it)");
}

Checked<VerifyRun> check_verify_options(Context& ctx, const VerifyCmdOptions& o) {
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
  append(errors, probe::apply_probe_flags({o.dns_servers, o.allow_redirect, o.parallel, o.ca_file}, po));
  po.now = ctx.unix_seconds();
  if (o.user.empty() != o.password_file.empty()) {
    add(usage_error("credentials", "--user", "--user and --password-file go together"));
  } else if (!o.user.empty()) {
    if (auto pw = read_secret(ctx, o.password_file, "--password-file", errors)) po.credentials = {{o.user, *pw}};
  }
  check_seconds(o.timeout, "--timeout", 600, errors);
  po.timeout = probe::timeout_of_seconds(o.timeout);  // rounded up, never 0 (curl's "no limit")
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
  // Issue 23: every mail door of the plan, unless --no-doors; --cert names what each must present.
  if (plan && !o.no_doors) po.doors = verify::door_plan(*plan);
  if (!o.cert.empty()) r.door_certificate = probe::read_cert_flag(o.cert, errors);
  // Issue 24: every member of the plan's pools; --baseline, an earlier report to compare them with.
  if (plan) r.pool = verify::pool_plan(*plan);
  if (!o.baseline.empty()) {
    auto text = read_file(o.baseline, 16 << 20);
    auto doc =
        text ? verify::parse_baseline(*text, o.baseline) : std::unexpected(with_flag(text.error(), "--baseline"));
    if (doc)
      r.baseline = std::move(*doc);
    else
      add(doc.error());
  }
  // Issue 27: TLSA of every smtp door host, validated from the root's key or the given anchor --
  // where the plan has DANE or an anchor is given: a plan without DANE verified against a server
  // that cannot reach the root would otherwise read every answer as bogus.
  po.doors.dane = !o.no_dane && ((plan && plan->dane) || !o.dnssec_trust_anchor.empty());
  if (!o.dnssec_trust_anchor.empty()) {
    if (auto text = probe::read_dnssec_trust_anchor(o.dnssec_trust_anchor, errors))
      po.doors.dnssec_trust_anchor = *text;
  }
  if (const auto* cert = plan && plan->dane && plan->dane->rollover == DaneRollover::NextKey
                             ? plan->certificate(plan->dane->certificate)
                             : nullptr) {
    auto keys = read_dane_key_files(o.pki, *cert);
    r.dane_next_key = keys.keys.next;
    r.dane_next_key_file = keys.next_file;
  }
  if (auto outlook =
          verify::check_outlook_flags(o.outlook.exclude, o.outlook.redirect_servers, o.outlook.o365_endpoint)) {
    r.outlook = *outlook;
    po.o365_endpoint = outlook->o365_endpoint;
  } else {
    append(errors, outlook.error());
  }
  // Issue 11: a POX redirect's credentials may follow to every autodiscover.<domain> of the plan.
  for (const auto& d : plan ? plan->domains : std::vector<HostName>{})
    po.approved_hosts.push_back("autodiscover." + d.str());
  const verify::VerifyModes modes{plan != nullptr, o.all_domains, o.bulk.any(), !o.email.empty(),
                                  !o.ldap.empty(), o.json,        o.html};
  append(errors, verify::check_verify_modes(modes, !errors.empty()));
  for (const auto& e : check_output_file(o.html)) add(with_flag(e, "--html"));
  for (const auto& e : check_output_file(o.dot.file)) add(with_flag(e, "--dot"));
  if (!errors.empty()) return std::unexpected(errors);
  return r;
}

}  // namespace adplan::cli
