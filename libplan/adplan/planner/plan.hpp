#pragma once
// Everything derived from adplan.json and the chosen scenario. Renderers, CSR generation and
// the verifier read names and URLs from here; nothing re-derives them.
#include <adplan/model/deployment.hpp>
#include <adplan/model/finding.hpp>
#include <adplan/scenario/scenario.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace adplan {

struct PlannedCertificate {
  std::string key;  // "default", "autodiscover"
  HostName common_name;
  std::vector<HostName> sans;               // common name first, then sorted; CN always included
  std::string site;                         // IIS site it is bound to
  std::vector<std::string> bindings;        // server-side "ip:port"
  std::vector<std::string> internal_names;  // SANs a public CA will not issue (BR 7.1.2.7.12)
  // The MTA-STS policy host's own certificate (RFC 8461 3.3): planned in every scenario, served
  // by the policy web server, never counted against the scenario's certificate rules.
  bool mta_sts_policy = false;
  [[nodiscard]] bool covers(const HostName& host) const;  // exact or leftmost-label wildcard
};

struct SiteBinding {
  std::string server;  // Exchange server name
  IpAddress ip;        // server-side address
  int port;
};

struct PlannedSite {
  std::string key;   // "default", "autodiscover", "redirect"
  std::string name;  // "Default Web Site"
  bool tls;
  int port;
  std::optional<std::string> certificate;  // the certificate's key
  std::vector<SiteBinding> bindings;       // one per server
  IpAddress public_ip;                     // the public address that reaches it
  std::vector<HostName> hosts;             // names that resolve to it
  std::optional<std::string> redirect_to;  // 302 target (scenario 4)
};

struct DnsRecord {
  std::string zone;   // "contoso.com" (no trailing dot)
  std::string name;   // absolute: "mail.contoso.com."
  std::string type;   // A, AAAA, SRV
  std::string value;  // "203.0.113.10", "0 0 443 mail.contoso.com."
  std::uint32_t ttl;
  std::string comment;  // why it is there
};

struct DnsZone {
  std::string view;  // "external" | "internal"
  std::string name;
  bool create;  // the zone must be created (split-brain zone for the external namespace)
  std::string note;
};

struct ScpEntry {
  std::string server;
  std::string site;                     // the server's AD site ("" when unknown)
  std::vector<std::string> site_scope;  // Site= keywords the SCP carries
  std::string url;                      // serviceBindingInformation
  bool changed;                         // differs from what setup writes
  std::string cmdlet;                   // empty when nothing to change
};

struct ServiceUrl {
  Service service;
  std::string server;
  std::string internal;  // URL (Outlook Anywhere: host name)
  std::string external;
  bool internal_changed;
  std::string cmdlet;
};

// For one AD site, the SCP URLs a domain-joined client there tries, in order.
struct ScpSiteOrder {
  std::string site;  // "*": a site with no SCP scoped to it
  std::vector<std::string> urls;
};

struct PlanStep {
  std::string id;
  std::string title;
  std::string detail;
  std::vector<std::string> commands;  // PowerShell or DNS lines, ready to paste
};

// One mail door endpoint of the plan (issue 23): what the Exchange script binds and what
// `adplan verify` probes. One per (kind, host, port); see door_ports() for the ports.
struct PlannedDoor {
  DoorKind kind;  // smtp (the host is an MX host of every accepted domain), submission, imap, pop
  HostName host;
  int port;     // 25, 587, 993, 143, 995, 110
  DoorTls tls;  // implicit TLS or STARTTLS/STLS
  // The key of the PlannedCertificate that answers the door (Plan::certificate(key)); empty when
  // no planned certificate names the host (the plan then holds a door.not-covered error).
  std::string certificate;
};

// MTA-STS (RFC 8461) and TLS reporting (RFC 8460) for one accepted domain.
struct PlannedMtaSts {
  HostName domain;             // contoso.com
  MtaStsMode mode;             // the policy's mode
  std::vector<HostName> mx;    // the policy's mx patterns: the plan's MX hosts (RFC 8461 3.2)
  std::uint32_t max_age;       // seconds, at most 31557600
  std::string policy;          // the policy file, CRLF lines (RFC 8461 3.2)
  std::string id;              // the TXT record's id: 1-32 alphanumerics, from the policy text
  HostName policy_host;        // mta-sts.contoso.com
  std::string policy_url;      // https://mta-sts.contoso.com/.well-known/mta-sts.txt
  std::string certificate;     // key of the certificate the policy host presents ("mta-sts")
  std::string sts_record;      // _mta-sts TXT value: "v=STSv1; id=..." (RFC 8461 3.1)
  std::string tls_rpt_record;  // _smtp._tls TXT value: "v=TLSRPTv1; rua=mailto:..." (RFC 8460 3)
};

