// adplan exporter: verify as a Prometheus exporter, blackbox_exporter's way (issue 13). Prometheus
// asks GET /probe?target=<domain> for each target of a multi-target job (relabel_configs put the
// target in the query); each answer is one verify of that domain, judged as a tenant of the plan.
// /metrics is the exporter's own. Only the plan's domains and --domains-file's are probed unless
// --allow-any-target; at most --max-concurrent probes at once; each answer within the scrape's
// timeout, the wait for a slot included. Each probe and judgement reads the context's clock at
// that moment. Credentials go only to the plan's hosts and --allow-redirect's: a tenant's or a
// scraper-chosen domain's own names are probed without them (issue 21). Which targets, how long
// and the metrics are libplan's (verify/exporter_policy.hpp, verify/verify_metrics.hpp);
// /probe?target=D&format=json answers verify --json's document instead (verify/verify_json.hpp).
#include "commands.hpp"
#include "common.hpp"
#include "verify_options.hpp"

#include <adplan/probe/engine.hpp>
#include <adplan/probe/pool_members.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/serve/http_server.hpp>
#include <adplan/verify/exporter_policy.hpp>
#include <adplan/verify/tenant.hpp>
#include <adplan/verify/tenant_list.hpp>
#include <adplan/verify/verify_metrics.hpp>

#include <atomic>
#include <chrono>
#include <semaphore>
#include <sstream>

