// adplan config: one team's part of the deployment: the Exchange Management Shell script,
// the IIS script, the nginx configuration, the runbook, the expected Autodiscover response or the
// Outlook 2016+ policy (a .reg file, or PowerShell with --format ps1).
#include "commands.hpp"
#include "common.hpp"

#include <adplan/render/autodiscover_xml.hpp>
#include <adplan/render/nginx.hpp>
#include <adplan/render/outlook_policy.hpp>
#include <adplan/render/runbook.hpp>
#include <adplan/render/scripts.hpp>

#include <filesystem>
#include <ostream>

namespace adplan::cli {

namespace {

struct ConfigCmdOptions {
  std::string plan = "adplan.json";
  std::string target;
  std::string format;  // outlook-policy: reg (default) or ps1
  // nginx
  bool standalone = false;
  std::string prefix;
  std::string pki = "pki";
  std::vector<std::string> upstream;
  bool serve = false;
  std::string htpasswd;
  // autodiscover-xml and --serve-autodiscover
  std::string email, display_name;
  std::string templates;
};

std::string absolute(const std::string& path) {
  return std::filesystem::absolute(path).lexically_normal().string();
}

Result<std::string> nginx(const Plan& p, const ConfigCmdOptions& o, const std::optional<render::Mailbox>& mailbox,
                          const render::TemplateSet& t) {
  render::NginxOptions n;
  n.pki_dir = absolute(o.pki);
  n.standalone = o.standalone;
  if (!o.prefix.empty()) n.prefix = absolute(o.prefix);
  for (const auto& u : o.upstream) {
    auto up = render::parse_upstream(u);
    if (!up) return std::unexpected(up.error());
    n.upstream.push_back(*up);
  }
  if (o.serve) {
    auto xml = render::render_autodiscover_xml(p, *mailbox, t);
    if (!xml) return std::unexpected(xml.error());
    n.serve_xml = *xml;
    if (!o.htpasswd.empty()) {
      n.htpasswd = absolute(o.htpasswd);
    } else if (!n.prefix.empty()) {
      n.htpasswd = n.prefix + "/htpasswd";
    } else {
      return std::unexpected(usage_error("htpasswd", "--serve-autodiscover", "needs the Basic auth user file",
                                         "add --htpasswd FILE, or --prefix DIR for DIR/htpasswd"));
    }
  }
  return render::render_nginx(p, n, t);
}

int run_config(Context& ctx, const ConfigCmdOptions& o) {
  bool nginx_flags = o.standalone || !o.prefix.empty() || !o.upstream.empty() || o.serve || !o.htpasswd.empty();
  Errors errors;
  if (o.target != "nginx" && nginx_flags) {
    errors.push_back(
        usage_error("target", "--target",
                    "--standalone, --prefix, --upstream, --serve-autodiscover and --htpasswd are nginx options",
                    "use them with --target nginx"));
  }
  if (o.target != "outlook-policy" && !o.format.empty()) {
    errors.push_back(usage_error("format", "--format", "is an outlook-policy option (reg or ps1)",
                                 "use it with --target outlook-policy"));
  }
  auto loaded = load_plan(ctx, o.plan);
  if (!loaded) append(errors, loaded.error());
  auto templates = load_templates(o.templates);
  if (!templates) errors.push_back(templates.error());
  std::optional<render::Mailbox> mailbox;
  if (loaded && (o.serve || o.target == "autodiscover-xml")) {
    if (auto m = mailbox_option(loaded->plan, o.email, o.display_name))
      mailbox = *m;
    else
      append(errors, m.error());
  }
  if (!errors.empty()) return fail(ctx, errors);
  const Plan& p = loaded->plan;
  Result<std::string> text = std::unexpected(Error{});
  if (o.target == "exchange") {
    text = render::render_exchange_script(p, *templates);
  } else if (o.target == "iis") {
    text = render::render_iis_script(p, *templates);
  } else if (o.target == "nginx") {
    text = nginx(p, o, mailbox, *templates);
  } else if (o.target == "runbook") {
    text = render::render_runbook(p, *templates);
  } else if (o.target == "outlook-policy") {
    text = o.format == "ps1" ? render::render_outlook_policy_ps1(p, *templates)
                             : render::render_outlook_policy_reg(p, *templates);
  } else {
    text = render::render_autodiscover_xml(p, *mailbox, *templates);
  }
  return print_artifact(ctx, text);
}

}  // namespace

void register_config(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<ConfigCmdOptions>();
  auto* cmd = app.add_subcommand("config", "one team's part: Exchange or IIS script, nginx configuration, runbook");
  cmd->add_option("--target", o->target, "exchange, iis, nginx, runbook, autodiscover-xml or outlook-policy")
      ->required()
      ->check(CLI::IsMember({"exchange", "iis", "nginx", "runbook", "autodiscover-xml", "outlook-policy"}));
  cmd->add_option("--format", o->format, "outlook-policy: reg (a registry file, the default) or ps1 (PowerShell)")
      ->check(CLI::IsMember({"reg", "ps1"}));
  add_plan_option(*cmd, o->plan);
  cmd->add_flag("--standalone", o->standalone, "nginx: a whole nginx.conf (needs --prefix), not a conf.d/ include");
  cmd->add_option("--prefix", o->prefix, "nginx: directory for pid, logs and temp files (--standalone)");
  cmd->add_option("--pki", o->pki, "nginx: certificates are <pki>/<common name>.crt and .key (default ./pki)");
  cmd->add_option("--upstream", o->upstream, "nginx: ADDR[:PORT] to proxy to (default: the servers' internal IPs)");
  cmd->add_flag("--serve-autodiscover", o->serve,
                "nginx, for a lab: answer with the plan's Autodiscover response behind Basic auth");
  cmd->add_option("--htpasswd", o->htpasswd,
                  "nginx --serve-autodiscover: Basic auth user file (default <prefix>/htpasswd)");
  cmd->add_option("--email", o->email, "autodiscover-xml: the mailbox (default test@<primary domain>)");
  cmd->add_option("--display-name", o->display_name, "autodiscover-xml: the mailbox's display name");
  cmd->add_option("--templates", o->templates, "directory of .mustache files replacing the built-in ones");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_config(ctx, *o); }; });
}

}  // namespace adplan::cli
