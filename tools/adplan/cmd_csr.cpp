// adplan csr: a key and a PKCS#10 request for every certificate of the plan (or, with
// --exchange, the New-ExchangeCertificate lines that make them on the Exchange server).
#include "cmd_csr_parts.hpp"
#include "commands.hpp"
#include "common.hpp"

#include <adplan/pki/csr.hpp>
#include <adplan/pki/pki_files.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

struct CsrCmdOptions {
  std::string plan = "adplan.json";
  std::string out = "pki";
  std::string key = "rsa:2048";
  std::optional<std::string> passphrase_file;
  SubjectDraft subject;  // overrides adplan.json's
  bool force = false;
  bool exchange = false;
  bool json = false;
  bool next_key = false;  // issue 27: only the smtp door certificate's next key and request
};

int run_csr(Context& ctx, const CsrCmdOptions& o) {
  Errors errors;
  auto key = parse_key_spec(o.key);
  if (!key) errors.push_back(with_flag(key.error(), "--key"));
  if (o.exchange && o.passphrase_file) {
    errors.push_back(usage_error("conflict", "--passphrase-file",
                                 "cannot be used with --exchange (the key is made and kept on the Exchange server)",
                                 "leave out --passphrase-file, or --exchange to write the keys here"));
  }
  std::optional<std::string> passphrase;
  if (o.passphrase_file && !o.exchange) passphrase = read_secret(ctx, *o.passphrase_file, "--passphrase-file", errors);
  auto loaded = load_plan(ctx, o.plan);
  if (!loaded) append(errors, loaded.error());
  // The flags' subject values pass the validator adplan.json's do, each named by its flag.
  const bool subject_ok = check_subject_flags(o.subject, errors);
  auto subject = override_subject(loaded ? loaded->deployment.subject : Subject{}, o.subject);
  if (!subject && subject_ok) errors.push_back(subject.error());
  if (!errors.empty()) return fail(ctx, errors, Writes::yes);
  const Plan& plan = loaded->plan;
  auto findings = csr_rule_findings(plan, *key);
  if (o.exchange) return print_exchange_requests(ctx, *loaded, *key, *subject, findings, o.json);
  const char* ca = plan.ca == CertificateSource::Public ? "public" : "internal";
  if (has_errors(findings)) {
    return refuse_on_findings(
        ctx, findings, o.json,
        {"pki.refused", "csr",
         std::string("the plan's certificates break rules the ") + ca + " CA enforces; nothing was written",
         "fix adplan.json, see above"},
        {{"format", "adplan-csr/1"}});
  }
  // Issue 27, --next-key: the DANE certificate's next key, made ahead so its TLSA record is out
  // before the switch; every other certificate and the current key are left alone.
  std::vector<const PlannedCertificate*> certs;
  for (const auto& c : plan.certificates) certs.push_back(&c);
  if (o.next_key) {
    const auto* dane = plan.dane ? plan.certificate(plan.dane->certificate) : nullptr;
    if (!dane)
      return fail(ctx,
                  usage_error("next-key", "--next-key", "is for a DANE rollover, and the plan has no DANE certificate",
                              "plan DANE first: adplan init ... --doors smtp --dane --dane-rollover next-key"));
    certs = {dane};
  }
  auto paths_of = [&](const PlannedCertificate& c) {
    return o.next_key ? next_key_paths(o.out, c) : pki_paths(o.out, c);
  };
  // Refuse before the (slow) key generation when a target exists.
  std::vector<std::filesystem::path> targets;
  for (const auto* cp : certs) {
    const auto& c = *cp;
    auto paths = paths_of(c);
    targets.insert(targets.end(), {paths.key, paths.csr});
  }
  if (auto exists = existing_targets(targets, o.force, "use --force to replace it"); !exists.empty())
    return fail(ctx, exists, Writes::yes);
  std::vector<OutputFile> files;
  for (const auto* cp : certs) {
    const auto& c = *cp;
    auto pem = make_csr(c, {*key, *subject, passphrase}, ctx.rng);
    auto paths = paths_of(c);
    files.push_back({paths.key, std::move(pem.key_pem), k_key_mode});
    files.push_back({paths.csr, std::move(pem.csr_pem), 0644});
  }
  if (!write_all(ctx, files, o.force, "--out")) return k_exit_usage;
  if (o.json) {
    print_files_json(ctx, files, findings, {{"format", "adplan-csr/1"}});
    return k_exit_ok;
  }
  for (const auto* cp : certs) {
    const auto& c = *cp;
    auto paths = paths_of(c);
    ctx.out << "wrote " << paths.key.string() << " (" << key->str() << (passphrase ? ", encrypted" : "")
            << ", mode 0600) and " << paths.csr.string() << "\n  SAN:";
    for (const auto& n : c.sans) ctx.out << " " << n.str();
    ctx.out << "\n";
  }
  print_findings(ctx, findings);
  if (o.next_key) {
    ctx.out << "next: publish the next key's TLSA record (`adplan dns --pki " << o.out
            << "`), wait at least 2 x TTL, then renew with this key and request\n";
    return k_exit_ok;
  }
  ctx.out << "next: submit the .csr files to the "
          << (plan.ca == CertificateSource::Public ? "public CA" : "internal CA (`adplan ca sign --all`)")
          << ", then `adplan cert check " << o.out << "/<name>.crt`\n";
  return k_exit_ok;
}

}  // namespace

void register_csr(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<CsrCmdOptions>();
  auto* cmd = app.add_subcommand("csr", "write a private key and a PKCS#10 request for every certificate of the plan");
  add_plan_option(*cmd, o->plan);
  cmd->add_option("--out", o->out, "directory for <common name>.key and .csr (default ./pki)");
  cmd->add_option("--key", o->key, "rsa:2048 (default), rsa:3072, rsa:4096, ec:p256, ec:p384");
  cmd->add_option("--passphrase-file", o->passphrase_file,
                  "encrypt the keys (PKCS#8 PBES2, AES-256) with the file's first line");
  cmd->add_option("--org", o->subject.organization, "subject O (default: adplan.json subject)");
  cmd->add_option("--unit", o->subject.unit, "subject OU");
  cmd->add_option("--locality", o->subject.locality, "subject L");
  cmd->add_option("--state", o->subject.state, "subject ST");
  cmd->add_option("--country", o->subject.country, "subject C (two letters)");
  cmd->add_flag("--force", o->force, "replace existing keys and requests");
  cmd->add_flag("--exchange", o->exchange,
                "print the New-ExchangeCertificate lines instead (the key stays on the Exchange server)");
  cmd->add_flag("--next-key", o->next_key,
                "DANE next-key rollover: write <name>.next.key and .next.csr for the smtp door's certificate only");
  add_json_flag(*cmd, o->json);
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_csr(ctx, *o); }; });
}

}  // namespace adplan::cli