namespace adplan::cli {
namespace {

struct ExporterOptions {
  VerifyCmdOptions verify;
  std::string listen = "127.0.0.1:9711";
  bool allow_any = false;
  int max_concurrent = 8;
};

struct Counters {
  std::atomic<long> probes{0}, failed{0}, refused{0}, busy{0}, in_flight{0};
  [[nodiscard]] verify::ExporterCounts now() const { return {probes, failed, refused, busy, in_flight}; }
};

int run_exporter(Context& ctx, const ExporterOptions& o) {
  auto r = check_verify_options(ctx, o.verify);
  if (!r) return fail(ctx, r.error());
  if (!r->loaded) return fail(ctx, usage_error("plan", "--plan", "the exporter judges targets by a plan"));
  if (o.max_concurrent < 1 || o.max_concurrent > 256)
    return fail(ctx, usage_error("max-concurrent", "--max-concurrent", "must be between 1 and 256"));
  if (auto e = verify::check_exporter_credentials(!o.verify.user.empty(), o.allow_any, o.verify.allow_redirect.size()))
    return fail(ctx, *e);
  std::set<std::string, std::less<>> plan_domains, file_domains;
  for (const auto& d : r->loaded->plan.domains) plan_domains.insert(d.str());
  if (const auto& f = o.verify.bulk.domains_file; !f.empty()) {
    auto text = read_domains_file(f, 3 * o.verify.timeout);
    if (!text) return fail(ctx, text.error());
    verify::TenantList listed(verify::Shard{});
    listed.read(*text, f == "-" ? "stdin" : f);
    for (const auto& e : listed.bad_lines()) ctx.err << "adplan: warning: " << term(e.to_string()) << "\n";
    if (listed.read_names() == 0)
      return fail(ctx, usage_error("domains-file", "--domains-file", "\"" + f + "\" names no domain",
                                   "give a file of domains, one a line, or leave out --domains-file"));
    file_domains = listed.domains();
  }
  auto trust = probe::TrustStore::load(r->po.anchors);
  if (!trust) return fail(ctx, as_error(trust.error(), "input.trust-store"));
  auto server = serve::HttpServer::listen(o.listen);
  if (!server) return fail(ctx, server.error());
  if (auto w = verify::listen_warning(o.listen); !w.empty()) ctx.err << "adplan: warning: " << w << "\n";
  const verify::TenantJudge judge(r->loaded->plan, r->judge_options(0));  // the time: per judgement
  Counters n;
  std::counting_semaphore<256> slots(o.max_concurrent);
  const auto base = r->po;
  // Issue 25: a target's connections and TLS sessions stay warm between its scrapes.
  probe::EngineCache engines(probe::k_exporter_engines, probe::k_exporter_engine_idle, base.parallel);
  ctx.err << "adplan exporter: listening on " << o.listen << " (/probe?target=DOMAIN, /metrics), "
          << plan_domains.size() + file_domains.size() << " target(s) allowed" << (o.allow_any ? " and any other" : "")
          << (base.credentials ? "; credentials only to the plan's hosts and --allow-redirect's" : "") << "\n";
  server->serve(
      [&](const serve::HttpRequest& req) -> serve::HttpResponse {
        if (req.path == "/metrics")
          return {200, "text/plain; version=0.0.4; charset=utf-8", verify::exporter_metrics(n.now())};
        if (req.path != "/probe") return {404, "text/plain", "adplan exporter: /probe?target=DOMAIN or /metrics\n"};
        auto t = req.query.find("target");
        const auto target =
            verify::probe_target(t == req.query.end() ? std::nullopt : std::optional<std::string_view>(t->second),
                                 plan_domains, file_domains, o.allow_any);
        if (target.status != 200) {
          ++n.refused;
          return {target.status, "text/plain",
                  "target: a domain of the plan or of --domains-file (or --allow-any-target)\n"};
        }
        // The whole answer, the wait for a slot included, within what Prometheus waits for.
        auto h = req.headers.find("x-prometheus-scrape-timeout-seconds");
        const auto budget = verify::scrape_budget(
            h == req.headers.end() ? std::nullopt : std::optional<std::string_view>(h->second), base.timeout);
        const auto deadline = req.received + budget;
        if (!slots.try_acquire_until(deadline - verify::slot_wait(budget))) {
          ++n.busy;
          return {503, "text/plain", "busy: --max-concurrent probes are running\n"};
        }
        ++n.in_flight;
        auto start = std::chrono::steady_clock::now();
        probe::ProbeOptions po = base;
        auto walk = verify::tenant_walk(target.domain);
        po.domain = walk.domain;
        po.email = walk.email;
        po.named_by = target.named_by;  // a tenant's or a scraper's domain: credentials only to the plan's hosts
        po.timeout = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - start),
                              std::chrono::milliseconds(1));
        po.now = ctx.unix_seconds();  // the time of this probe, through the context's clock
        auto engine = engines.get(po.domain, std::chrono::steady_clock::now());
        // Issue 24: the plan's own domains get the pools' members probed too.
        auto obs = probe::run_probes_with_pool(po, *trust, *engine,
                                               plan_domains.contains(po.domain) ? r->pool : observe::PoolPlan{});
        std::optional<verify::VerifyResult> result;
        if (obs) result = judge.judge(*obs, ctx.unix_seconds());
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        --n.in_flight;
        slots.release();
        ++n.probes;
        if (!result || !result->pass()) ++n.failed;
        if (auto f = req.query.find("format"); f != req.query.end() && f->second == "json") {  // verify --json's
          auto j = verify::to_json(result ? *result : verify::VerifyResult{}, obs ? obs->total_ms : 0);
          if (!obs) j["verdict"] = "fail", j["error"] = as_error(obs.error(), "probe.failed").to_string();
          return {200, "application/json", json_text(j) + "\n"};
        }
        return {200, "text/plain; version=0.0.4; charset=utf-8",
                verify::probe_metrics(result ? &*result : nullptr, obs ? &*obs : nullptr, s)};
      },
      serve::ServeLimits{.max_handlers = static_cast<std::size_t>(o.max_concurrent) * 4});
  return 0;
}

}  // namespace

void register_exporter(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<ExporterOptions>();
  auto* cmd = app.add_subcommand("exporter", "serve verify to Prometheus, blackbox_exporter style (/probe?target=)");
  cmd->add_option("--listen", o->listen, "HOST:PORT to serve on (default 127.0.0.1:9711)");
  cmd->add_flag("--allow-any-target", o->allow_any, "probe any domain asked for, not only the plan's and the file's");
  cmd->add_option("--max-concurrent", o->max_concurrent, "probes at once, 1-256 (default 8); more wait, then get 503");
  add_probe_flags(*cmd, o->verify);
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_exporter(ctx, *o); }; });
}

}  // namespace adplan::cli
