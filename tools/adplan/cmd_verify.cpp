// adplan verify: check a live deployment the way clients find it, against the plan when
// there is one. Probes (libplan/probe) gather observations; the judge (libplan/verify)
// turns them into findings and the client simulation; this file only wires and prints.
#include "commands.hpp"
#include "common.hpp"
#include "verify_domains.hpp"

#include <adplan/probe/ldap.hpp>
#include <adplan/io/atomic_file.hpp>
#include <adplan/model/email.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/verify/verify.hpp>
#include <adplan/verify/verify_json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>

namespace adplan::cli {
namespace {

struct VerifyCmdOptions {
  std::string target;
  std::string plan;
  std::string email;
  std::vector<std::string> dns_servers;
  std::string ca_file;
  std::string user;
  std::string password_file;
  double timeout = 10;
  bool json = false;
  // Domain-joined clients: the SCP look-up in Active Directory.
  std::string ldap;
  std::string bind_dn;
  std::string ldap_password_file;
  std::string site;
  bool all_domains = false;
};

// Outlook's first method inside the domain: SCPs from the directory (libplan/directory),
// within a share of the whole timeout; their URLs are then probed with everything else.
std::optional<std::string> lookup_directory(const VerifyCmdOptions& o, const std::string& domain,
                                            probe::ProbeOptions& po, observe::ScpObservation& out) {
  LdapOptions lo;
  lo.uri = o.ldap;
  if (!o.bind_dn.empty()) lo.bind_dn = o.bind_dn;
  if (!o.ldap_password_file.empty()) {
    auto text = read_file(o.ldap_password_file, 64 * 1024);
    if (!text) return "--ldap-password-file: " + text.error().to_string();
    lo.password = text->substr(0, text->find_first_of("\r\n"));
  }
  if (!o.ca_file.empty()) lo.ca_file = o.ca_file;
  lo.timeout = std::chrono::milliseconds(static_cast<long>(std::min(o.timeout / 2, 5.0) * 1000));
  auto start = std::chrono::steady_clock::now();
  auto found = lookup_scps(lo, domain, o.site);
  out.directory = o.ldap;
  out.client_site = o.site;
  for (const auto& a : found.answers) out.objects += a.objects.size();
  out.trace = found.trace;
  for (const auto& e : found.errors) out.errors.push_back(e.to_string());
  for (const auto& r : found.urls) {
    auto url = observe::parse_url(r.url);
    if (!url || url->scheme != "https") {
      out.errors.push_back("SCP " + r.dn + ": \"" + r.url + "\" is not an https URL");
      continue;
    }
    out.urls.push_back({r.url, url->host, r.priority, r.sites, r.dn});
    if (std::ranges::find(po.scp_hosts, url->host) == po.scp_hosts.end()) po.scp_hosts.push_back(url->host);
  }
  out.ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
  return std::nullopt;
}

int usage(Context& ctx, const std::string& message) {
  ctx.err << "adplan: error: verify: " << message << "\n";
  return k_exit_usage;
}

std::string sgr_of(verify::CheckStatus status) {
  using enum verify::CheckStatus;
  return status == Ok ? "32" : status == Skip ? "2" : status == Timeout ? "33" : "31";
}

void print_report(Context& ctx, const verify::VerifyResult& r, const observe::Observations& obs, const std::string& title,
                  int total_ms) {
  auto& out = ctx.out;
  out << style(ctx, title, "1") << "\n\n" << style(ctx, "Checks", "1") << "\n";
  std::size_t width = 0;  // subjects aligned, so the details read as a column
  for (const auto& c : r.checks) width = std::max(width, c.subject.size());
  auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); };
  for (const auto& c : r.checks) {
    std::string_view status = verify::to_string(c.status);
    out << "  " << style(ctx, status, sgr_of(c.status)) << std::string(9 - std::min<std::size_t>(8, status.size()), ' ')
        << pad(c.name, 6) << pad(c.subject, width) << "  " << std::to_string(c.ms) << " ms  " << c.detail << "\n";
  }
  out << "\n" << style(ctx, "Findings", "1") << "\n";
  if (r.findings.empty()) out << "  none\n";
  print_findings(ctx, r.findings);
  out << "\n" << style(ctx, "Clients", "1") << "\n";
  for (const auto& c : r.clients) {
    out << "  " << verify::to_string(c.client) << ": "
        << style(ctx, verify::to_string(c.outcome), verify::succeeded(c.outcome) ? "32" : "31") << " ("
        << verify::to_string(c.method) << ") " << c.summary << "\n";
    for (const auto& p : c.prompts) out << "      prompt: " << p << "\n";
    for (const auto& p : c.path) out << "      tried " << p << "\n";
  }
  int errors = 0, warnings = 0;
  for (const auto& f : r.findings) {
    errors += f.severity == Severity::Error;
    warnings += f.severity == Severity::Warning;
  }
  out << "\n"
      << style(ctx, r.pass() ? "PASS" : "FAIL", r.pass() ? "1;32" : "1;31") << ": " << errors << " error(s), "
      << warnings << " warning(s); " << total_ms << " ms (timeout " << obs.timeout_ms << " ms)\n";
}

