#include <adplan/verify/verify_json.hpp>

namespace adplan::verify {

nlohmann::json to_json(const VerifyResult& r, int total_ms) {
  nlohmann::json j;
  j["format"] = "adplan-verify/1";  // schema/verify.schema.json
  j["verdict"] = r.pass() ? "pass" : "fail";
  j["ms"] = total_ms;
  j["findings"] = nlohmann::json::array();
  for (const auto& f : r.findings) {
    j["findings"].push_back({{"id", f.id},
                             {"severity", std::string(to_string(f.severity))},
                             {"subject", f.subject},
                             {"message", f.message},
                             {"remedy", f.remedy},
                             {"evidence", f.evidence}});
  }
  j["checks"] = nlohmann::json::array();
  for (const auto& c : r.checks) {
    j["checks"].push_back({{"name", c.name},
                           {"subject", c.subject},
                           {"status", std::string(to_string(c.status))},
                           {"detail", c.detail},
                           {"ms", c.ms}});
  }
  j["clients"] = nlohmann::json::array();
  for (const auto& c : r.clients) {
    j["clients"].push_back({{"client", std::string(to_string(c.client))},
                            {"method", std::string(to_string(c.method))},
                            {"url", c.url},
                            {"prompts", c.prompts},
                            {"outcome", std::string(to_string(c.outcome))},
                            {"summary", c.summary},
                            {"path", c.path}});
  }
  // Issue 23: the mail doors and each domain's MX and MTA-STS facts (empty without doors).
  j["doors"] = nlohmann::json::array();
  for (const auto& d : r.doors) {
    j["doors"].push_back({{"door", d.door},
                          {"host", d.host},
                          {"address", d.address},
                          {"port", d.port},
                          {"ok", d.ok},
                          {"stage", d.stage},
                          {"tls", d.tls},
                          {"sha256", d.sha256},
                          {"not_after", d.not_after},
                          {"ms", d.ms}});
  }
  j["mail_domains"] = nlohmann::json::array();
  for (const auto& m : r.mail_domains) {
    j["mail_domains"].push_back(
        {{"domain", m.domain}, {"mx", m.mx}, {"mta_sts_mode", m.mta_sts_mode}, {"mta_sts_id", m.mta_sts_id}});
  }
  // Issue 24: each load-balanced pool door and what each member presented (empty without pools).
  j["pools"] = nlohmann::json::array();
  for (const auto& p : r.pools) {
    nlohmann::json members = nlohmann::json::array();
    for (const auto& m : p.members) {
      members.push_back({{"member", m.member},
                         {"address", m.address},
                         {"load_balancer", m.load_balancer},
                         {"reachable", m.reachable},
                         {"connections", m.connections},
                         {"sha256", m.sha256},
                         {"thumbprint", m.thumbprint},
                         {"serial", m.serial},
                         {"not_after", m.not_after}});
    }
    j["pools"].push_back({{"namespace", p.name_space},
                          {"door", p.door},
                          {"port", p.port},
                          {"sampled", p.sampled},
                          {"consistent", p.consistent},
                          {"members", members}});
  }
  // Issue 27: each MX host's TLSA records and whether the presented key matches (match: 1, 0, null).
  j["dane"] = nlohmann::json::array();
  for (const auto& d : r.dane) {
    j["dane"].push_back({{"mx", d.mx},
                         {"dnssec", d.dnssec},
                         {"records", d.records},
                         {"key_sha256", d.key_sha256},
                         {"match", d.match < 0 ? nlohmann::json(nullptr) : nlohmann::json(d.match == 1)}});
  }
  return j;
}

}  // namespace adplan::verify
