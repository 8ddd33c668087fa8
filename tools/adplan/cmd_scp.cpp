// adplan scp: the Autodiscover SCPs domain-joined Outlook reads from Active Directory —
// planned (per-site order, LDIF) or looked up in a live directory and judged against the plan.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/probe/ldap.hpp>
#include <adplan/verify/scp_judge.hpp>
#include <adplan/planner/scp_plan.hpp>
#include <adplan/io/atomic_file.hpp>
#include <adplan/model/email.hpp>
#include <adplan/planner/plan_json.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>

namespace adplan::cli {
namespace {

struct ScpOptions {
  std::string plan = "adplan.json";
  bool ldif = false;
  std::optional<std::string> ldap;
  std::optional<std::string> bind_dn;
  std::optional<std::string> password_file;
  std::optional<std::string> ca_file;
  bool start_tls = false;
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
    ctx.out << nlohmann::ordered_json{{"scp", j["scp"]}, {"scp_order", j["scp_order"]}}.dump(2) << "\n";
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
  std::optional<Loaded> loaded;
  std::error_code ec;
  bool have_plan = std::filesystem::exists(o.plan, ec);
  if (have_plan || !o.ldap) {
    loaded = load_plan_file(ctx, o.plan);
    if (!loaded) return k_exit_usage;
  }
  if (!o.ldap) return show_planned(ctx, *loaded, o.ldif, o.json);

  LdapOptions lo;
  lo.uri = *o.ldap;
  lo.bind_dn = o.bind_dn;
  lo.ca_file = o.ca_file;
  lo.start_tls = o.start_tls;
  if (o.timeout <= 0 || o.timeout > 300) {
    ctx.err << "adplan: error: --timeout: " << o.timeout << " is out of range (0 < seconds <= 300)\n";
    return k_exit_usage;
  }
  lo.timeout = std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000));
  if (o.password_file) {
    auto pw = read_file(*o.password_file, 4096);
    if (!pw) {
      print_errors(ctx, {pw.error()});
      return k_exit_usage;
    }
    std::string p = *pw;
    while (!p.empty() && (p.back() == '\n' || p.back() == '\r')) p.pop_back();
    lo.password = p;
  }
  std::string domain;
  if (o.email) {
    auto e = EmailAddress::parse(*o.email);
    if (!e) {
      ctx.err << "adplan: error: --email: \"" << *o.email << "\" " << e.error().message
              << " (for example user@contoso.com)\n";
      return k_exit_usage;
    }
    domain = e->domain().str();
  } else if (loaded) {
    domain = loaded->plan.domains.front().str();
  }
  auto result = lookup_scps(lo, domain, o.site);
  DirectoryView view{lo.uri, 0, result.urls, o.site, {}};
  for (const auto& a : result.answers) view.objects += a.objects.size();
  for (const auto& e : result.errors) view.errors.push_back(e.to_string());
  auto findings = judge_directory(view, loaded ? &loaded->plan : nullptr);

  if (o.json) {
    nlohmann::ordered_json j;
    j["verdict"] = has_errors(findings) ? "fail" : "pass";
    auto dirs = nlohmann::ordered_json::array();
    for (const auto& a : result.answers) {
      dirs.push_back({{"uri", a.uri}, {"configuration_nc", a.configuration_nc}, {"objects", a.objects.size()}, {"ms", a.ms}});
    }
    j["directories"] = dirs;
    j["trace"] = result.trace;
    auto urls = nlohmann::ordered_json::array();
    for (const auto& r : result.urls) {
      urls.push_back({{"url", r.url}, {"priority", r.priority}, {"sites", r.sites}, {"dn", r.dn}});
    }
    j["urls"] = urls;
    auto fs = nlohmann::ordered_json::array();
    for (const auto& f : findings) fs.push_back(to_json(f));
    j["findings"] = fs;
    ctx.out << j.dump(2) << "\n";
  } else {
    for (const auto& a : result.answers) {
      ctx.out << "directory " << a.uri << " (" << a.ms << " ms): " << a.configuration_nc << ", " << a.objects.size()
              << " SCP object(s)\n";
    }
    for (const auto& t : result.trace) ctx.out << "  " << t << "\n";
    ctx.out << "order for " << (o.site.empty() ? std::string("a client without a site") : "site " + o.site) << ":\n";
    int n = 1;
    static constexpr const char* k_rank[] = {"", "own site", "no site", "other site"};
    for (const auto& r : result.urls) ctx.out << "  " << n++ << ". " << r.url << "  (" << k_rank[r.priority] << ")\n";
    if (!findings.empty()) ctx.out << "findings:\n";
    print_findings(ctx, findings);
  }
  return has_errors(findings) ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_scp(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<ScpOptions>();
  auto* cmd = app.add_subcommand("scp", "Autodiscover SCPs: the planned per-site order, LDIF, or a live directory look-up");
  cmd->add_option("--plan", o->plan, "adplan.json (default ./adplan.json)");
  cmd->add_flag("--ldif", o->ldif, "print the planned SCP objects as LDIF");
  cmd->add_option("--ldap", o->ldap, "look up SCPs in this directory: ldap://dc01.contoso.com/ or ldaps://...");
  cmd->add_option("--bind-dn", o->bind_dn, "simple bind DN (anonymous without)");
  cmd->add_option("--ldap-password-file", o->password_file, "file holding the bind password");
  cmd->add_option("--ca-file", o->ca_file, "CA certificates for ldaps:// and --starttls");
  cmd->add_flag("--starttls", o->start_tls, "use StartTLS on ldap://");
  cmd->add_option("--site", o->site, "the client's Active Directory site");
  cmd->add_option("--email", o->email, "the user's address (its domain selects pointer SCPs)");
  cmd->add_option("--timeout", o->timeout, "seconds per directory operation (default 5)");
  cmd->add_flag("--json", o->json, "machine-readable output");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_scp(ctx, *o); }; });
}

}  // namespace adplan::cli
