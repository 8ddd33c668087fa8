// What a correct server answers a phone and Teams, from the plan (never re-derived). To be
// switched to the plan's own MobileSync URL and v2 answers when the plan carries them.
#include <adplan/verify/internal/mobile.hpp>

namespace adplan::verify {
namespace {

PlannedUrl service_url(const Plan* plan, Service service) {
  if (!plan) return {};
  for (const auto& u : plan->urls) {
    // The external URLs are the same on every server; the first server's entry speaks for all.
    if (u.service == service && u.server == plan->urls.front().server) return {u.external, u.cmdlet};
  }
  return {};
}

}  // namespace

PlannedUrl planned_mobilesync_url(const Plan* plan) {
  return service_url(plan, Service::ActiveSync);
}

PlannedUrl planned_v2_url(const Plan* plan, std::string_view protocol) {
  if (!plan) return {};
  if (protocol == "AutodiscoverV1")
    return {plan->autodiscover_url, "point the Autodiscover host at " + plan->external_host.str() + " (adplan plan)"};
  if (protocol == "Ews") return service_url(plan, Service::Ews);
  if (protocol == "ActiveSync") return service_url(plan, Service::ActiveSync);
  return {};
}

}  // namespace adplan::verify
