#pragma once
// The exporter's decisions (adplan exporter, issue 21), pure so that they are tested alone: how
// long a scrape may take, which targets are probed and who named them (credentials follow the
// plan, observe/credentials.hpp), and which flag combinations are refused.
#include <adplan/model/error.hpp>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace adplan::verify {

// The time one answer may take, from the moment its request head arrived: the waiting for a slot
// and the probe together. Prometheus sends X-Prometheus-Scrape-Timeout-Seconds; the answer comes
// k_scrape_margin before that, never later than --timeout, never less than k_min_scrape. A header
// that is not a finite positive number of seconds (nan, inf, -1, 1e308, "10s") is ignored.
inline constexpr std::chrono::milliseconds k_scrape_margin{500};
inline constexpr std::chrono::milliseconds k_min_scrape{500};
std::chrono::milliseconds scrape_budget(std::optional<std::string_view> header, std::chrono::milliseconds timeout);

// A /probe?target=: whether it is probed, and who named it (ProbeOptions::named_by: "" for the
// plan's own domains, which alone get credentials at their own names).
struct TargetDecision {
  bool allowed = false;
  std::string named_by;
};
TargetDecision exporter_target(std::string_view domain, const std::set<std::string, std::less<>>& plan_domains,
                               const std::set<std::string, std::less<>>& file_domains, bool allow_any);

// A /probe request's ?target= (nullopt: none given) as the exporter answers it: status 200 and the
// domain (lower case) with who named it; 400 when it is missing or not a domain name; 403 when it
// is a domain the exporter may not probe.
struct ProbeTarget {
  int status = 400;
  std::string domain;
  std::string named_by;
};
ProbeTarget probe_target(std::optional<std::string_view> target, const std::set<std::string, std::less<>>& plan_domains,
                         const std::set<std::string, std::less<>>& file_domains, bool allow_any);
// How long a probe may wait for a free slot (--max-concurrent) out of its budget: half of it,
// so a probe that gets one still has the other half to run.
inline std::chrono::milliseconds slot_wait(std::chrono::milliseconds budget) {
  return budget / 2;
}

// --user with --allow-any-target: anyone who can reach the port picks the hosts, so the password
// goes only to hosts --allow-redirect lists; without one the combination is refused.
std::optional<Error> check_exporter_credentials(bool user, bool allow_any, std::size_t allow_redirect_hosts);

// A warning when --listen is not a loopback address ("" when it is): every /probe spends the
// exporter's time and the plan's credentials, so the port belongs behind a firewall.
std::string listen_warning(std::string_view listen);

}  // namespace adplan::verify
