// adplan csr: a key and a PKCS#10 request for every certificate of the plan (or, with
// --exchange, the New-ExchangeCertificate lines that make them on the Exchange server).
#include "commands.hpp"
#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/pki/csr.hpp>
#include <adplan/pki/name_rules.hpp>
#include <adplan/pki/passphrase.hpp>
#include <adplan/pki/pki_files.hpp>
#include <adplan/planner/exchange_request.hpp>
#include <adplan/planner/plan_json.hpp>

#include <botan/system_rng.h>
#include <nlohmann/json.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

struct CsrCmdOptions {
  std::string plan = "adplan.json";
  std::string out = "pki";
  std::string key = "rsa:2048";
  std::optional<std::string> passphrase_file;
  std::optional<std::string> org, unit, locality, state, country;
  bool force = false;
  bool exchange = false;
  bool json = false;
};

std::vector<Finding> rule_findings(const Plan& p, const KeySpec& key) {
  std::vector<Finding> out;
  auto append = [&](std::vector<Finding> more) { out.insert(out.end(), more.begin(), more.end()); };
  for (const auto& c : p.certificates) {
    append(check_names(requested_names(c), p.ca));
    append(check_key(key_facts(key), c.common_name.str(), p.ca));
    append(check_exchange_key(key, p.exchange, c.common_name.str()));
  }
  sort_findings(out);
  return out;
}

int print_exchange(Context& ctx, const Loaded& l, const KeySpec& key, const Subject& subject,
                   const std::vector<Finding>& findings, bool json) {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  std::string text;
  for (const auto& c : l.plan.certificates) {
    auto r = exchange_request(c, {l.plan.exchange, subject, key, l.deployment.servers.front().name});
    if (!r) {
      print_errors(ctx, {r.error()});
      return k_exit_usage;
    }
    j.push_back({{"certificate", c.key},
                 {"common_name", c.common_name.str()},
                 {"request_file", r->request_path},
                 {"generate", r->generate},
                 {"import", r->import}});
    text += "# " + c.common_name.str() + " (" + c.site + "): make the key and request on the Exchange server\n";
    for (const auto& line : r->generate) text += line + "\n";
    text += "# after the CA has issued " + c.common_name.str() + ".crt:\n" + r->import + "\n\n";
  }
  if (json) {
    nlohmann::ordered_json f = nlohmann::ordered_json::array();
    for (const auto& x : findings) f.push_back(to_json(x));
    ctx.out << nlohmann::ordered_json{{"exchange", j}, {"findings", f}}.dump(2) << "\n";
  } else {
    ctx.out << text;
    print_findings(ctx, findings);
  }
  return has_errors(findings) ? k_exit_findings : k_exit_ok;
}

