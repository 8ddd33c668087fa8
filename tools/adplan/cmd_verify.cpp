// adplan verify: check a live deployment the way clients find it, against the plan when
// there is one. Probes (libplan/probe) gather observations; the judge (libplan/verify)
// turns them into findings and the client simulation; this file only wires, and
// verify_report.cpp prints.
#include "commands.hpp"
#include "common.hpp"
#include "ldap_flags.hpp"
#include "verify_bulk.hpp"
#include "verify_dot_flags.hpp"
#include "verify_options.hpp"
#include "verify_report.hpp"
#include "version.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/io/graphviz.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/observe/directory.hpp>
#include <adplan/probe/engine.hpp>
#include <adplan/probe/ldap.hpp>
#include <adplan/probe/pool_members.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/verify/pool_plan.hpp>
#include <adplan/verify/verify_dot.hpp>
#include <adplan/verify/verify_html.hpp>
#include <adplan/verify/verify_json.hpp>
#include <adplan/verify/walk.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>

namespace adplan::cli {
namespace {

// --html FILE|-: the same result as --json, as one page (libplan/verify/verify_html.hpp), with the
// --dot picture inline when Graphviz draws it; FILE is replaced atomically, like --dot's.
int write_verify_html(Context& ctx, const VerifyCmdOptions& o, const VerifyRun& run, const verify::VerifyResult& result,
                      const observe::Observations& obs) {
  verify::VerifyHtmlHeader h;
  h.target = o.target;
  h.domain = obs.domain;
  h.email = obs.email;
  if (run.loaded) h.plan = "scenario " + std::to_string(run.loaded->plan.scenario) + ", " + run.plan_file;
  h.when = run.po.now;
  for (const auto& s : run.po.dns_servers) h.dns_server += (h.dns_server.empty() ? "" : ", ") + s.str();
  const std::string version = version_text();
  h.version = version.substr(0, version.find('\n'));
  h.total_ms = obs.total_ms;
  h.timeout_ms = obs.timeout_ms;
  if (auto svg = run_dot(verify::render_verify_dot(result, obs), "svg"))
    h.picture = std::move(*svg);
  else
    h.picture_note = "Graphviz's dot did not draw it (" + svg.error().message + "); verify --dot FILE writes the DOT";
  const std::string html = verify::render_verify_html(result, h);
  if (o.html == "-") {
    ctx.out << html;
    return 0;
  }
  if (auto w = write_file_atomic(o.html, html, WriteOptions{0644, true}); !w)
    return fail(ctx, with_flag(w.error(), "--html"));
  return 0;
}

int run_verify(Context& ctx, const VerifyCmdOptions& o) {
  auto r = check_verify_options(ctx, o);
  if (!r) return fail(ctx, r.error());
  const Plan* plan = r->loaded ? &r->loaded->plan : nullptr;
  const verify::VerifyOptions vo = r->judge_options(ctx.unix_seconds());
  if (o.bulk.any()) return verify_bulk(ctx, *plan, r->po, vo, o.bulk, 3 * o.timeout);  // verify_bulk.cpp
  if (o.all_domains) return verify_all_domains(ctx, *plan, r->po, vo, o.json);         // verify_report.cpp
  std::optional<observe::ScpObservation> scp;
  if (r->ldap) {  // Outlook's first method inside the domain; its URLs are probed with the rest
    if (r->cleartext_warning) print_warnings(ctx, {*r->cleartext_warning});
    scp = observe_scps(*r->ldap, r->po.domain, o.site);
    r->po.scp_hosts = observe::scp_hosts(*scp);
  }
  probe::HttpEngine engine(r->po.parallel);                        // issue 25: the run's connections, and their counts
  auto obs = probe::run_probes_with_pool(r->po, engine, r->pool);  // issue 24: the pools' members beside
  if (!obs) return fail(ctx, as_error(obs.error(), "input.probe"));
  obs->scp = std::move(scp);
  auto result = verify::verify(*obs, plan, vo);
  if (r->baseline) {  // issue 24: which members changed certificate since the earlier report
    auto drift = verify::compare_pool_baseline(result, *r->baseline);
    result.findings.insert(result.findings.end(), drift.begin(), drift.end());
    sort_findings(result.findings);
  }
  if (int rc = write_verify_dot(ctx, o.dot, result, *obs); rc != 0) return rc;
  if (int rc = o.html.empty() ? 0 : write_verify_html(ctx, o, *r, result, *obs); rc != 0) return rc;
  if (o.json) {
    ctx.out << json_text(verify::to_json(result, obs->total_ms, probe::connection_summary(engine, *obs))) << "\n";
  } else if (o.html != "-") {
    print_report(ctx, result, *obs, r->po, plan, r->plan_file);
  }
  return result.pass() ? k_exit_ok : k_exit_findings;
}

}  // namespace

void register_verify(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<VerifyCmdOptions>();
  auto* cmd = app.add_subcommand("verify", "check the live deployment the way Outlook and ActiveSync clients find it");
  cmd->add_option("target", o->target, "HOST|DOMAIN|EMAIL: the external host, an SMTP domain or an e-mail address");
  add_probe_flags(*cmd, *o);
  cmd->add_option("--email", o->email, "the address whose discovery is walked (its domain is the SMTP domain)");
  cmd->add_option("--parallel", o->parallel,
                  "endpoints probed (connections open) at once, 1-256, default 8; with --all-domains also the "
                  "domains walked at once, each with its own --timeout: the run ends within ceil(domains / N) x "
                  "timeout");
  add_json_flag(*cmd, o->json, "format adplan-verify/1: verdict, findings, checks, clients");
  cmd->add_option("--ldap", o->ldap, "domain-joined clients: read the Autodiscover SCPs from this directory first");
  cmd->add_option("--bind-dn", o->bind_dn, "simple bind DN for --ldap (anonymous without)");
  cmd->add_option("--ldap-password-file", o->ldap_password_file, "file whose first line is the bind password");
  add_ldap_security_flags(*cmd, o->ldap_security);
  add_outlook_flags(*cmd, o->outlook);
  add_verify_dot_flags(*cmd, o->dot);
  cmd->add_option("--html", o->html,
                  "also write the report as one self-contained HTML page into FILE (replaced; - for stdout): "
                  "verdict, each client's steps with evidence and remedies, the path picture, the findings");
  add_bulk_flags(*cmd, o->bulk);
  cmd->add_flag("--no-doors", o->no_doors, "skip the plan's mail doors (SMTP, submission, IMAP, POP) and MTA-STS");
  cmd->add_flag("--no-dane", o->no_dane, "skip the TLSA look-ups of the MX hosts (DANE)");
  cmd->add_option("--dnssec-trust-anchor", o->dnssec_trust_anchor,
                  "DS or DNSKEY records (zone-file form) to validate TLSA from, for private and lab zones "
                  "(default: the root's key, /usr/share/dns/root.key)");
  cmd->add_option("--pki", o->pki, "directory of the keys, for a next-key DANE rollover's next key (default ./pki)");
  cmd->add_option("--cert", o->cert,
                  "PEM certificate every mail door must present (tls.door-mismatch; default: the web door's)");
  cmd->add_option("--baseline", o->baseline,
                  "REPORT.json of an earlier `verify --json`: which pool members changed certificate since "
                  "(tls.pool-renewal-partial when some did and some did not)");
  cmd->add_option("--site", o->site, "the domain-joined client's Active Directory site (SCP ranking)");
  cmd->add_flag("--all-domains", o->all_domains,
                "hosters: walk discovery for every SMTP domain of the plan, one line each");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_verify(ctx, *o); }; });
}

}  // namespace adplan::cli
