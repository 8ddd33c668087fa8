// adplan cert check: judge a certificate the CA sent back against the plan, with OpenSSL,
// before anyone installs it.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/pki/cert_check.hpp>
#include <adplan/pki/pki_files.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

namespace fs = std::filesystem;

struct CertCheckCmdOptions {
  std::string plan = "adplan.json";
  std::string cert;
  std::optional<std::string> chain, ca_file, key, csr, passphrase_file;
  bool json = false;
};

int run_cert_check(Context& ctx, const CertCheckCmdOptions& o) {
  Errors errors;
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
  std::optional<std::string> key_file = o.key, csr_file = o.csr;
  // By default the key and request `adplan csr` wrote beside the certificate.
  auto planned = planned_certificate_for(in.cert_pem, o.cert, plan);
  if (!planned) return fail(ctx, planned.error());
  if (*planned && !key_file && !csr_file) {
    auto paths = pki_paths(fs::path(o.cert).parent_path(), **planned);
    std::error_code ec;
    if (fs::exists(paths.key, ec)) key_file = paths.key.string();
    if (fs::exists(paths.csr, ec)) csr_file = paths.csr.string();
  }
  read_optional(key_file, in.key_pem, errors);
  read_optional(csr_file, in.csr_pem, errors);
  if (o.passphrase_file) in.passphrase = read_secret(ctx, *o.passphrase_file, "--passphrase-file", errors);
  if (!errors.empty()) return fail(ctx, errors);
  auto result = check_certificate(in, plan, ctx.now());
  if (!result) return fail(ctx, result.error());
  const auto& f = result->facts;
  if (o.json) {
    ctx.out << json_text(nlohmann::ordered_json{{"format", "adplan-cert-check/1"},
                                                {"certificate", to_valid_utf8(o.cert)},
                                                {"planned", result->planned_key},
                                                {"common_name", f.common_name},
                                                {"dns_names", f.dns},
                                                {"not_before", f.not_before},
                                                {"not_after", f.not_after},
                                                {"key", f.key},
                                                {"signature", f.signature},
                                                {"renewal_due", f.renewal_due},
                                                {"next_max_validity_days", f.next_max_validity_days},
                                                {"tls_certificate_name", f.tls_certificate_name},
                                                {"key_file", to_valid_utf8(key_file.value_or(""))},
                                                {"csr_file", to_valid_utf8(csr_file.value_or(""))},
                                                {"findings", to_json(result->findings)}})
            << "\n";
  } else {
    ctx.out << style(ctx, term(o.cert), "1") << ": CN=" << term(f.common_name) << ", " << f.key << ", " << f.signature
            << "\n  valid " << f.not_before << " to " << f.not_after << "\n  renewal due " << f.renewal_due
            << "; a certificate issued then lives at most " << f.next_max_validity_days
            << " days (CA/B Forum ballot SC-081)\n  SAN:";
    for (const auto& d : f.dns) ctx.out << " " << term(d);
    ctx.out << "\n  TlsCertificateName: " << term(f.tls_certificate_name) << "\n";
    if (result->findings.empty()) ctx.out << "  no findings: ready to install\n";
    print_findings(ctx, result->findings);
  }
  return has_errors(result->findings) ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_cert(CLI::App& app, Context& ctx, Runner& run) {
  auto* cert = app.add_subcommand("cert", "certificates the CA sent back");
  cert->require_subcommand(1);
  auto o = std::make_shared<CertCheckCmdOptions>();
  auto* check =
      cert->add_subcommand("check", "check a certificate against the plan (names, key, chain, dates, algorithms)");
  check->add_option("cert", o->cert, "the certificate (PEM), e.g. pki/mail.contoso.com.crt")->required();
  check->add_option("--chain", o->chain, "intermediate certificates (PEM bundle)");
  check->add_option("--ca-file", o->ca_file, "trusted roots (PEM bundle; default: the system's store)");
  check->add_option("--key", o->key, "the private key (default: <common name>.key beside the certificate)");
  check->add_option("--csr", o->csr, "the request (default: <common name>.csr beside the certificate)");
  check->add_option("--passphrase-file", o->passphrase_file, "passphrase of an encrypted key");
  add_plan_option(*check, o->plan);
  add_json_flag(*check, o->json);
  check->callback([&ctx, &run, o] { run = [&ctx, o] { return run_cert_check(ctx, *o); }; });
}

}  // namespace adplan::cli