int run_csr(Context& ctx, const CsrCmdOptions& o) {
  auto key = parse_key_spec(o.key);
  if (!key) {
    print_errors(ctx, {key.error()});
    return k_exit_usage;
  }
  std::optional<std::string> passphrase;
  if (o.passphrase_file) {
    auto p = read_passphrase_file(*o.passphrase_file);
    if (!p) {
      print_errors(ctx, {p.error()});
      return k_exit_usage;
    }
    passphrase = *p;
  }
  auto loaded = load_plan_file(ctx, o.plan);
  if (!loaded) return k_exit_usage;
  const Plan& plan = loaded->plan;
  Subject subject = loaded->deployment.subject;
  for (auto [flag, field] : {std::pair{&o.org, &subject.organization},
                             {&o.unit, &subject.unit},
                             {&o.locality, &subject.locality},
                             {&o.state, &subject.state},
                             {&o.country, &subject.country}}) {
    if (*flag) *field = **flag;
  }
  if (!subject.country.empty() &&
      (subject.country.size() != 2 || !std::isupper(static_cast<unsigned char>(subject.country[0])) ||
       !std::isupper(static_cast<unsigned char>(subject.country[1])))) {
    print_errors(ctx, {{"input.country", "--country", "\"" + subject.country + "\" is not a two-letter country code",
                        "use ISO 3166-1 alpha-2, e.g. US (RFC 5280 appendix A: PrintableString SIZE(2))"}});
    return k_exit_usage;
  }
  auto findings = rule_findings(plan, *key);
  if (o.exchange) return print_exchange(ctx, *loaded, *key, subject, findings, o.json);

  if (has_errors(findings)) {
    if (o.json) {
      nlohmann::ordered_json f = nlohmann::ordered_json::array();
      for (const auto& x : findings) f.push_back(to_json(x));
      ctx.out << nlohmann::ordered_json{{"files", nlohmann::ordered_json::array()}, {"findings", f}}.dump(2) << "\n";
    } else {
      print_findings(ctx, findings);
    }
    ctx.err << "adplan: error: csr: the plan's certificates break rules the "
            << (plan.ca == CertificateSource::Public ? "public" : "internal")
            << " CA enforces; nothing was written (fix adplan.json, see above)\n";
    return k_exit_findings;
  }
  // Refuse before the (slow) key generation when a target exists.
  Errors exists;
  for (const auto& c : plan.certificates) {
    auto paths = pki_paths(o.out, c);
    if (!o.force) std::ranges::move(refuse_existing(std::vector{paths.key, paths.csr}), std::back_inserter(exists));
  }
  if (!exists.empty()) {
    print_errors(ctx, exists);
    return k_exit_usage;
  }
  Botan::System_RNG rng;
  std::vector<OutputFile> files;
  for (const auto& c : plan.certificates) {
    auto pem = make_csr(c, {*key, subject, passphrase}, rng);
    auto paths = pki_paths(o.out, c);
    files.push_back({paths.key, std::move(pem.key_pem), k_key_mode});
    files.push_back({paths.csr, std::move(pem.csr_pem), 0644});
  }
  if (auto w = write_files(files, o.force); !w) {
    print_errors(ctx, w.error());
    return k_exit_usage;
  }
  if (o.json) {
    nlohmann::ordered_json f = nlohmann::ordered_json::array(), written = nlohmann::ordered_json::array();
    for (const auto& x : findings) f.push_back(to_json(x));
    for (const auto& file : files) written.push_back(file.path.string());
    ctx.out << nlohmann::ordered_json{{"files", written}, {"findings", f}}.dump(2) << "\n";
    return k_exit_ok;
  }
  for (const auto& c : plan.certificates) {
    auto paths = pki_paths(o.out, c);
    ctx.out << "wrote " << paths.key.string() << " (" << key->str() << (passphrase ? ", encrypted" : "")
            << ", mode 0600) and " << paths.csr.string() << "\n  SAN:";
    for (const auto& n : c.sans) ctx.out << " " << n.str();
    ctx.out << "\n";
  }
  print_findings(ctx, findings);
  ctx.out << "next: submit the .csr files to the "
          << (plan.ca == CertificateSource::Public ? "public CA" : "internal CA (`adplan ca sign --all`)")
          << ", then `adplan cert check " << o.out << "/<name>.crt`\n";
  return k_exit_ok;
}

}  // namespace

void register_csr(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<CsrCmdOptions>();
  auto* cmd = app.add_subcommand("csr", "write a private key and a PKCS#10 request for every certificate of the plan");
  cmd->add_option("--plan", o->plan, "adplan.json to read (default ./adplan.json)");
  cmd->add_option("--out", o->out, "directory for <common name>.key and .csr (default ./pki)");
  cmd->add_option("--key", o->key, "rsa:2048 (default), rsa:3072, rsa:4096, ec:p256, ec:p384");
  cmd->add_option("--passphrase-file", o->passphrase_file,
                  "encrypt the keys (PKCS#8 PBES2, AES-256) with the file's first line");
  cmd->add_option("--org", o->org, "subject O (default: adplan.json subject)");
  cmd->add_option("--unit", o->unit, "subject OU");
  cmd->add_option("--locality", o->locality, "subject L");
  cmd->add_option("--state", o->state, "subject ST");
  cmd->add_option("--country", o->country, "subject C (two letters)");
  cmd->add_flag("--force", o->force, "replace existing keys and requests");
  cmd->add_flag("--exchange", o->exchange,
                "print the New-ExchangeCertificate lines instead (the key stays on the Exchange server)");
  cmd->add_flag("--json", o->json, "machine-readable output");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_csr(ctx, *o); }; });
}

}  // namespace adplan::cli
