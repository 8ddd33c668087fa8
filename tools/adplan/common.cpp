#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/deployment_json.hpp>
#include <adplan/scenario/scenario.hpp>

#include <algorithm>
#include <ostream>
#include <string_view>
#include <utility>

namespace adplan::cli {

std::string style(const Context& ctx, std::string_view text, std::string_view sgr) {
  if (!ctx.color) return std::string(text);
  return "\x1b[" + std::string(sgr) + "m" + std::string(text) + "\x1b[0m";
}

// Library errors name the field or parameter; on the command line the flag that set it.
std::string flag_of(const std::string& field) {
  static constexpr std::pair<std::string_view, std::string_view> k_flags[] = {
      {"ca_file", "--ca-file"}, {"chain", "--chain"},           {"csr", "--csr"},
      {"days", "--days"},       {"dns_server", "--dns-server"}, {"key", "--key"},
      {"prefix", "--prefix"},   {"upstream", "--upstream"},     {"view", "--view"},
      {"zone", "--domain"}};
  for (const auto& [name, flag] : k_flags) {
    if (field == name) return std::string(flag);
  }
  return field;
}

void print_errors(Context& ctx, const Errors& errors) {
  for (auto e : errors) {
    e.field = flag_of(e.field);
    ctx.err << "adplan: error: " << e.to_string() << "\n";
  }
  if (errors.size() > 1) ctx.err << "adplan: " << errors.size() << " problems; nothing was written\n";
}

void print_findings(Context& ctx, const std::vector<Finding>& findings) {
  for (const auto& f : findings) {
    std::string_view sgr = f.severity == Severity::Error ? "1;31" : f.severity == Severity::Warning ? "33" : "36";
    ctx.out << "  " << style(ctx, to_string(f.severity), sgr) << " " << f.id << " [" << f.subject << "]\n"
            << "      " << f.message << "\n"
            << "      fix: " << f.remedy << "\n";
    if (!f.evidence.empty()) ctx.out << "      seen: " << f.evidence << "\n";
  }
}

int print_artifact(Context& ctx, const Result<std::string>& text) {
  if (!text) {
    print_errors(ctx, {text.error()});
    return k_exit_usage;
  }
  ctx.out << *text;
  return k_exit_ok;
}

std::optional<Loaded> load_plan_file(Context& ctx, const std::filesystem::path& file) {
  auto text = read_file(file, 4 * 1024 * 1024);
  if (!text) {
    print_errors(ctx, {text.error()});
    return std::nullopt;
  }
  auto d = load_deployment(*text, file.string());
  if (!d) {
    print_errors(ctx, d.error());
    return std::nullopt;
  }
  const Scenario* s = find_scenario(d->scenario);
  Plan p = make_plan(*d, *s, PlanOptions{ctx.today()});
  return Loaded{std::move(*d), std::move(p)};
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& r : rows) {
    if (width.size() < r.size()) width.resize(r.size(), 0);
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line = " ";
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += " " + r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string requirements_table(const std::vector<int>& ids) {
  auto yn = [](bool b) { return std::string(b ? "Yes" : "No"); };
  std::vector<std::vector<std::string>> rows{{"Requirement"}};
  std::vector<std::string> labels{"Primary IP address",
                                  "Secondary IP address",
                                  "Primary public IP resolving to Default Web Site",
                                  "Secondary public IP resolving to Autodiscover Web site",
                                  "# of certificates",
                                  "Modification of SCP object",
                                  "Modification of Web services URLs"};
  for (const auto& l : labels) rows.push_back({l});
  for (int id : ids) {
    const Scenario* s = find_scenario(id);
    const auto& r = s->requirements;
    rows[0].push_back("Scenario " + std::to_string(id));
    rows[1].push_back(yn(r.primary_ip));
    rows[2].push_back(yn(r.secondary_ip));
    rows[3].push_back(yn(r.primary_public_ip));
    rows[4].push_back(yn(r.secondary_public_ip));
    rows[5].push_back(std::to_string(r.certificate_count));
    rows[6].push_back(yn(r.scp_change));
    rows[7].push_back(yn(r.web_services_url_change));
  }
  return table(rows);
}

}  // namespace adplan::cli
