#include "verify_options.hpp"

#include "dane_flags.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/pki/tlsa.hpp>
#include <adplan/verify/door_plan.hpp>
#include <adplan/verify/pool_plan.hpp>
#include <adplan/verify/walk.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace adplan::cli {

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
  po.timeout = probe::timeout_of_seconds(o.timeout);  // rounded up, never 0 (curl's "no limit")
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
  // Issue 23: every mail door of the plan, unless --no-doors; --cert names what each must present.
  if (plan && !o.no_doors) po.doors = verify::door_plan(*plan);
  if (!o.cert.empty()) {
    std::ifstream in(o.cert);
    std::stringstream text;
    text << in.rdbuf();
    Result<observe::CertificateFacts> facts = std::unexpected(Error{"input.pem", {}, "cannot read it", {}});
    if (in) facts = probe::pem_certificate_facts(text.str());
    if (facts)
      r.door_certificate = *facts;
    else
      add(usage_error("cert", "--cert", "\"" + o.cert + "\": " + facts.error().message + " (give a PEM certificate)"));
  }
  // Issue 24: every member of the plan's pools; --baseline, an earlier report to compare them with.
  if (plan) r.pool = verify::pool_plan(*plan);
  if (!o.baseline.empty()) {
    auto text = read_file(o.baseline, 16 << 20);
    auto doc = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    if (!text)
      add(with_flag(text.error(), "--baseline"));
    else if (!doc.is_object() || doc.value("format", "") != "adplan-verify/1")
      add(usage_error("baseline", "--baseline", "\"" + o.baseline + "\" is not a verify report",
                      "give the output of an earlier `adplan verify --json`"));
    else
      r.baseline = std::move(doc);
  }
  // Issue 27: TLSA of every smtp door host, validated from the root's key or the given anchor --
  // where the plan has DANE or an anchor is given: a plan without DANE verified against a server
  // that cannot reach the root would otherwise read every answer as bogus.
  po.doors.dane = !o.no_dane && ((plan && plan->dane) || !o.dnssec_trust_anchor.empty());
  if (!o.dnssec_trust_anchor.empty()) {
    if (auto text = read_dnssec_trust_anchor(o.dnssec_trust_anchor, errors)) po.doors.dnssec_trust_anchor = *text;
  }
  if (const auto* cert = plan && plan->dane && plan->dane->rollover == DaneRollover::NextKey
                             ? plan->certificate(plan->dane->certificate)
                             : nullptr) {
    auto keys = read_dane_key_files(o.pki, *cert);
    r.dane_next_key = keys.keys.next;
    r.dane_next_key_file = keys.next_file;
  }
  resolve_outlook_flags(o.outlook, plan, po, errors);
  if ((o.all_domains || o.bulk.any()) && !plan && errors.empty())
    add(usage_error("all-domains", o.all_domains ? "--all-domains" : "--domains-file",
                    "needs a plan (--plan FILE or ./adplan.json): its primary domain is what tenants are judged by"));
  if ((o.all_domains || o.bulk.any()) && (!o.email.empty() || !o.ldap.empty()))
    add(usage_error("all-domains", "--all-domains", "walks every domain: leave out --email and --ldap"));
  if (!o.html.empty() && (o.all_domains || o.bulk.any()))
    add(usage_error("html", "--html", "shows one domain in full: leave out --all-domains and --domains-file",
                    "run `adplan verify --email user@<domain> --html FILE` for the domain to show"));
  for (const auto& e : check_output_file(o.html)) add(with_flag(e, "--html"));
  for (const auto& e : check_output_file(o.dot.file)) add(with_flag(e, "--dot"));
  if (o.html == "-" && o.json)
    add(usage_error("html", "--html", "\"-\" (stdout) cannot be used with --json (both print to stdout)",
                    "give --html a file name"));
  if (!errors.empty()) return std::unexpected(errors);
  return r;
}

}  // namespace adplan::cli
