#pragma once
// What the administrator knows about the organisation: the typed, validated form of
// adplan.json. Every value here has been parsed; nothing downstream re-validates.
#include <adplan/model/deployment_doors.hpp>
#include <adplan/model/deployment_pool.hpp>
#include <adplan/model/exchange.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

enum class CertificateSource { Public, Internal };

struct Server {
  std::string name;                       // Exchange server name, used as -Identity
  std::string netbios;                    // NetBIOS name (upper case)
  HostName fqdn;                          // internal FQDN (cas01.contoso.local)
  std::string site;                       // Active Directory site; empty when not given
  std::vector<std::string> site_scope;    // AutoDiscoverSiteScope; empty: Exchange's default
  IpAddress ip;                           // primary IP (Default Web Site)
  std::optional<IpAddress> secondary_ip;  // scenarios 3 and 4: the second web site
};

struct Subject {
  std::string organization;  // O
  std::string unit;          // OU
  std::string locality;      // L
  std::string state;         // ST
  std::string country;       // C, two letters
};

// A name server of the planned zones (full zones' NS records); the address is the glue record
// a name server inside its own zone needs (RFC 1034 4.2.1).
struct NameServer {
  HostName name;
  std::optional<IpAddress> ip;
};

// Exchange setup's default organisation name (the SCP objects' container).
inline constexpr std::string_view k_default_exchange_organization = "First Organization";

struct Deployment {
  static constexpr int k_format_version = 1;

  int scenario;
  ExchangeVersion exchange;
  std::vector<HostName> domains;                 // SMTP domains, primary first
  HostName external_host;                        // mail.contoso.com
  HostName autodiscover_host;                    // autodiscover.<primary domain>
  std::optional<HostName> internal_domain;       // contoso.local, when it differs
  std::vector<Server> servers;                   // Client Access servers
  IpAddress public_ip;                           // resolves to the Default Web Site
  std::optional<IpAddress> secondary_public_ip;  // scenarios 3, 4
  CertificateSource ca;
  std::vector<Service> services;  // published services, sorted, no Autodiscover
  Subject subject;
  std::uint32_t dns_ttl;
  // CAA issuer domains of the CAs that may issue (RFC 8659 4.2: "letsencrypt.org"); empty: the
  // plan publishes no CAA records (lint says how to add them).
  std::vector<HostName> caa_issuers = {};
  std::vector<NameServer> name_servers;  // full zones' NS; empty: ns1.<zone>
  std::string exchange_organization = std::string(k_default_exchange_organization);  // SCP LDIF
  // Mail doors and MTA-STS (deployment_doors.hpp). All empty: only the web doors, as before.
  std::vector<MailDoor> doors = {};        // sorted by kind, each kind at most once
  std::vector<MtaStsDomain> mta_sts = {};  // domains with a policy, in `domains` order; needs a smtp door
  std::uint32_t mta_sts_max_age = k_mta_sts_default_max_age;  // RFC 8461 3.2, seconds
  std::optional<EmailAddress> tls_rpt = {};                   // TLS-RPT rua; absent: tlsrpt@<primary domain>
  // Issue 24 (deployment_pool.hpp): load balancers per namespace, Extended Protection, hybrid.
  std::vector<LoadBalancer> load_balancers = {};  // at most one per namespace, in adplan.json's order
  std::optional<bool> extended_protection = {};   // absent: extended_protection_default(exchange)
  bool hybrid = false;                            // a hybrid configuration (Set-HybridConfiguration) exists
  std::optional<DaneInput> dane = {};             // issue 27: TLSA for the MX hosts; needs a smtp door

  [[nodiscard]] const HostName& primary_domain() const { return domains.front(); }
  [[nodiscard]] bool publishes(Service s) const;
  [[nodiscard]] const MailDoor* door(DoorKind kind) const;  // nullptr when not planned
  [[nodiscard]] bool extended_protection_on() const {
    return extended_protection.value_or(extended_protection_default(exchange));
  }
};

// The services published when adplan.json does not say: everything the version has.
std::vector<Service> default_services(ExchangeVersion v);

}  // namespace adplan