// Issue 24: one member of a load-balanced pool: a Client Access server by its own address.
struct PoolMember {
  std::string server;  // Exchange server name
  IpAddress ip;        // its own (primary) address
};

// Issue 24: the load balancer of one namespace and the servers behind it.
struct PlannedPool {
  HostName name_space;               // the namespace (mail.contoso.com)
  std::vector<IpAddress> addresses;  // the load balancer's addresses
  LbTls tls;
  std::vector<PoolMember> members;  // every Client Access server, in adplan.json's order (the rollout order)
  std::string certificate;          // key of the planned certificate that names the namespace ("" none)
};

// Issue 27: DANE for the MX hosts (RFC 7672): a TLSA RRset at _25._tcp.<host> for each, whose
// data `adplan dns` computes from the key files of `certificate` (pki_paths), and how renewals
// keep it valid.
struct PlannedDane {
  std::vector<TlsaParams> tlsa;  // usage selector matching, as planned ("3 1 1" first by default)
  DaneRollover rollover;
  std::vector<HostName> hosts;  // the MX hosts, preference order
  std::string certificate;      // key of the PlannedCertificate the smtp door presents ("" none)
  std::uint32_t ttl;            // the records' TTL: a next key's record goes out 2 x TTL before the switch
};

struct Plan {
  int scenario;
  std::string scenario_key;
  std::string scenario_title;
  ExchangeVersion exchange;
  CertificateSource ca;
  std::vector<HostName> domains;
  std::optional<HostName> internal_domain;  // the AD namespace when it differs
  std::vector<Server> servers;              // the Client Access servers, as given
  HostName external_host;
  HostName autodiscover_host;
  std::string autodiscover_url;    // https://<external host>/autodiscover/autodiscover.xml
  std::string external_discovery;  // first DNS method external Outlook succeeds with
  Requirements requirements;
  std::vector<PlannedCertificate> certificates;
  std::vector<PlannedSite> sites;
  std::vector<DnsRecord> dns_external;
  std::vector<DnsRecord> dns_internal;
  std::vector<DnsZone> zones;
  std::vector<ScpEntry> scp;
  std::vector<ScpSiteOrder> scp_order;
  std::vector<ServiceUrl> urls;
  std::vector<PlanStep> steps;
  std::vector<Finding> findings;
  std::vector<HostName> caa_issuers = {};  // adplan.json's caa_issuers: the CAs CAA lets issue
  std::vector<NameServer> name_servers;    // adplan.json name_servers: the full zones' NS (empty: ns1.<zone>)
  std::string exchange_organization = std::string(k_default_exchange_organization);  // the SCPs' organisation
  // Mail doors (issue 23): by kind, then the door's hosts as adplan.json lists them, then the
  // kind's ports (door_ports order); empty when adplan.json plans none (today's behaviour). The
  // verifier probes each entry; `mx` below keeps the MX preference order.
  std::vector<PlannedDoor> doors = {};
  std::vector<HostName> mx = {};            // MX hosts of every accepted domain, preference order
  std::vector<PlannedMtaSts> mta_sts = {};  // domains with an MTA-STS policy, in `domains` order
  std::optional<PlannedDane> dane = {};     // issue 27: TLSA for the MX hosts (needs the smtp door)
  // The issued certificate's TlsCertificateName (`adplan render --cert FILE`); absent: the
  // Exchange script reads it from the installed certificate.
  std::optional<std::string> tls_certificate_name = {};
  // Issue 24: the load-balanced pools (adplan.json load_balancers, in its order), whether Extended
  // Protection is on (adplan.json, else the version's default) and whether a hybrid configuration
  // names the certificate.
  std::vector<PlannedPool> pools = {};
  bool extended_protection = false;
  bool hybrid = false;

  [[nodiscard]] const PlannedCertificate* certificate(std::string_view key) const;
  [[nodiscard]] const PlannedSite* site(std::string_view key) const;
};

struct PlanOptions {
  std::chrono::year_month_day today;  // for today's certificate and support rules
  // "<I>issuer<S>subject" of the certificate that answers the smtp door (pki/tls_name.hpp), when
  // the caller read the issued certificate; the connectors' TlsCertificateName.
  std::optional<std::string> tls_certificate_name = {};
};

// Pure: the same inputs always give the same Plan.
Plan make_plan(const Deployment& d, const Scenario& s, const PlanOptions& options);

// The URL Exchange uses for Autodiscover on a host.
std::string autodiscover_url(const HostName& host);

}  // namespace adplan