int run_verify(Context& ctx, const VerifyCmdOptions& o) {
  // The plan: --plan, else ./adplan.json when present, else discovery only.
  std::optional<Loaded> loaded;
  std::string plan_file = o.plan.empty() && std::filesystem::exists("adplan.json") ? "adplan.json" : o.plan;
  if (!plan_file.empty()) {
    loaded = load_plan_file(ctx, plan_file);
    if (!loaded) return k_exit_usage;
  }
  const Plan* plan = loaded ? &loaded->plan : nullptr;

  std::optional<EmailAddress> email;
  if (!o.email.empty()) {
    auto e = EmailAddress::parse(o.email);
    if (!e) return usage(ctx, "--email: \"" + o.email + "\" " + e.error().message);
    email = *e;
  }
  std::optional<HostName> host;  // the positional argument, when it is a host or domain
  if (!o.target.empty()) {
    if (o.target.find('@') != std::string::npos) {
      auto e = EmailAddress::parse(o.target);
      if (!e) return usage(ctx, "\"" + o.target + "\" " + e.error().message);
      if (!email)
        email = *e;
      else
        host = e->domain();
    } else {
      auto h = HostName::parse(o.target);
      if (!h)
        return usage(ctx,
                     "\"" + o.target + "\" is not a host name, domain or e-mail address (" + h.error().message + ")");
      host = *h;
    }
  }
  // The SMTP domain discovery walks: --email, else the plan's primary domain, else the argument.
  std::optional<HostName> domain = email  ? std::optional(email->domain())
                                   : plan ? std::optional(plan->domains.front())
                                          : host;
  if (!domain) return usage(ctx, "give a domain, an e-mail address, --email or a plan (--plan FILE or ./adplan.json)");
  // The argument is an extra host to check unless it is the domain itself.
  if (host && *host == *domain) host.reset();

  probe::ProbeOptions po;
  po.domain = domain->str();
  po.email = email                                   ? email->str()
             : o.user.find('@') != std::string::npos ? o.user
                                                     : "autodiscover-check@" + domain->str();
  if (plan) {
    po.hosts.push_back(plan->external_host.str());
    for (const auto& s : plan->sites) {
      for (const auto& h : s.hosts) po.hosts.push_back(h.str());
    }
    po.https_hosts.push_back(plan->external_host.str());
  }
  if (host) po.https_hosts.push_back(host->str());
  for (const auto& text : o.dns_servers) {
    auto s = probe::parse_dns_server(text);
    if (!s) return usage(ctx, "--dns-server: " + s.error().message);
    po.dns_servers.push_back(*s);
  }
  if (!o.ca_file.empty()) {
    if (!std::filesystem::is_regular_file(o.ca_file))
      return usage(ctx, "--ca-file: \"" + o.ca_file + "\" is not a file");
    po.anchors.ca_file = o.ca_file;
  }
  if (o.user.empty() != o.password_file.empty()) return usage(ctx, "--user and --password-file go together");
  if (!o.user.empty()) {
    auto text = read_file(o.password_file, 64 * 1024);
    if (!text) return usage(ctx, "--password-file: " + text.error().to_string());
    std::string password = text->substr(0, text->find_first_of("\r\n"));
    po.credentials = probe::Credentials{o.user, password};
  }
  if (!(o.timeout > 0 && o.timeout <= 600)) return usage(ctx, "--timeout must be between 0 and 600 seconds");
  po.timeout = std::chrono::milliseconds(static_cast<long>(o.timeout * 1000));

  std::optional<observe::ScpObservation> scp;
  if (!o.ldap.empty()) {
    if (!o.ldap.starts_with("ldap://") && !o.ldap.starts_with("ldaps://"))
      return usage(ctx, "--ldap: \"" + o.ldap + "\" is not an LDAP URI (ldap://dc01.contoso.com/ or ldaps://...)");
    if (!o.ldap_password_file.empty() && o.bind_dn.empty()) return usage(ctx, "--ldap-password-file needs --bind-dn");
    scp.emplace();
    if (auto problem = lookup_directory(o, domain->str(), po, *scp)) return usage(ctx, *problem);
  } else if (!o.site.empty() || !o.bind_dn.empty()) {
    return usage(ctx, "--site and --bind-dn go with --ldap URI");
  }

  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (o.all_domains) {
    if (!plan) return usage(ctx, "--all-domains needs a plan (--plan FILE or ./adplan.json)");
    if (!o.email.empty() || !o.ldap.empty()) return usage(ctx, "--all-domains walks every domain: leave out --email and --ldap");
    return verify_all_domains(ctx, *plan, po, static_cast<std::int64_t>(now), o.json);
  }
  auto obs = probe::run_probes(po);
  if (!obs) return usage(ctx, (obs.error().field == "ca_file" ? "--ca-file " : "") + obs.error().message);
  obs->scp = std::move(scp);
  auto result = verify::verify(*obs, plan, verify::VerifyOptions{{static_cast<std::int64_t>(now), 30}});

  if (o.json) {
    ctx.out << verify::to_json(result, obs->total_ms).dump(2) << "\n";
  } else {
    std::string title = "Autodiscover for " + domain->str() + " (" + po.email + "), " +
                        (plan ? "against the plan (scenario " + std::to_string(plan->scenario) + ", " + plan_file + ")"
                              : std::string("discovery only: no plan"));
    print_report(ctx, result, *obs, title, obs->total_ms);
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
  cmd->add_option("--timeout", o->timeout, "seconds for the whole check (default 10)");
  cmd->add_flag("--json", o->json, "machine-readable output: verdict, findings, checks, clients");
  cmd->add_option("--ldap", o->ldap, "domain-joined clients: read the Autodiscover SCPs from this directory first");
  cmd->add_option("--bind-dn", o->bind_dn, "simple bind DN for --ldap (anonymous without)");
  cmd->add_option("--ldap-password-file", o->ldap_password_file, "file whose first line is the bind password");
  cmd->add_option("--site", o->site, "the domain-joined client's Active Directory site (SCP ranking)");
  cmd->add_flag("--all-domains", o->all_domains, "hosters: walk discovery for every SMTP domain of the plan, one line each");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_verify(ctx, *o); }; });
}

}  // namespace adplan::cli
