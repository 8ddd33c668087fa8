#include "verify_domains.hpp"

#include "common.hpp"

#include <adplan/verify/verify.hpp>
#include <adplan/verify/verify_json.hpp>

#include <atomic>
#include <ostream>
#include <thread>

namespace adplan::cli {
namespace {

// Domains checked at once: each run has its own threads per endpoint, all on one deadline.
constexpr std::size_t k_parallel = 8;

struct DomainRun {
  std::string domain;
  std::string error;  // the probes could not run at all
  verify::VerifyResult result;
  int ms = 0;
};

}  // namespace

int verify_all_domains(Context& ctx, const Plan& plan, const probe::ProbeOptions& base, std::int64_t now, bool json) {
  // The system store and --ca-file, parsed once for every domain.
  auto trust = probe::TrustStore::load(base.anchors);
  if (!trust) {
    ctx.err << "adplan: error: verify: " << (trust.error().field == "ca_file" ? "--ca-file " : "")
            << trust.error().message << "\n";
    return k_exit_usage;
  }
  std::vector<DomainRun> runs;
  for (const auto& d : plan.domains) runs.push_back({d.str(), {}, {}, 0});
  std::atomic<std::size_t> next{0};
  {
    std::vector<std::jthread> workers;
    for (std::size_t w = 0; w < std::min(k_parallel, runs.size()); ++w) {
      workers.emplace_back([&] {
        for (std::size_t i = next++; i < runs.size(); i = next++) {
          probe::ProbeOptions po = base;
          po.domain = runs[i].domain;
          po.email = "autodiscover-check@" + runs[i].domain;
          auto obs = probe::run_probes(po, *trust);
          if (!obs) {
            runs[i].error = obs.error().message;
            continue;
          }
          runs[i].ms = obs->total_ms;
          runs[i].result = verify::verify(*obs, &plan, verify::VerifyOptions{{now, 30}});
        }
      });
    }
  }
  std::size_t failed = 0;
  for (const auto& r : runs) {
    if (!r.error.empty() || !r.result.pass()) ++failed;
  }
  if (json) {
    nlohmann::ordered_json j;
    j["verdict"] = failed ? "fail" : "pass";
    j["domains_checked"] = runs.size();
    j["domains_failed"] = failed;
    auto list = nlohmann::ordered_json::array();
    for (const auto& r : runs) {
      nlohmann::ordered_json one{{"domain", r.domain}};
      if (!r.error.empty()) {
        one["verdict"] = "fail";
        one["error"] = r.error;
      } else {
        auto full = verify::to_json(r.result, r.ms);
        one["verdict"] = full["verdict"];
        one["findings"] = full["findings"];
        one["clients"] = full["clients"];
      }
      list.push_back(one);
    }
    j["domains"] = list;
    ctx.out << j.dump(2) << "\n";
  } else {
    for (const auto& r : runs) {
      if (!r.error.empty()) {
        ctx.out << style(ctx, "FAIL", "1;31") << " " << r.domain << ": " << r.error << "\n";
        continue;
      }
      std::string method = "none";
      for (const auto& c : r.result.clients) {
        if (c.client == verify::Client::OutlookExternal) method = std::string(verify::to_string(c.method));
      }
      std::string errors;
      for (const auto& f : r.result.findings) {
        if (f.severity == Severity::Error) errors += (errors.empty() ? "" : ", ") + f.id;
      }
      ctx.out << (r.result.pass() ? style(ctx, "PASS", "32") : style(ctx, "FAIL", "1;31")) << " " << r.domain
              << "  (outlook-external: " << method << (errors.empty() ? "" : "; errors: " + errors) << ")\n";
    }
    ctx.out << runs.size() << " domain(s) checked, " << failed << " failed"
            << (failed ? "; `adplan verify --email user@<domain>` shows one in full" : "") << "\n";
  }
  return failed ? k_exit_findings : k_exit_ok;
}

}  // namespace adplan::cli
