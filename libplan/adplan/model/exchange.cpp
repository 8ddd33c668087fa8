#include <adplan/model/exchange.hpp>

#include <algorithm>
#include <array>

namespace adplan {
namespace {

// End-of-support dates: Microsoft Lifecycle (2007: 2017-04-11; 2010: 2020-10-13;
// 2013: 2023-04-11; 2016 and 2019: 2025-10-14). Subscription Edition is current and the default.
// MAPI over HTTP: from 2013 SP1 (off until Set-OrganizationConfig -MapiHttpEnabled $true); on
// by default from 2016.
constexpr std::array<ExchangeTraits, 6> k_versions{{
    {ExchangeVersion::Ex2007, "2007", "Exchange Server 2007", "Set-ClientAccessServer", false, true, true, "2017-04-11",
     false, false},
    {ExchangeVersion::Ex2010, "2010", "Exchange Server 2010", "Set-ClientAccessServer", false, true, true, "2020-10-13",
     false, false},
    {ExchangeVersion::Ex2013, "2013", "Exchange Server 2013", "Set-ClientAccessServer", true, false, false,
     "2023-04-11", true, true},
    {ExchangeVersion::Ex2016, "2016", "Exchange Server 2016", "Set-ClientAccessService", true, false, false,
     "2025-10-14", true, false},
    {ExchangeVersion::Ex2019, "2019", "Exchange Server 2019", "Set-ClientAccessService", true, false, false,
     "2025-10-14", true, false},
    {ExchangeVersion::ExSE, "SE", "Exchange Server Subscription Edition", "Set-ClientAccessService", true, false, false,
     "", true, false},
}};

constexpr std::array<ServiceTraits, 9> k_services{{
    {Service::Autodiscover, "autodiscover", "Autodiscover", "/autodiscover/autodiscover.xml", "Autodiscover",
     "Set-AutodiscoverVirtualDirectory"},
    {Service::Ews, "ews", "Exchange Web Services (Availability, OOF)", "/EWS/Exchange.asmx", "EWS",
     "Set-WebServicesVirtualDirectory"},
    {Service::Oab, "oab", "Offline Address Book", "/OAB", "OAB", "Set-OABVirtualDirectory"},
    {Service::Um, "um", "Unified Messaging web service", "/UnifiedMessaging/Service.asmx", "UnifiedMessaging",
     "Set-UMVirtualDirectory"},
    {Service::OutlookAnywhere, "outlook-anywhere", "Outlook Anywhere (RPC over HTTP)", "/rpc", "Rpc", ""},
    {Service::Owa, "owa", "Outlook on the web", "/owa", "owa", "Set-OwaVirtualDirectory"},
    {Service::Ecp, "ecp", "Exchange Control Panel", "/ecp", "ecp", "Set-EcpVirtualDirectory"},
    {Service::ActiveSync, "activesync", "Exchange ActiveSync", "/Microsoft-Server-ActiveSync",
     "Microsoft-Server-ActiveSync", "Set-ActiveSyncVirtualDirectory"},
    // MAPI over HTTP: Outlook connects to /mapi/emsmdb (mailbox) and /mapi/nspi (address book).
    {Service::Mapi, "mapi", "MAPI over HTTP", "/mapi", "mapi", "Set-MapiVirtualDirectory"},
}};

}  // namespace

std::span<const ExchangeTraits> exchange_versions() {
  return k_versions;
}

const ExchangeTraits& traits(ExchangeVersion v) {
  return *std::ranges::find(k_versions, v, &ExchangeTraits::version);
}

std::optional<ExchangeVersion> parse_exchange_version(std::string_view text) {
  for (const auto& t : k_versions) {
    if (t.name == text || (t.name == "SE" && (text == "se" || text == "subscription"))) return t.version;
  }
  return std::nullopt;
}

std::span<const ServiceTraits> services() {
  return k_services;
}

const ServiceTraits& traits(Service s) {
  return *std::ranges::find(k_services, s, &ServiceTraits::service);
}

std::optional<Service> parse_service(std::string_view key) {
  for (const auto& t : k_services) {
    if (t.key == key) return t.service;
  }
  return std::nullopt;
}

}  // namespace adplan
