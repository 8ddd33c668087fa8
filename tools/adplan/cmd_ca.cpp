// adplan ca init | sign: the internal CA (the paper's Windows Certificate Services option).
#include "commands.hpp"
#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/pki/ca.hpp>
#include <adplan/pki/clock.hpp>
#include <adplan/pki/pki_files.hpp>
#include <adplan/planner/plan_json.hpp>

#include <botan/system_rng.h>
#include <nlohmann/json.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

namespace fs = std::filesystem;

struct CaInitCmdOptions {
  std::string dir = "ca";
  std::string key = "rsa:4096";
  std::string name = "adplan Internal Root CA";
  std::string org;
  int days = k_root_validity_days;
  bool force = false;
};

struct CaSignCmdOptions {
  std::string plan = "adplan.json";
  std::optional<std::string> csr;
  std::optional<std::string> output;
  std::string dir = "ca";
  std::string pki = "pki";
  std::optional<int> days;
  bool all = false;
  bool force = false;
  bool json = false;
};

void print_distribution(Context& ctx, const fs::path& crt) {
  ctx.out << "Distribute the root certificate " << crt.string() << " to every client that must trust it\n"
          << "(the paper's Windows Certificate Services option; no public CA vouches for it):\n"
          << "  Group Policy: Computer Configuration > Policies > Windows Settings > Security Settings >\n"
          << "    Public Key Policies > Trusted Root Certification Authorities > Import... " << crt.filename().string()
          << "\n"
          << "  Active Directory (all domain members): certutil -dspublish -f " << crt.filename().string()
          << " RootCA\n"
          << "  One Windows machine: certutil -addstore -f Root " << crt.filename().string()
          << " (or double-click it > Install Certificate > Local Machine > Trusted Root Certification Authorities)\n"
          << "  Phones and non-domain PCs: install it by hand (e-mail or web download), or they will warn on every "
             "connection\n"
          << "  Debian/Ubuntu: cp " << crt.filename().string()
          << " /usr/local/share/ca-certificates/adplan-root.crt && update-ca-certificates\n"
          << "Keep " << (crt.parent_path() / "ca.key").string() << " offline and private (mode 0600).\n";
}

int run_ca_init(Context& ctx, const CaInitCmdOptions& o) {
  auto key = parse_key_spec(o.key);
  if (!key) {
    print_errors(ctx, {key.error()});
    return k_exit_usage;
  }
  if (o.days < 1 || o.days > 7305) {
    print_errors(ctx, {{"input.days", "--days", std::to_string(o.days) + " is out of range",
                        "use 1..7305 (default 3652, ~10 years)"}});
    return k_exit_usage;
  }
  const fs::path key_path = fs::path(o.dir) / "ca.key", crt_path = fs::path(o.dir) / "ca.crt";
  const Errors exists =
      o.force ? Errors{}
              : refuse_existing(std::vector{key_path, crt_path},
                                "use --force to replace the CA (every certificate it issued stops chaining)");
  if (!exists.empty()) {
    print_errors(ctx, exists);
    return k_exit_usage;
  }
  Botan::System_RNG rng;
  auto now = at_time_of_day(ctx.today(), std::chrono::system_clock::now());
  auto ca = make_root_ca({o.name, o.org, *key, o.days}, now, rng);
  std::vector<OutputFile> files{{key_path, ca.key_pem, k_key_mode}, {crt_path, ca.cert_pem, 0644}};
  if (auto w = write_files(files, o.force); !w) {
    print_errors(ctx, w.error());
    return k_exit_usage;
  }
  ctx.out << "wrote " << key_path.string() << " (" << key->str() << ", mode 0600) and " << crt_path.string()
          << " (CN=" << o.name << ", CA:TRUE, " << o.days << " days)\n";
  print_distribution(ctx, crt_path);
  return k_exit_ok;
}

