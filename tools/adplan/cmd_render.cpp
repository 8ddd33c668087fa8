// adplan render: every artifact of the plan into one directory, never replacing a file
// without --force; each file is written atomically (README "Rendered files").
#include "commands.hpp"
#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/render/artifacts.hpp>

#include <algorithm>
#include <cctype>

#include <filesystem>
#include <map>
#include <ostream>

namespace adplan::cli {

// --templates DIR: the embedded templates, with DIR's *.mustache files in their place.
// Shared with cmd_dns.cpp and cmd_config.cpp (declared there).
std::optional<render::TemplateSet> load_templates(Context& ctx, const std::string& dir) {
  if (dir.empty()) return render::TemplateSet{};
  std::map<std::string, std::string, std::less<>> overrides;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    print_errors(ctx,
                 {{"input.templates", dir, "cannot be read: " + ec.message(), "give a directory of .mustache files"}});
    return std::nullopt;
  }
  for (const auto& entry : it) {
    if (entry.path().extension() != ".mustache") continue;
    auto text = read_file(entry.path(), 1024 * 1024);
    if (!text) {
      print_errors(ctx, {text.error()});
      return std::nullopt;
    }
    overrides.emplace(entry.path().filename().string(), std::move(*text));
  }
  auto set = render::TemplateSet::with_overrides(std::move(overrides));
  if (!set) {
    Error e = set.error();
    e.field = (std::filesystem::path(dir) / e.field).string();
    print_errors(ctx, {e});
    return std::nullopt;
  }
  return *set;
}

// --email / --display-name: the mailbox autodiscover.xml answers for (cmd_config.cpp too).
std::optional<render::Mailbox> mailbox_option(Context& ctx, const Plan& p, const std::string& email,
                                              const std::string& display_name) {
  render::Mailbox m = render::default_mailbox(p);
  if (!email.empty()) {
    auto a = EmailAddress::parse(email);
    if (!a) {
      print_errors(ctx,
                   {{"usage.email", "--email", "\"" + email + "\" is not an e-mail address (" + a.error().message + ")",
                     "for example test@" + p.domains.front().str()}});
      return std::nullopt;
    }
    m.address = *a;
  }
  if (!display_name.empty()) {
    bool ok =
        display_name.size() <= 64 && std::ranges::all_of(display_name, [](unsigned char c) {
          return std::isalnum(c) || std::string_view(" .-_'(),&").find(static_cast<char>(c)) != std::string_view::npos;
        });
    if (!ok) {
      print_errors(ctx, {{"usage.display-name", "--display-name",
                          "\"" + display_name + "\" is not a display name adplan accepts",
                          "up to 64 letters, digits, spaces or . - _ ' ( ) , &"}});
      return std::nullopt;
    }
    m.display_name = display_name;
  }
  return m;
}

namespace {

struct RenderCmdOptions {
  std::string plan = "adplan.json";
  std::string out;
  bool force = false;
  std::string pki = "pki";
  std::string prefix;
  std::vector<std::string> upstream;
  std::string email, display_name;
  std::string ns, ns_ip = "127.0.0.1";
  std::string templates;
};

int run_render(Context& ctx, const RenderCmdOptions& o) {
  auto loaded = load_plan_file(ctx, o.plan);
  if (!loaded) return k_exit_usage;
  const Plan& p = loaded->plan;
  auto templates = load_templates(ctx, o.templates);
  auto mailbox = mailbox_option(ctx, p, o.email, o.display_name);
  if (!templates || !mailbox) return k_exit_usage;

  const std::filesystem::path out = std::filesystem::absolute(o.out);
  render::RenderAllOptions ro{
      {}, *mailbox, std::nullopt, *IpAddress::parse("127.0.0.1"), render::zone_serial(ctx.today())};
  ro.nginx.pki_dir = std::filesystem::absolute(o.pki).lexically_normal().string();
  ro.nginx.prefix =
      (o.prefix.empty() ? out / "nginx" : std::filesystem::absolute(o.prefix)).lexically_normal().string();
  Errors errors;
  for (const auto& u : o.upstream) {
    if (auto up = render::parse_upstream(u))
      ro.nginx.upstream.push_back(*up);
    else
      errors.push_back(up.error());
  }
  if (!o.ns.empty()) {
    if (auto h = HostName::parse(o.ns))
      ro.ns = *h;
    else
      errors.push_back(
          {"usage.ns", "--ns", "\"" + o.ns + "\" is not a host name (" + h.error().message + ")", "ns1.contoso.com"});
  }
  if (auto ip = IpAddress::parse(o.ns_ip))
    ro.ns_ip = *ip;
  else
    errors.push_back({"usage.ns-ip", "--ns-ip", "\"" + o.ns_ip + "\" is not an IP address (" + ip.error().message + ")",
                      "127.0.0.1"});
  if (!errors.empty()) {
    print_errors(ctx, errors);
    return k_exit_usage;
  }

  auto artifacts = render::render_all(p, ro, *templates);
  if (!artifacts) {
    print_errors(ctx, {artifacts.error()});
    return k_exit_usage;
  }
  // Refuse before writing anything, so a second run without --force changes nothing.
  if (!o.force) {
    for (const auto& a : *artifacts) {
      std::error_code ec;
      if (std::filesystem::exists(out / a.path, ec)) {
        ctx.err << "adplan: error: " << (out / a.path).string() << ": already exists; nothing was written "
                << "(use --force to replace the rendered files, or --out DIR for a new directory)\n";
        return k_exit_usage;
      }
    }
  }
  for (const auto& a : *artifacts) {
    const auto path = out / a.path;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      print_errors(ctx, {{"io.mkdir", path.parent_path().string(), "cannot be created: " + ec.message(), ""}});
      return k_exit_usage;
    }
    if (auto w = write_file_atomic(path, a.content, WriteOptions{0644, o.force}); !w) {
      print_errors(ctx, {w.error()});
      return k_exit_usage;
    }
    ctx.out << "wrote " << path.string() << "\n";
  }
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
  cmd->add_option("--plan", o->plan, "adplan.json to read (default ./adplan.json)");
  cmd->add_option("--pki", o->pki, "nginx: certificates are <pki>/<common name>.crt and .key (default ./pki)");
  cmd->add_option("--prefix", o->prefix, "nginx: prefix of the standalone configurations (default <out>/nginx)");
  cmd->add_option("--upstream", o->upstream, "nginx: ADDR[:PORT] to proxy to (default: the servers' internal IPs)");
  cmd->add_option("--email", o->email, "autodiscover.xml: the mailbox (default test@<primary domain>)");
  cmd->add_option("--display-name", o->display_name, "autodiscover.xml: the mailbox's display name");
  cmd->add_option("--ns", o->ns, "full zones: the name server (default ns1.<zone>)");
  cmd->add_option("--ns-ip", o->ns_ip, "full zones: the name server's address (default 127.0.0.1, for the lab)");
  cmd->add_option("--templates", o->templates, "directory of .mustache files replacing the built-in ones");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_render(ctx, *o); }; });
}

}  // namespace adplan::cli
