#pragma once
// The step catalogue: every step of the paper's procedures that adplan knows, with the id a
// scenario file names it by and who carries it out. The one home of these facts: scenario
// files are checked against it at load, the planner builds each step's commands from it
// (planner/steps.cpp), the renderers sort steps into artifacts by its role.
#include <span>
#include <string_view>

namespace adplan {

enum class StepId {
  RequestCertificate,
  InstallCertificate,
  DistributeRoot,
  DnsRecords,
  ExchangeUrls,
  SiteScope,
  SetScp,
  SrvRecord,
  OutlookUpdate,
  AddSecondaryIp,
  BindDefaultSite,
  CreateAutodiscoverSite,
  BindAutodiscoverCertificate,
  NewAutodiscoverVdir,
  CreateRedirectSite,
  TenantRecords,
  // Issue 23: added after the paper's steps when the plan has mail doors / MTA-STS (not named by
  // the scenario files).
  MailDoors,
  MtaStsSite,
  // Issue 24: added when the plan has a load-balanced pool.
  PoolCertificate,
};

enum class StepRole {
  Exchange,  // Exchange Management Shell: certificates, SCP, virtual directories
  Iis,       // the server's web sites, bindings and addresses
  Dns,       // records at the DNS provider and on the internal DNS servers
  Clients,   // client computers: root certificate, Outlook updates
};

struct StepInfo {
  StepId step;
  std::string_view id;  // as scenarios/*.json and plan.json name it: "request-certificate"
  StepRole role;
};

// Every known step, in the order of StepId.
std::span<const StepInfo> step_catalogue();
// The step a scenario file's id names; nullptr for an id adplan does not know.
const StepInfo* find_step(std::string_view id);
const StepInfo& step_info(StepId step);

}  // namespace adplan
