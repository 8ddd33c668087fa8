#pragma once
// Exchange versions and the differences between them that a plan depends on.
#include <optional>
#include <span>
#include <string_view>

namespace adplan {

enum class ExchangeVersion { Ex2007, Ex2010, Ex2013, Ex2016, Ex2019, ExSE };

struct ExchangeTraits {
  ExchangeVersion version;
  std::string_view name;     // "2019", as written in adplan.json
  std::string_view display;  // "Exchange Server 2019"
  // Set-ClientAccessServer up to 2013; Set-ClientAccessService from 2016 (same parameters).
  std::string_view cas_cmdlet;
  bool request_file;                // New-ExchangeCertificate -RequestFile (2013+) vs Set-Content
  bool um_web_services;             // the UM virtual directory exists (2007, 2010 only)
  bool enable_outlook_anywhere;     // Outlook Anywhere must be enabled first (2007, 2010)
  std::string_view end_of_support;  // ISO date; empty while supported
  // MAPI over HTTP (the /mapi virtual directory): Exchange 2013 SP1 (build 15.00.0847.032) and
  // later (Microsoft's MailStore (POX) reference). "2013" in adplan.json stands for any 2013
  // build; the planner notes that SP1 is required (exchange.mapi-needs-sp1).
  bool mapi_http;
  // The organisation switch Set-OrganizationConfig -MapiHttpEnabled is off after setup (2013
  // SP1); from 2016 on, MAPI over HTTP is on by default and the default client protocol.
  bool mapi_http_off_by_default;
};

std::span<const ExchangeTraits> exchange_versions();
const ExchangeTraits& traits(ExchangeVersion v);
std::optional<ExchangeVersion> parse_exchange_version(std::string_view text);

// The services Exchange publishes that a plan can change URLs for, in output order.
// Mapi comes last so that the order of the services planned before it stays as it was.
enum class Service { Autodiscover, Ews, Oab, Um, OutlookAnywhere, Owa, Ecp, ActiveSync, Mapi };

struct ServiceTraits {
  Service service;
  std::string_view key;      // "ews", as written in adplan.json
  std::string_view display;  // "Exchange Web Services"
  std::string_view path;     // conventional path on the Default Web Site
  std::string_view vdir;     // IIS virtual directory name, "EWS"
  std::string_view cmdlet;   // Set-...VirtualDirectory, empty for Outlook Anywhere
};

std::span<const ServiceTraits> services();
const ServiceTraits& traits(Service s);
std::optional<Service> parse_service(std::string_view key);

}  // namespace adplan
