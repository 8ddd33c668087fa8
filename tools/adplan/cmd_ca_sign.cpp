// adplan ca sign: a server certificate from the internal CA for a request of the plan, only
// when the request keeps the plan's and the CA/B Forum's rules.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/pki/ca.hpp>
#include <adplan/pki/pki_files.hpp>

#include <ostream>

namespace adplan::cli {
namespace {

namespace fs = std::filesystem;

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

// Reads each file, or an error with the fix.
std::vector<std::string> read_inputs(const std::vector<fs::path>& files, const std::string& hint, Errors& errors) {
  std::vector<std::string> out;
  for (const auto& f : files) {
    auto text = read_file(f, 1 << 20);
    if (text)
      out.push_back(std::move(*text));
    else
      errors.push_back({text.error().code, text.error().field, text.error().message, hint});
  }
  return out;
}

int run_ca_sign(Context& ctx, const CaSignCmdOptions& o) {
  Errors errors;
  if (o.all == o.csr.has_value()) {
    errors.push_back(usage_error("csr-or-all", "ca sign", "give either a CSR file or --all",
                                 "adplan ca sign pki/mail.contoso.com.csr"));
  }
  if (o.all && o.output)
    errors.push_back(usage_error("output", "-o", "cannot be used with --all", "certificates go beside their requests"));
  auto loaded = load_plan(ctx, o.plan);
  if (!loaded) append(errors, loaded.error());
  if (!errors.empty()) return fail(ctx, errors, Writes::yes);
  const Plan& plan = loaded->plan;
  // The requests to sign and where each certificate goes.
  std::vector<fs::path> csr_files, crt_files;
  for (const auto& c : plan.certificates) {
    if (!o.all) break;
    auto paths = pki_paths(o.pki, c);
    csr_files.push_back(paths.csr);
    crt_files.push_back(paths.crt);
  }
  if (!o.all) {
    csr_files.push_back(*o.csr);
    crt_files.push_back(o.output ? fs::path(*o.output) : fs::path(*o.csr).replace_extension(".crt"));
  }
  auto ca = read_inputs({fs::path(o.dir) / "ca.crt", fs::path(o.dir) / "ca.key"}, "create the CA with `adplan ca init`",
                        errors);
  auto csrs = read_inputs(csr_files, "make it with `adplan csr`", errors);
  auto exists = existing_targets(crt_files, o.force, "use --force to replace it");
  append(errors, exists);
  if (!errors.empty()) return fail(ctx, errors, Writes::yes);
  const int days = o.days.value_or(default_validity_days(ctx.today()));
  std::vector<Finding> findings;
  std::vector<OutputFile> files;
  for (std::size_t i = 0; i < csrs.size(); ++i) {
    auto issued = sign_request(ca[0], ca[1], csrs[i], csr_files[i].string(), plan, {days, ctx.now()}, ctx.rng);
    if (!issued) return fail(ctx, issued.error(), Writes::yes);
    findings.insert(findings.end(), issued->findings.begin(), issued->findings.end());
    if (!issued->cert_pem.empty()) files.push_back({crt_files[i], issued->cert_pem, 0644});
  }
  sort_findings(findings);
  if (has_errors(findings)) {
    return refuse_on_findings(ctx, findings, o.json,
                              {"pki.refused", "ca sign", "the requests break the rules above; nothing was written", ""},
                              {{"format", "adplan-ca-sign/1"}, {"days", days}});
  }
  if (!write_all(ctx, files, o.force)) return k_exit_usage;
  if (o.json) {
    print_files_json(ctx, files, findings, {{"format", "adplan-ca-sign/1"}, {"days", days}});
    return k_exit_ok;
  }
  for (const auto& file : files)
    ctx.out << "wrote " << file.path.string() << " (" << days << " days, CA:FALSE, serverAuth)\n";
  print_findings(ctx, findings);
  return k_exit_ok;
}

}  // namespace

void register_ca_sign(CLI::App& ca, Context& ctx, Runner& run) {
  auto s = std::make_shared<CaSignCmdOptions>();
  auto* sign = ca.add_subcommand("sign", "issue a server certificate for a request of the plan");
  sign->add_option("csr", s->csr, "the request (pki/<common name>.csr)");
  sign->add_flag("--all", s->all, "sign every request of the plan found in --pki");
  sign->add_option("--pki", s->pki, "where --all finds the requests (default ./pki)");
  sign->add_option("--dir", s->dir, "the CA's directory (default ./ca)");
  sign->add_option("-o,--output", s->output, "certificate file (default: the request's path with .crt)");
  sign->add_option("--days", s->days, "validity in days (default: today's public maximum, CA/B Forum ballot SC-081)");
  add_plan_option(*sign, s->plan);
  sign->add_flag("--force", s->force, "replace existing certificates");
  add_json_flag(*sign, s->json);
  sign->callback([&ctx, &run, s] { run = [&ctx, s] { return run_ca_sign(ctx, *s); }; });
}

}  // namespace adplan::cli
