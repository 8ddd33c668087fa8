#include <adplan/verify/verify_json.hpp>

#include <adplan/verify/connections_json.hpp>

#include <cmath>

namespace adplan::verify {

using oj = nlohmann::ordered_json;

oj to_json(const Check& c) {
  return {
      {"name", c.name}, {"subject", c.subject}, {"status", to_string(c.status)}, {"detail", c.detail}, {"ms", c.ms}};
}

oj to_json(const ClientResult& c) {
  return {{"client", to_string(c.client)},   {"method", to_string(c.method)}, {"url", c.url},  {"prompts", c.prompts},
          {"outcome", to_string(c.outcome)}, {"summary", c.summary},          {"path", c.path}};
}

oj to_json(const DoorResult& d) {
  return {{"door", d.door},   {"host", d.host}, {"address", d.address}, {"port", d.port},           {"ok", d.ok},
          {"stage", d.stage}, {"tls", d.tls},   {"sha256", d.sha256},   {"not_after", d.not_after}, {"ms", d.ms}};
}

oj to_json(const MailDomainResult& m) {
  return {{"domain", m.domain}, {"mx", m.mx}, {"mta_sts_mode", m.mta_sts_mode}, {"mta_sts_id", m.mta_sts_id}};
}

namespace {

template <typename T>
oj array_of(const std::vector<T>& items) {
  oj out = oj::array();
  for (const auto& i : items) out.push_back(to_json(i));
  return out;
}

}  // namespace

oj to_json(const PoolMemberResult& m) {
  return {{"member", m.member},         {"address", m.address},         {"load_balancer", m.load_balancer},
          {"reachable", m.reachable},   {"connections", m.connections}, {"sha256", m.sha256},
          {"thumbprint", m.thumbprint}, {"serial", m.serial},           {"not_after", m.not_after}};
}

oj to_json(const PoolResult& p) {
  return {{"namespace", p.name_space},
          {"door", p.door},
          {"port", p.port},
          {"sampled", p.sampled},
          {"consistent", p.consistent},
          {"members", array_of(p.members)}};
}

oj to_json(const DaneResult& d) {
  return {{"mx", d.mx},
          {"dnssec", d.dnssec},
          {"records", d.records},
          {"key_sha256", d.key_sha256},
          {"match", d.match < 0 ? oj(nullptr) : oj(d.match == 1)}};
}

oj to_json(const VerifyResult& r, int total_ms) {
  oj j;
  j["format"] = "adplan-verify/1";  // schema/verify.schema.json
  j["verdict"] = r.pass() ? "pass" : "fail";
  j["ms"] = total_ms;
  j["findings"] = adplan::to_json(r.findings);
  j["checks"] = array_of(r.checks);
  j["clients"] = array_of(r.clients);
  // Issue 23: the mail doors and each domain's MX and MTA-STS facts (empty without doors).
  j["doors"] = array_of(r.doors);
  j["mail_domains"] = array_of(r.mail_domains);
  // Issue 24: each load-balanced pool door and what each member presented (empty without pools).
  j["pools"] = array_of(r.pools);
  // Issue 27: each MX host's TLSA records and whether the presented key matches (match: 1, 0, null).
  j["dane"] = array_of(r.dane);
  return j;
}

oj to_json(const VerifyResult& r, int total_ms, const observe::ConnectionSummary& connections) {
  oj j = to_json(r, total_ms);
  j["connections"] = to_json(connections, total_ms);
  return j;
}

oj domain_line_json(const DomainRun& run) {
  oj j{{"type", "domain"}, {"domain", run.domain}, {"verdict", run.pass() ? "pass" : "fail"}};
  if (!run.error.empty()) j["error"] = run.error;
  j["findings"] = adplan::to_json(run.result.findings);
  j["clients"] = array_of(run.result.clients);
  // The doors, pools and DANE where the domain's probes had them (verify --json's forms).
  if (!run.result.doors.empty()) j["doors"] = array_of(run.result.doors);
  if (!run.result.mail_domains.empty()) j["mail_domains"] = array_of(run.result.mail_domains);
  if (!run.result.pools.empty()) j["pools"] = array_of(run.result.pools);
  if (!run.result.dane.empty()) j["dane"] = array_of(run.result.dane);
  j["ms"] = run.ms;
  return j;
}

oj input_error_json(const Error& bad_line) {
  return {{"type", "input-error"}, {"id", bad_line.code}, {"place", bad_line.field}, {"message", bad_line.message}};
}

oj summary_json(const BulkTotals& t) {
  const double rate = t.seconds > 0 ? static_cast<double>(t.done) / t.seconds : 0;
  return {{"type", "summary"},
          {"format", "adplan-verify-lines/1"},
          {"verdict", t.pass() ? "pass" : "fail"},
          {"domains_checked", t.done},
          {"domains_failed", t.failed},
          {"bad_lines", t.bad_lines},
          {"shared", t.shared},
          {"full", t.full},
          {"endpoints", t.endpoints},
          {"seconds", std::round(t.seconds * 1000) / 1000},
          {"domains_per_second", std::round(rate * 10) / 10}};
}

oj domains_json(const std::vector<DomainRun>& runs) {
  std::size_t failed = 0;
  oj list = oj::array();
  for (const auto& r : runs) {
    failed += r.pass() ? 0 : 1;
    oj one{{"domain", r.domain}, {"verdict", r.pass() ? "pass" : "fail"}};
    if (!r.error.empty()) {
      one["error"] = r.error;
    } else {
      one["findings"] = adplan::to_json(r.result.findings);
      one["clients"] = array_of(r.result.clients);
    }
    list.push_back(std::move(one));
  }
  return {{"format", "adplan-verify-domains/1"},  // schema/verify-domains.schema.json
          {"verdict", failed ? "fail" : "pass"},
          {"domains_checked", runs.size()},
          {"domains_failed", failed},
          {"domains", std::move(list)}};
}

}  // namespace adplan::verify
