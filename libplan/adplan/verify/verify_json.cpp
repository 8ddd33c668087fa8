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
  return j;
}

}  // namespace adplan::verify
