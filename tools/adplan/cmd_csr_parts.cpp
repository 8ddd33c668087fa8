// adplan csr: the rules, the subject flags and --exchange (see cmd_csr_parts.hpp).
#include "cmd_csr_parts.hpp"

#include <adplan/pki/csr.hpp>
#include <adplan/planner/exchange_request.hpp>

#include <ostream>

namespace adplan::cli {

std::vector<Finding> csr_rule_findings(const Plan& p, const KeySpec& key) {
  std::vector<Finding> out;
  auto append = [&](std::vector<Finding> more) { out.insert(out.end(), more.begin(), more.end()); };
  for (const auto& c : p.certificates) {
    append(check_names(requested_names(c), p.ca));
    append(check_key(key_facts(key), c.common_name.str(), p.ca));
    append(check_exchange_key(key, p.exchange, c.common_name.str()));
  }
  // Names that mix scripts go onto the certificates: the plan's warning is repeated here.
  for (const auto& f : p.findings) {
    if (f.id == "name.mixed-script") out.push_back(f);
  }
  sort_findings(out);
  return out;
}

bool check_subject_flags(const SubjectDraft& subject, Errors& errors) {
  bool ok = true;
  for (const auto& [value, flag] : {std::pair{&subject.organization, "--org"},
                                    {&subject.unit, "--unit"},
                                    {&subject.locality, "--locality"},
                                    {&subject.state, "--state"}}) {
    if (!*value) continue;
    if (auto v = parse_subject_value(**value); !v) {
      errors.push_back(with_flag(v.error(), flag));
      ok = false;
    }
  }
  if (subject.country) {
    if (auto c = parse_country_code(*subject.country); !c) {
      errors.push_back(with_flag(c.error(), "--country"));
      ok = false;
    }
  }
  return ok;
}

int print_exchange_requests(Context& ctx, const Loaded& l, const KeySpec& key, const Subject& subject,
                            const std::vector<Finding>& findings, bool json) {
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  std::string text;
  for (const auto& c : l.plan.certificates) {
    auto r = exchange_request(c, {l.plan.exchange, subject, key, l.deployment.servers.front().name});
    if (!r) return fail(ctx, r.error());
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
    ctx.out << json_text(nlohmann::ordered_json{
                   {"format", "adplan-csr-exchange/1"}, {"exchange", j}, {"findings", to_json(findings)}})
            << "\n";
  } else {
    ctx.out << text;
    print_findings(ctx, findings);
  }
  return has_errors(findings) ? k_exit_findings : k_exit_ok;
}

}  // namespace adplan::cli
