#include <adplan/scenario/step.hpp>

#include <algorithm>
#include <array>

namespace adplan {
namespace {

constexpr std::array k_steps{
    StepInfo{StepId::RequestCertificate, "request-certificate", StepRole::Exchange},
    StepInfo{StepId::InstallCertificate, "install-certificate", StepRole::Exchange},
    StepInfo{StepId::DistributeRoot, "distribute-root", StepRole::Clients},
    StepInfo{StepId::DnsRecords, "dns-records", StepRole::Dns},
    StepInfo{StepId::ExchangeUrls, "exchange-urls", StepRole::Exchange},
    StepInfo{StepId::SiteScope, "site-scope", StepRole::Exchange},
    StepInfo{StepId::SetScp, "set-scp", StepRole::Exchange},
    StepInfo{StepId::SrvRecord, "srv-record", StepRole::Dns},
    StepInfo{StepId::OutlookUpdate, "outlook-update", StepRole::Clients},
    StepInfo{StepId::AddSecondaryIp, "add-secondary-ip", StepRole::Iis},
    StepInfo{StepId::BindDefaultSite, "bind-default-site", StepRole::Iis},
    StepInfo{StepId::CreateAutodiscoverSite, "create-autodiscover-site", StepRole::Iis},
    // Bound in IIS, but with the certificate Import-ExchangeCertificate returns.
    StepInfo{StepId::BindAutodiscoverCertificate, "bind-autodiscover-certificate", StepRole::Exchange},
    StepInfo{StepId::NewAutodiscoverVdir, "new-autodiscover-vdir", StepRole::Exchange},
    StepInfo{StepId::CreateRedirectSite, "create-redirect-site", StepRole::Iis},
    StepInfo{StepId::TenantRecords, "tenant-records", StepRole::Dns},
    StepInfo{StepId::MailDoors, "mail-doors", StepRole::Exchange},
    StepInfo{StepId::MtaStsSite, "mta-sts-site", StepRole::Iis},
    StepInfo{StepId::PoolCertificate, "pool-certificate", StepRole::Exchange},
};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < k_steps.size(); ++i) {
    if (static_cast<std::size_t>(k_steps[i].step) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "k_steps is indexed by StepId");

}  // namespace

std::span<const StepInfo> step_catalogue() {
  return k_steps;
}

const StepInfo* find_step(std::string_view id) {
  auto it = std::ranges::find(k_steps, id, &StepInfo::id);
  return it == k_steps.end() ? nullptr : &*it;
}

const StepInfo& step_info(StepId step) {
  return k_steps[static_cast<std::size_t>(step)];
}

}  // namespace adplan
