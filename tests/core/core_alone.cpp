// Linked with every object of the pure core (whole archive) and nothing else but the core's own
// allowed libraries (nlohmann_json, libidn2, libpsl, pugixml): if a core file calls into probe,
// pki, io, OpenSSL, Botan, libcurl, c-ares or OpenLDAP, this program does not link.
// It also plans every scenario for a small organisation, so the core runs, not only links.
#include <adplan/model/deployment_json.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/planner/plan_json.hpp>
#include <adplan/scenario/scenario.hpp>

#include <cstdio>
#include <string>

int main() {
  int planned = 0;
  for (int id = 1; id <= 4; ++id) {
    std::string text = R"({"version": 1, "scenario": )" + std::to_string(id) + R"(, "domains": ["contoso.com"],
      "external_host": "mail.contoso.com", "servers": [{"name": "CAS01", "fqdn": "cas01.contoso.com",
      "ip": "192.0.2.10", "secondary_ip": "192.0.2.11"}], "public_ip": "198.51.100.10",
      "secondary_public_ip": "198.51.100.11"})";
    auto deployment = adplan::load_deployment(text);
    const auto* scenario = adplan::find_scenario(id);
    if (!deployment || scenario == nullptr) {
      std::fprintf(stderr, "core alone: scenario %d did not load\n", id);
      return 1;
    }
    auto plan = adplan::make_plan(
        *deployment, *scenario,
        {std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{30}}});
    if (plan.certificates.empty()) return 1;
    ++planned;
  }
  std::printf("core alone: %d scenarios planned by the core without crypto, network or LDAP\n", planned);
  return 0;
}
