#include <adplan/verify/door_plan.hpp>

#include <algorithm>

namespace adplan::verify {

observe::DoorPlan door_plan(const Plan& plan) {
  observe::DoorPlan out;
  bool smtp = false;
  for (const auto& d : plan.doors) {
    smtp = smtp || d.kind == DoorKind::Smtp;
    out.doors.push_back({std::string(door_key(d.kind)), d.host.str(), d.port, d.tls == DoorTls::Implicit});
  }
  if (!smtp) return out;
  // Inbound SMTP: every accepted domain's MX set (the plan's MX hosts serve them all).
  for (const auto& domain : plan.domains) {
    observe::DoorPlan::Domain d;
    d.domain = domain.str();
    d.smtp = true;
    for (const auto& h : plan.mx) d.mx.push_back(h.str());
    auto sts = std::ranges::find_if(plan.mta_sts, [&](const PlannedMtaSts& m) { return m.domain == domain; });
    if (sts != plan.mta_sts.end()) d.mta_sts_mode = std::string(mta_sts_mode_key(sts->mode));
    out.domains.push_back(std::move(d));
  }
  return out;
}

}  // namespace adplan::verify
