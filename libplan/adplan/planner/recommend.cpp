#include <adplan/planner/recommend.hpp>

#include <algorithm>

namespace adplan {
namespace {

bool has(const Constraints& c, const std::string& need) {
  if (need == "srv_records") return c.srv_records;
  if (need == "multi_name_certificate") return c.multi_name_certificate;
  if (need == "second_public_ip") return c.second_public_ip;
  return false;
}

std::string describe(const std::string& need) {
  if (need == "srv_records") return "a DNS provider that publishes SRV records";
  if (need == "multi_name_certificate") return "a multi-name (SAN/UC) certificate";
  if (need == "second_public_ip") return "a second public IP address";
  return need;
}

}  // namespace

Recommendation recommend(std::span<const Scenario> all, const Constraints& c) {
  std::vector<const Scenario*> ranked;
  for (const auto& s : all) ranked.push_back(&s);
  std::ranges::sort(ranked, {}, [](const Scenario* s) { return s->recommend.preference; });
  Recommendation r{0, false, {}, {}};
  for (const auto* s : ranked) {
    std::vector<std::string> missing;
    for (const auto& need : s->recommend.needs) {
      if (!has(c, need)) missing.push_back(describe(need));
    }
    if (c.many_domains && !s->recommend.scales_to_many_domains) {
      missing.push_back("one certificate name per hosted domain, which does not scale to many domains");
    }
    if (!missing.empty()) {
      std::string why = "scenario " + std::to_string(s->id) + " (" + s->title + ") needs ";
      for (std::size_t i = 0; i < missing.size(); ++i) why += (i ? " and " : "") + missing[i];
      r.rejected.push_back(why);
      continue;
    }
    r.scenario = s->id;
    r.reasons.push_back(s->recommend.why);
    for (const auto& pro : s->pros) r.reasons.push_back(pro);
    return r;
  }
  // Nothing fits: the paper's Windows Certificate Services option — one SAN certificate
  // from an internal CA on the Default Web Site (scenario 1's rules), at the cost of
  // distributing the root to every client outside the domain.
  r.scenario = 1;
  r.internal_ca = true;
  r.reasons = {
      "without SRV records, a second public IP or a budget for a SAN certificate, the remaining option is "
      "scenario 1 with a certificate from your own CA (the paper's Windows Certificate Services option)",
      "smallest up-front cost; supports all client connections",
      "every client outside the domain (Outlook Anywhere, ActiveSync devices) must install your root "
      "certificate: the highest total cost of ownership"};
  return r;
}

}  // namespace adplan
