// adplan recommend: which scenario fits, from the constraints the paper weighs.
#include "commands.hpp"
#include "common.hpp"

#include <adplan/planner/recommend.hpp>

#include <nlohmann/json.hpp>

#include <ostream>
#include <tuple>

namespace adplan::cli {
namespace {

struct RecommendOptions {
  std::optional<bool> srv, san, second_ip, hoster;
  bool json = false;
};

int run_recommend(Context& ctx, const RecommendOptions& o) {
  Errors missing;
  for (auto [given, flag, question] : {std::tuple{&o.srv, "--srv", "does your DNS provider publish SRV records?"},
                                       {&o.san, "--san-certificate", "budget for a multi-name certificate?"},
                                       {&o.second_ip, "--second-ip", "a second public IP available?"},
                                       {&o.hoster, "--hoster", "hosting many SMTP domains?"}}) {
    if (!*given)
      missing.push_back(usage_error("missing", "recommend", std::string("missing ") + flag + " yes|no", question));
  }
  if (!missing.empty()) return fail(ctx, missing);
  auto r = recommend(scenarios(), {*o.srv, *o.san, *o.second_ip, *o.hoster});
  std::string init = "adplan init --scenario " + std::to_string(r.scenario) + (r.internal_ca ? " --ca internal" : "");
  if (o.json) {
    nlohmann::ordered_json j{{"format", "adplan-recommend/1"}, {"scenario", r.scenario}, {"internal_ca", r.internal_ca},
                             {"reasons", r.reasons},           {"rejected", r.rejected}, {"next", init}};
    ctx.out << json_text(j) << "\n";
    return k_exit_ok;
  }
  ctx.out << style(ctx, "Scenario " + std::to_string(r.scenario), "1") << (r.internal_ca ? " with an internal CA" : "")
          << "\n";
  for (const auto& reason : r.reasons) ctx.out << "  + " << reason << "\n";
  if (!r.rejected.empty()) ctx.out << "not chosen:\n";
  for (const auto& why : r.rejected) ctx.out << "  - " << why << "\n";
  ctx.out << "next: " << init << " --domain <your domain> ...\n";
  return k_exit_ok;
}

}  // namespace

void register_recommend(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<RecommendOptions>();
  auto* cmd = app.add_subcommand("recommend", "name the scenario that fits your constraints, with reasons");
  auto yesno = [](std::optional<bool>& target) {
    return [&target](const std::string& v) {
      if (v == "yes" || v == "y" || v == "true")
        target = true;
      else if (v == "no" || v == "n" || v == "false")
        target = false;
      else
        throw CLI::ValidationError("expected yes or no, got \"" + v + "\"");
    };
  };
  cmd->add_option_function<std::string>("--srv", yesno(o->srv), "DNS provider publishes SRV records: yes|no");
  cmd->add_option_function<std::string>("--san-certificate", yesno(o->san),
                                        "budget for a multi-name (SAN) certificate: yes|no");
  cmd->add_option_function<std::string>("--second-ip", yesno(o->second_ip), "a second public IP is available: yes|no");
  cmd->add_option_function<std::string>("--hoster", yesno(o->hoster), "hosting many SMTP domains: yes|no");
  add_json_flag(*cmd, o->json);
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_recommend(ctx, *o); }; });
}

}  // namespace adplan::cli
