// adplan scp --ldap: the look-up's report (see cmd_scp_lookup.hpp).
#include "cmd_scp_lookup.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace adplan::cli {

void print_scp_lookup(Context& ctx, const observe::ScpLookup& result, const std::vector<Finding>& findings,
                      const std::string& site, bool json) {
  if (json) {
    nlohmann::ordered_json j;
    j["format"] = "adplan-scp-lookup/1";
    j["verdict"] = has_errors(findings) ? "fail" : "pass";
    auto dirs = nlohmann::ordered_json::array();
    for (const auto& a : result.answers) {
      dirs.push_back(
          {{"uri", a.uri}, {"configuration_nc", a.configuration_nc}, {"objects", a.objects.size()}, {"ms", a.ms}});
    }
    j["directories"] = dirs;
    j["trace"] = result.trace;
    auto urls = nlohmann::ordered_json::array();
    for (const auto& r : result.urls) {
      urls.push_back({{"url", r.url}, {"priority", r.priority}, {"sites", r.sites}, {"dn", r.dn}});
    }
    j["urls"] = urls;
    j["findings"] = to_json(findings);
    ctx.out << json_text(j) << "\n";
  } else {
    for (const auto& a : result.answers) {
      ctx.out << "directory " << term(a.uri) << " (" << a.ms << " ms): " << term(a.configuration_nc) << ", "
              << a.objects.size() << " SCP object(s)\n";
    }
    for (const auto& t : result.trace) ctx.out << "  " << term(t) << "\n";
    ctx.out << "order for " << (site.empty() ? std::string("a client without a site") : "site " + site) << ":\n";
    int n = 1;
    static constexpr const char* k_rank[] = {"", "own site", "no site", "other site"};
    for (const auto& r : result.urls)
      ctx.out << "  " << n++ << ". " << term(r.url) << "  (" << k_rank[r.priority] << ")\n";
    if (!findings.empty()) ctx.out << "findings:\n";
    print_findings(ctx, findings);
  }
}

}  // namespace adplan::cli
