// adplan exporter: verify as a Prometheus exporter, blackbox_exporter's way (issue 13). Prometheus
// asks GET /probe?target=<domain> for each target of a multi-target job (relabel_configs put the
// target in the query); each answer is one verify of that domain, judged as a tenant of the plan.
// /metrics is the exporter's own. Only the plan's domains and --domains-file's are probed unless
// --allow-any-target; at most --max-concurrent probes at once; each answer within the scrape's
// timeout, the wait for a slot included. Each probe and judgement reads the context's clock at
// that moment. Credentials go only to the plan's hosts and --allow-redirect's: a tenant's or a
// scraper-chosen domain's own names are probed without them (issue 21).
#include "commands.hpp"
#include "common.hpp"
#include "exporter_metrics.hpp"
#include "prom_text.hpp"
#include "verify_options.hpp"

#include <adplan/model/host_name.hpp>
#include <adplan/probe/engine.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/serve/http_server.hpp>
#include <adplan/verify/exporter_policy.hpp>
#include <adplan/verify/tenant.hpp>
#include <adplan/verify/walk.hpp>

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
    TenantList listed(Shard{});
    listed.read(*text, f == "-" ? "stdin" : f);
    for (const auto& e : listed.bad_lines()) ctx.err << "adplan: warning: " << term(e.to_string()) << "\n";
    if (listed.read_names() == 0)
      return fail(ctx, usage_error("domains-file", "--domains-file", "\"" + f + "\" names no domain",
                                   "give a file of domains, one a line, or leave out --domains-file"));
    for (const auto& n : listed.names()) {
      auto at = n.find('@');
      file_domains.insert(at == std::string::npos ? n : n.substr(at + 1));
    }
  }
  auto trust = probe::TrustStore::load(r->po.anchors);
  if (!trust) return fail(ctx, as_error(trust.error(), "input.trust-store"));
  auto server = serve::HttpServer::listen(o.listen);
  if (!server) return fail(ctx, server.error());
  if (auto w = verify::listen_warning(o.listen); !w.empty()) ctx.err << "adplan: warning: " << w << "\n";
  const verify::TenantJudge judge(r->loaded->plan,
                                  {{0}, excluded_methods(o.verify.outlook), redirect_servers(o.verify.outlook), {}});
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
        if (req.path == "/metrics") {
          std::ostringstream m;
          prom_family(m, "adplan_exporter_probes_total", "counter", "probes run");
          prom_sample(m, "adplan_exporter_probes_total", {}, static_cast<double>(n.probes));
          prom_family(m, "adplan_exporter_probes_failed_total", "counter", "probes whose verify failed");
          prom_sample(m, "adplan_exporter_probes_failed_total", {}, static_cast<double>(n.failed));
          prom_family(m, "adplan_exporter_refused_total", "counter", "requests for a target not allowed or bad");
          prom_sample(m, "adplan_exporter_refused_total", {}, static_cast<double>(n.refused));
          prom_family(m, "adplan_exporter_busy_total", "counter", "probes refused: --max-concurrent were running");
          prom_sample(m, "adplan_exporter_busy_total", {}, static_cast<double>(n.busy));
          prom_family(m, "adplan_exporter_probes_in_flight", "gauge", "probes running now");
          prom_sample(m, "adplan_exporter_probes_in_flight", {}, static_cast<double>(n.in_flight));
          return {200, "text/plain; version=0.0.4; charset=utf-8", m.str()};
        }
        if (req.path != "/probe") return {404, "text/plain", "adplan exporter: /probe?target=DOMAIN or /metrics\n"};
        auto t = req.query.find("target");
        auto host = t == req.query.end() ? std::nullopt : std::optional(HostName::parse(t->second));
        const auto target = host && *host
                                ? verify::exporter_target((*host)->str(), plan_domains, file_domains, o.allow_any)
                                : verify::TargetDecision{};
        if (!target.allowed) {
          ++n.refused;
          return {t == req.query.end() || !host || !*host ? 400 : 403, "text/plain",
                  "target: a domain of the plan or of --domains-file (or --allow-any-target)\n"};
        }
        // The whole answer, the wait for a slot included, within what Prometheus waits for.
        auto h = req.headers.find("x-prometheus-scrape-timeout-seconds");
        const auto budget = verify::scrape_budget(
            h == req.headers.end() ? std::nullopt : std::optional<std::string_view>(h->second), base.timeout);
        const auto deadline = req.received + budget;
        if (!slots.try_acquire_until(deadline - budget / 2)) {
          ++n.busy;
          return {503, "text/plain", "busy: --max-concurrent probes are running\n"};
        }
        ++n.in_flight;
        auto start = std::chrono::steady_clock::now();
        probe::ProbeOptions po = base;
        po.domain = (*host)->str();
        po.email = std::string(verify::k_walk_local_part) + "@" + po.domain;
        po.named_by = target.named_by;  // a tenant's or a scraper's domain: credentials only to the plan's hosts
        po.timeout = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - start),
                              std::chrono::milliseconds(1));
        po.now = ctx.unix_seconds();  // the time of this probe, through the context's clock
        auto engine = engines.get(po.domain, std::chrono::steady_clock::now());
        auto obs = probe::run_probes(po, *trust, *engine);
        std::optional<verify::VerifyResult> result;
        if (obs) result = judge.judge(*obs, ctx.unix_seconds());
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        --n.in_flight;
        slots.release();
        ++n.probes;
        if (!result || !result->pass()) ++n.failed;
        return {200, "text/plain; version=0.0.4; charset=utf-8",
                probe_metrics(result ? &*result : nullptr, obs ? &*obs : nullptr, s)};
      },
      serve::ServeLimits{.max_handlers = static_cast<std::size_t>(o.max_concurrent) * 4});
  return 0;
}

}  // namespace

void register_exporter(CLI::App& app, Context& ctx, Runner& run) {
  auto o = std::make_shared<ExporterOptions>();
  auto* cmd = app.add_subcommand("exporter", "serve verify to Prometheus, blackbox_exporter style (/probe?target=)");
  cmd->add_option("--listen", o->listen, "HOST:PORT to serve on (default 127.0.0.1:9711)");
  cmd->add_option("--plan", o->verify.plan, "adplan.json the targets are judged by (default ./adplan.json)");
  cmd->add_option("--domains-file", o->verify.bulk.domains_file, "FILE of tenant domains that may be targets");
  cmd->add_flag("--allow-any-target", o->allow_any, "probe any domain asked for, not only the plan's and the file's");
  cmd->add_option("--max-concurrent", o->max_concurrent, "probes at once, 1-256 (default 8); more wait, then get 503");
  cmd->add_option("--dns-server", o->verify.dns_servers, "DNS server IP[:PORT] to ask (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--ca-file", o->verify.ca_file, "PEM file of CA certificates to trust besides the system store");
  cmd->add_option("--user", o->verify.user, "user name for the Autodiscover POST (with --password-file)");
  cmd->add_option("--password-file", o->verify.password_file, "file whose first line is the password");
  cmd->add_option("--allow-redirect", o->verify.allow_redirect,
                  "HOST outside the plan that may receive the credentials (repeatable); required for --user with "
                  "--allow-any-target")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--timeout", o->verify.timeout,
                  "seconds per probe at most (default 10; less when Prometheus' scrape timeout is shorter)");
  cmd->callback([&ctx, &run, o] { run = [&ctx, o] { return run_exporter(ctx, *o); }; });
}

}  // namespace adplan::cli
