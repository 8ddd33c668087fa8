// adplan ca init: the internal CA (the paper's Windows Certificate Services option); `ca sign`
// is cmd_ca_sign.cpp.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/deployment_builder.hpp>
#include <adplan/pki/ca.hpp>
#include <adplan/pki/pki_files.hpp>

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
  Errors errors;
  auto key = parse_key_spec(o.key);
  if (!key) errors.push_back(with_flag(key.error(), "--key"));
  if (o.days < 1 || o.days > 7305) {
    errors.push_back(usage_error("days", "--days", std::to_string(o.days) + " is out of range",
                                 "use 1..7305 (default 3652, ~10 years)"));
  }
  // The root's subject passes the validator of the plan's subject (csr --org, adplan.json).
  if (auto n = parse_subject_value(o.name); !n) errors.push_back(with_flag(n.error(), "--name"));
  if (auto org = parse_subject_value(o.org); !org) errors.push_back(with_flag(org.error(), "--org"));
  const fs::path key_path = fs::path(o.dir) / "ca.key", crt_path = fs::path(o.dir) / "ca.crt";
  auto exists = existing_targets({key_path, crt_path}, o.force,
                                 "use --force to replace the CA (every certificate it issued stops chaining)");
  append(errors, exists);
  if (!errors.empty()) return fail(ctx, errors, Writes::yes);
  auto ca = make_root_ca({o.name, o.org, *key, o.days}, ctx.now(), ctx.rng);
  if (!write_all(ctx, {{key_path, ca.key_pem, k_key_mode}, {crt_path, ca.cert_pem, 0644}}, o.force, "--dir"))
    return k_exit_usage;
  ctx.out << "wrote " << key_path.string() << " (" << key->str() << ", mode 0600) and " << crt_path.string()
          << " (CN=" << o.name << ", CA:TRUE, " << o.days << " days)\n";
  print_distribution(ctx, crt_path);
  return k_exit_ok;
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
  register_ca_sign(*ca, ctx, run);
}

}  // namespace adplan::cli
