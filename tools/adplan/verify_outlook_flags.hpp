#pragma once
// verify's flags for today's Outlook (issue 11): --exclude METHOD,... (the outlook-2016 client's
// Exclude* policy values, simulated), --redirect-servers HOST,... (the hosts already listed under
// RedirectServers: no redirect prompt for them) and --o365-endpoint URL|none (Exchange Online's claim).
#include <adplan/model/error.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/verify/verify.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace adplan::cli {

struct OutlookFlags {
  std::vector<std::string> exclude;
  std::vector<std::string> redirect_servers;
  std::string o365_endpoint = "https://outlook.office365.com";
};

void add_outlook_flags(CLI::App& cmd, OutlookFlags& f);

// Into the probe options (the endpoint; every autodiscover.<domain> of the plan approved for a
// POX redirect's credentials); problems are added to `errors`.
void resolve_outlook_flags(const OutlookFlags& f, const Plan* plan, probe::ProbeOptions& po, Errors& errors);

// --exclude's methods (unknown names are resolve_outlook_flags' errors, left out here).
std::vector<verify::Method> excluded_methods(const OutlookFlags& f);

// --redirect-servers' hosts, lower case (names that are not host names are resolve_outlook_flags' errors).
std::vector<std::string> redirect_servers(const OutlookFlags& f);

}  // namespace adplan::cli
