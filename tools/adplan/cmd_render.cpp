// adplan render: every artifact of the plan into one directory, never replacing a file
// without --force; the set is written all or nothing (README "Rendered files").
#include "commands.hpp"
#include "common.hpp"
#include "version.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/echo.hpp>
#include <adplan/pki/tls_name.hpp>
#include <adplan/planner/diff.hpp>
#include <adplan/render/artifacts.hpp>
#include <adplan/render/change_plan.hpp>
#include <adplan/render/html_plan.hpp>
#include <adplan/scenario/scenario.hpp>

#include <filesystem>
#include <ostream>

namespace adplan::cli {

namespace {

struct RenderCmdOptions {
  std::string plan = "adplan.json";
  std::string out;
  bool force = false;
  std::string pki = "pki";
  std::string prefix;
  std::vector<std::string> upstream;
  std::string email, display_name;
  std::string ns, ns_ip;  // empty: adplan.json's name_servers, else ns1.<zone> at 127.0.0.1
  std::string templates;
  std::string acme_directory, acme_webroot = "/var/www/acme";  // acme/ (issue 14)
  std::string diff;                                            // --diff OLD: change.md, change.ps1 (issue 16)
  std::string cert;  // --cert CERT: the issued certificate whose TlsCertificateName the connectors get (issue 23)
};

// plan.html (issue 26): the whole plan as one page, with deployment.svg inline when dot drew it.
void add_plan_html(const Plan& p, std::vector<render::Artifact>& artifacts) {
  const std::string version = version_text();
  render::PlanHtmlOptions ho{version.substr(0, version.find('\n')), std::nullopt,
                             "Graphviz's dot is not installed (Debian: graphviz), so there is no deployment.svg"};
  auto svg = std::ranges::find(artifacts, std::string("deployment.svg"), &render::Artifact::path);
  if (svg != artifacts.end()) ho.picture = svg->content;
  artifacts.push_back({"plan.html", render::render_plan_html(p, ho)});
  std::ranges::sort(artifacts, {}, &render::Artifact::path);
}

int run_render(Context& ctx, const RenderCmdOptions& o) {
  Errors errors;
  auto loaded = load_plan(ctx, o.plan);
  if (!loaded) return fail(ctx, loaded.error(), Writes::yes);
  if (!o.cert.empty()) {
    // The connectors' TlsCertificateName from the certificate that was issued (pki/tls_name.hpp).
    auto pem = read_file(o.cert, 1 << 20);
    if (!pem) return fail(ctx, with_flag(pem.error(), "--cert"), Writes::yes);
    auto name = tls_certificate_name(*pem, o.cert);
    if (!name) return fail(ctx, with_flag(name.error(), "--cert"), Writes::yes);
    loaded->plan =
        make_plan(loaded->deployment, *find_scenario(loaded->deployment.scenario), PlanOptions{ctx.today(), *name});
  }
  const Plan& p = loaded->plan;
  auto templates = load_templates(o.templates);
  if (!templates) errors.push_back(templates.error());  // the file is the place
  auto mailbox = mailbox_option(p, o.email, o.display_name);
  if (!mailbox) append(errors, mailbox.error());

  const std::filesystem::path out = std::filesystem::absolute(o.out);
  render::RenderAllOptions ro{{},
                              mailbox.value_or(render::default_mailbox(p)),
                              std::nullopt,
                              *IpAddress::parse("127.0.0.1"),
                              render::zone_serial(ctx.today())};
  ro.nginx.pki_dir = std::filesystem::absolute(o.pki).lexically_normal().string();
  ro.nginx.prefix =
      (o.prefix.empty() ? out / "nginx" : std::filesystem::absolute(o.prefix)).lexically_normal().string();
  render::apply_render_flags(ro, o.upstream, o.ns, o.ns_ip, errors);
  ro.acme.directory = o.acme_directory;
  ro.acme.pki_dir = o.pki;
  ro.acme.webroot = o.acme_webroot;
  ro.acme.subject = loaded->deployment.subject;
  ro.acme.today = ctx.today();
  std::optional<Loaded> old;
  if (!o.diff.empty()) {
    if (auto l = load_plan(ctx, o.diff))
      old = std::move(*l);
    else
      append(errors, l.error());
  }
  if (!errors.empty()) return fail(ctx, errors, Writes::yes);

  auto artifacts = render::render_all(p, ro, *templates);
  if (!artifacts) return fail(ctx, artifacts.error(), Writes::yes);
  add_deployment_svg(ctx, *artifacts);
  add_plan_html(p, *artifacts);
  if (old) {  // the change plan from OLD to this plan, as `adplan diff OLD PLAN` orders it
    for (auto& a : render::render_change_plan(diff_plans(old->plan, p, DiffOptions{o.plan}), o.diff))
      artifacts->push_back(std::move(a));
    std::ranges::sort(*artifacts, {}, &render::Artifact::path);
  }
  // Refuse before writing anything, so a second run without --force changes nothing.
  std::vector<std::filesystem::path> targets;
  for (const auto& a : *artifacts) targets.push_back(out / a.path);
  if (auto exists = existing_targets(targets, o.force,
                                     "use --force to replace the rendered files, or --out DIR for a new directory");
      !exists.empty())
    return fail(ctx, exists, Writes::yes);
  // All or nothing: staged beside the targets, then renamed into place (io/file_set.hpp).
  std::vector<OutputFile> files;
  for (auto& a : *artifacts) files.push_back({out / a.path, std::move(a.content), 0644});
  if (!write_all(ctx, files, o.force, "--out")) return k_exit_usage;
  for (const auto& f : files) ctx.out << "wrote " << f.path.string() << "\n";
  if (has_errors(p.findings)) {
    ctx.err << "adplan: warning: the plan has errors; `adplan plan` shows them and how to fix them\n";
  }
  return k_exit_ok;
}

}  // namespace

void register_render(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<RenderCmdOptions>();
  auto* cmd =
      app.add_subcommand("render", "write every artifact of the plan into a directory (README: Rendered files)");
  cmd->add_option("--out", o->out, "directory to write into")->required();
  cmd->add_flag("--force", o->force, "replace files a previous render wrote");
  add_plan_option(*cmd, o->plan);
  cmd->add_option("--pki", o->pki, "nginx: certificates are <pki>/<common name>.crt and .key (default ./pki)");
  cmd->add_option("--prefix", o->prefix, "nginx: prefix of the standalone configurations (default <out>/nginx)");
  cmd->add_option("--upstream", o->upstream, "nginx: ADDR[:PORT] to proxy to (default: the servers' internal IPs)");
  cmd->add_option("--email", o->email, "autodiscover.xml: the mailbox (default test@<primary domain>)");
  cmd->add_option("--display-name", o->display_name, "autodiscover.xml: the mailbox's display name");
  cmd->add_option("--ns", o->ns, "full zones: the name server (default ns1.<zone>)");
  cmd->add_option("--ns-ip", o->ns_ip, "full zones: the name server's address (default 127.0.0.1, for the lab)");
  cmd->add_option("--acme-directory", o->acme_directory, "acme/: production (default), staging or an https URL");
  cmd->add_option("--acme-webroot", o->acme_webroot, "acme/, nginx: the HTTP-01 webroot (default /var/www/acme)");
  cmd->add_option("--diff", o->diff, "also write change.md and change.ps1: the change plan from this OLD adplan.json");
  cmd->add_option("--cert", o->cert,
                  "exchange.ps1: the issued certificate (PEM) whose TlsCertificateName the connectors get");
  cmd->add_option("--templates", o->templates, "directory of .mustache files replacing the built-in ones");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_render(ctx, *o); }; });
}

}  // namespace adplan::cli
