// adplan renew: one renewed certificate's rollout across the pool, as an idempotent script (issue 24).
// The certificate is judged by cert check's rules first; an error refuses it (exit 1) and nothing
// is written. Where the plan has DANE for it, the MX hosts' TLSA records are looked up with DNSSEC
// validation and a new key no record names is refused too (issue 27: dane_flags.hpp,
// verify/renewal_dane.hpp); no other network. libplan builds the steps (planner/renewal.hpp).
#include "commands.hpp"
#include "common.hpp"
#include "dane_flags.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/pki/pki_files.hpp>
#include <adplan/pki/renewal.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

namespace fs = std::filesystem;

struct RenewCmdOptions {
  std::string plan = "adplan.json";
  std::string cert;
  std::optional<std::string> chain, ca_file, key;
  std::string out = "renew";
  bool force = false;
  bool json = false;
  probe::RenewDaneFlags dane;  // issue 27
};

int run_renew(Context& ctx, const RenewCmdOptions& o) {
  Errors errors;
  const probe::RenewDaneRun dane_run = probe::check_renew_dane_flags(o.dane, errors);
  auto loaded = load_plan(ctx, o.plan);
  if (!loaded) append(errors, loaded.error());
  CertCheckInput in;
  in.cert_place = o.cert;
  auto cert = read_file(o.cert, 1 << 20);
  if (!cert) errors.push_back(cert.error());
  read_optional(o.chain, in.chain_pem, errors);
  read_optional(o.ca_file, in.roots_pem, errors);
  if (!errors.empty()) return fail(ctx, errors);
  const Plan& plan = loaded->plan;
  in.cert_pem = std::move(*cert);
  std::optional<std::string> key_file = o.key;
  // As cert check: the key `adplan csr` wrote beside the certificate, when --key is not given.
  auto planned = planned_certificate_for(in.cert_pem, o.cert, plan);
  if (!planned) return fail(ctx, planned.error());
  if (*planned && !key_file) {
    auto paths = pki_paths(fs::path(o.cert).parent_path(), **planned);
    if (std::error_code ec; fs::exists(paths.key, ec)) key_file = paths.key.string();
  }
  read_optional(key_file, in.key_pem, errors);
  if (!errors.empty()) return fail(ctx, errors);
  RenewalCertificate files;
  files.file = o.cert;
  files.key_file = key_file.value_or("");
  files.chain_file = o.chain.value_or("");
  auto checked = check_renewal(in, plan, ctx.now(), files);
  if (!checked) return fail(ctx, checked.error());
  auto findings = checked->check.findings;
  if (has_errors(findings)) {
    return refuse_on_findings(
        ctx, findings, o.json,
        Error{"renew.refused", o.cert, "the certificate breaks the plan's rules (cert check): nothing was written",
              "get a certificate that passes `adplan cert check " + o.cert + "`"});
  }
  auto dane = renewal_dane(plan, checked->certificate.planned_key, in.cert_pem + "\n" + in.chain_pem.value_or(""),
                           o.cert, dane_run);
  if (!dane) return fail(ctx, dane.error());
  findings.insert(findings.end(), dane->findings.begin(), dane->findings.end());
  if (dane->refused) {
    return refuse_on_findings(
        ctx, findings, o.json,
        Error{"renew.refused", o.cert, "DANE senders would refuse the new certificate (see above): nothing was written",
              "publish the TLSA record named above first, or use --ignore-dane in an emergency"});
  }
  const Renewal r = plan_renewal(plan, checked->certificate);
  const fs::path dir = o.out;
  std::vector<OutputFile> out{{dir / "rollout.ps1", renewal_script(r)},
                              {dir / "renew.json", json_text(to_json(r)) + "\n"}};
  if (!write_all(ctx, out, o.force, "--out", "use --force to replace the earlier rollout")) return k_exit_usage;
  if (o.json) {
    auto j = to_json(r);
    j["files"] = nlohmann::ordered_json::array();
    for (const auto& f : out) j["files"].push_back(to_valid_utf8(f.path.string()));
    j["findings"] = adplan::to_json(findings);
    ctx.out << json_text(j) << "\n";
    return k_exit_ok;
  }
  const auto& c = r.certificate;
  ctx.out << "renewal of " << term(c.common_name) << " (" << c.planned_key << "), thumbprint " << c.thumbprint
          << ", valid to " << c.not_after << "\n  TlsCertificateName: " << term(c.tls_certificate_name) << "\n";
  print_findings(ctx, findings);
  ctx.out << "wrote " << term((dir / "rollout.ps1").string()) << " (" << r.steps.size() << " steps, each guarded) and "
          << term((dir / "renew.json").string()) << "\n\n1. the PFX: " << term(r.pfx_command)
          << "\n2. on an Exchange server: .\\rollout.ps1 -PfxPath <the PFX>\n3. " << term(r.verify_command)
          << "\n4. when it passes: .\\rollout.ps1 -PfxPath <the PFX> -Verified (removes the old certificate)\n";
  ctx.out << "win-acme's installation arguments:";
  for (const auto& w : r.win_acme) ctx.out << "\n  " << term(w);
  ctx.out << "\n";
  for (const auto& n : r.notes) ctx.out << "note: " << term(n) << "\n";
  return k_exit_ok;
}

}  // namespace

void register_renew(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<RenewCmdOptions>();
  auto* cmd = app.add_subcommand(
      "renew", "write the rollout of a renewed certificate to every server, load balancer, door and connector");
  cmd->add_option("--cert", o->cert, "the renewed certificate (PEM)")->required();
  cmd->add_option("--chain", o->chain, "intermediate certificates (PEM bundle)");
  cmd->add_option("--ca-file", o->ca_file, "trusted roots (PEM bundle; default: the system's store)");
  cmd->add_option("--key", o->key, "the private key (default: <common name>.key beside the certificate)");
  cmd->add_option("--plan", o->plan, "adplan.json to read (default ./adplan.json)");
  cmd->add_option("--out", o->out, "directory for rollout.ps1 and renew.json (default ./renew)");
  cmd->add_flag("--force", o->force, "replace an earlier rollout in --out");
  cmd->add_flag("--json", o->json, "machine-readable output: the certificate, the steps, the verify gate");
  add_renew_dane_flags(*cmd, o->dane);
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_renew(ctx, *o); }; });
}

}  // namespace adplan::cli
