#include <adplan/verify/exporter_policy.hpp>

#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>

#include <charconv>
#include <cmath>

namespace adplan::verify {

std::chrono::milliseconds scrape_budget(std::optional<std::string_view> header, std::chrono::milliseconds timeout) {
  using std::chrono::milliseconds;
  milliseconds budget = std::max(timeout, k_min_scrape);
  if (!header) return budget;
  std::string_view text = *header;
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  double seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  // Only a finite, positive number, compared as a double before anything is converted: nan,
  // infinities and 1e308 never reach an integer cast.
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(seconds) || !(seconds > 0)) return budget;
  const double limit_ms = static_cast<double>(budget.count());
  const double asked_ms = seconds * 1000.0 - static_cast<double>(k_scrape_margin.count());
  if (asked_ms >= limit_ms) return budget;
  if (asked_ms <= static_cast<double>(k_min_scrape.count())) return k_min_scrape;
  return milliseconds(static_cast<milliseconds::rep>(asked_ms));
}

TargetDecision exporter_target(std::string_view domain, const std::set<std::string, std::less<>>& plan_domains,
                               const std::set<std::string, std::less<>>& file_domains, bool allow_any) {
  if (plan_domains.contains(domain)) return {true, ""};
  if (file_domains.contains(domain)) return {true, "--domains-file"};
  if (allow_any) return {true, "the scraper's ?target= (--allow-any-target)"};
  return {false, ""};
}

ProbeTarget probe_target(std::optional<std::string_view> target, const std::set<std::string, std::less<>>& plan_domains,
                         const std::set<std::string, std::less<>>& file_domains, bool allow_any) {
  if (!target) return {};
  auto host = HostName::parse(*target);
  if (!host) return {};
  auto decision = exporter_target(host->str(), plan_domains, file_domains, allow_any);
  if (!decision.allowed) return {403, host->str(), ""};
  return {200, host->str(), std::move(decision.named_by)};
}

std::optional<Error> check_exporter_credentials(bool user, bool allow_any, std::size_t allow_redirect_hosts) {
  if (!user || !allow_any || allow_redirect_hosts > 0) return std::nullopt;
  return Error{"usage.allow-any-target", "--allow-any-target",
               "with --user, anyone who can reach --listen could choose the hosts the password is offered to",
               "leave out --user, or name the hosts that may receive it with --allow-redirect HOST (repeatable)"};
}

std::string listen_warning(std::string_view listen) {
  auto colon = listen.rfind(':');
  std::string_view host = listen.substr(0, colon == std::string_view::npos ? listen.size() : colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto ip = IpAddress::parse(host);
  if (ip && ip->scope() == IpScope::Loopback) return "";
  return "--listen " + std::string(listen) +
         " is not a loopback address: anyone who can reach it can make the exporter probe (and spend its "
         "time); keep it behind a firewall or listen on 127.0.0.1";
}

}  // namespace adplan::verify