int run_ca_sign(Context& ctx, const CaSignCmdOptions& o) {
  if (o.all == o.csr.has_value()) {
    print_errors(ctx, {{"input.usage", "ca sign", "give either a CSR file or --all",
                        "adplan ca sign pki/mail.contoso.com.csr"}});
    return k_exit_usage;
  }
  if (o.all && o.output) {
    print_errors(ctx, {{"input.usage", "-o", "cannot be used with --all", "certificates go beside their requests"}});
    return k_exit_usage;
  }
  auto loaded = load_plan_file(ctx, o.plan);
  if (!loaded) return k_exit_usage;
  const Plan& plan = loaded->plan;
  // The requests to sign and where each certificate goes.
  std::vector<std::pair<fs::path, fs::path>> jobs;
  if (o.all) {
    for (const auto& c : plan.certificates) {
      auto paths = pki_paths(o.pki, c);
      jobs.emplace_back(paths.csr, paths.crt);
    }
  } else {
    jobs.emplace_back(*o.csr, o.output ? fs::path(*o.output) : fs::path(*o.csr).replace_extension(".crt"));
  }
  Errors errors;
  auto ca_crt = read_file(fs::path(o.dir) / "ca.crt", 1 << 20);
  auto ca_key = read_file(fs::path(o.dir) / "ca.key", 1 << 20);
  for (const auto* r : {&ca_crt, &ca_key}) {
    if (!*r)
      errors.push_back({r->error().code, r->error().field, r->error().message, "create the CA with `adplan ca init`"});
  }
  std::vector<std::string> csrs;
  for (const auto& [csr, crt] : jobs) {
    auto text = read_file(csr, 1 << 20);
    if (!text) {
      errors.push_back({text.error().code, text.error().field, text.error().message, "make it with `adplan csr`"});
    } else {
      csrs.push_back(*text);
    }
    if (!o.force) std::ranges::move(refuse_existing(std::span(&crt, 1)), std::back_inserter(errors));
  }
  if (!errors.empty()) {
    print_errors(ctx, errors);
    return k_exit_usage;
  }
  const int days = o.days.value_or(default_validity_days(ctx.today()));
  Botan::System_RNG rng;
  const SignOptions sign{days, at_time_of_day(ctx.today(), std::chrono::system_clock::now())};
  std::vector<Finding> findings;
  std::vector<OutputFile> files;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto issued = sign_request(*ca_crt, *ca_key, csrs[i], jobs[i].first.string(), plan, sign, rng);
    if (!issued) {
      print_errors(ctx, {issued.error()});
      return k_exit_usage;
    }
    findings.insert(findings.end(), issued->findings.begin(), issued->findings.end());
    if (!issued->cert_pem.empty()) files.push_back({jobs[i].second, issued->cert_pem, 0644});
  }
  sort_findings(findings);
  const bool failed = has_errors(findings);
  if (!failed) {
    if (auto w = write_files(files, o.force); !w) {
      print_errors(ctx, w.error());
      return k_exit_usage;
    }
  }
  if (o.json) {
    nlohmann::ordered_json f = nlohmann::ordered_json::array(), written = nlohmann::ordered_json::array();
    for (const auto& x : findings) f.push_back(to_json(x));
    if (!failed) {
      for (const auto& file : files) written.push_back(file.path.string());
    }
    ctx.out << nlohmann::ordered_json{{"files", written}, {"days", days}, {"findings", f}}.dump(2) << "\n";
  } else {
    if (!failed) {
      for (const auto& file : files)
        ctx.out << "wrote " << file.path.string() << " (" << days << " days, CA:FALSE, serverAuth)\n";
    }
    print_findings(ctx, findings);
    if (failed) ctx.err << "adplan: error: ca sign: the requests break the rules above; nothing was written\n";
  }
  return failed ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_ca(CLI::App& app, Context& ctx, Runner& run) {
  auto* ca = app.add_subcommand("ca", "the internal CA: create a root, issue server certificates");
  ca->require_subcommand(1);

  auto i = std::make_shared<CaInitCmdOptions>();
  auto* init = ca->add_subcommand("init", "create the root CA key (0600) and self-signed certificate");
  init->add_option("--dir", i->dir, "where ca.key and ca.crt go (default ./ca)");
  init->add_option("--key", i->key, "rsa:4096 (default), rsa:2048, rsa:3072, ec:p256, ec:p384");
  init->add_option("--name", i->name, "the root's common name");
  init->add_option("--org", i->org, "the root's organisation (O)");
  init->add_option("--days", i->days, "validity in days (default 3652, ~10 years)");
  init->add_flag("--force", i->force, "replace an existing CA");
  init->callback([&ctx, &run, i] { run = [&ctx, i] { return run_ca_init(ctx, *i); }; });

  auto s = std::make_shared<CaSignCmdOptions>();
  auto* sign = ca->add_subcommand("sign", "issue a server certificate for a request of the plan");
  sign->add_option("csr", s->csr, "the request (pki/<common name>.csr)");
  sign->add_flag("--all", s->all, "sign every request of the plan found in --pki");
  sign->add_option("--pki", s->pki, "where --all finds the requests (default ./pki)");
  sign->add_option("--dir", s->dir, "the CA's directory (default ./ca)");
  sign->add_option("-o,--output", s->output, "certificate file (default: the request's path with .crt)");
  sign->add_option("--days", s->days, "validity in days (default: today's public maximum, CA/B Forum ballot SC-081)");
  sign->add_option("--plan", s->plan, "adplan.json to read (default ./adplan.json)");
  sign->add_flag("--force", s->force, "replace existing certificates");
  sign->add_flag("--json", s->json, "machine-readable output");
  sign->callback([&ctx, &run, s] { run = [&ctx, s] { return run_ca_sign(ctx, *s); }; });
}

}  // namespace adplan::cli
