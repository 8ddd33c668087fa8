#pragma once
// The client simulation: each kind of client walks its discovery order over the recorded
// observations and we report the first method that works, the URL, and every prompt or
// certificate warning the user meets on the way.
#include <adplan/observe/observations.hpp>
#include <adplan/verify/internal/certificate_problems.hpp>
#include <adplan/verify/result.hpp>

#include <span>
#include <string>
#include <vector>

namespace adplan::verify {

// MS-OXDISCO 3.1.5 and Outlook: the SCP (domain-joined only), then https on the SMTP domain,
// https on autodiscover.<domain>, the http redirect, the SRV record.
std::span<const Method> discovery_order(Client client);

// The clients the observations can speak for. outlook-domain-joined starts with the SCP
// look-up; it joins this list when Observations carry an SCP result (the SCP issue).
// Issue 11: outlook-2016 joins them; `exclude` are the methods its policy switches off (verify --exclude),
// `redirect_servers` the hosts listed under RedirectServers (verify --redirect-servers): an http
// redirect to one of them is followed without the redirect prompt (KB 2480582).
std::vector<ClientResult> simulate(const observe::Observations& obs, const ClockRules& clock,
                                   std::span<const Method> exclude = {},
                                   std::span<const std::string> redirect_servers = {});

// The Outlook 2016+ policy the simulation applies.
struct OutlookPolicySim {
  std::span<const Method> exclude;
  std::span<const std::string> redirect_servers;  // lower-case host names
};

}  // namespace adplan::verify
