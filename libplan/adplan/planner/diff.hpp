#pragma once
// What changes between two plans (`adplan diff`), grouped by the team that makes the change,
// and a change plan that makes it without an outage: new certificates and names first, then
// DNS and the TTL to wait, then the SCP and service URLs, removals last. Pure: two Plans in,
// one Diff out, sorted so the same pair always gives the same Diff.
#include <adplan/planner/plan.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

enum class ChangeKind { Added, Removed, Changed };
std::string_view to_string(ChangeKind k);  // "add", "remove", "change"

// A plain value of the plan (scenario, external host, a domain, a server); empty: absent.
struct ValueDiff {
  std::string field;  // "scenario", "domain", "server CAS02"
  std::string before;
  std::string after;
};

struct CertificateDiff {
  ChangeKind kind;  // Added: a new certificate; Removed: retire it; Changed: reissue or rebind
  std::string key;  // "default", "autodiscover"
  std::optional<PlannedCertificate> before, after;
  std::vector<std::string> names_added, names_removed;  // SAN entries
  std::vector<std::string> bindings_added, bindings_removed;
  bool reissue = false;  // the names changed: the CA must issue a new certificate
};

// The records of one owner name and type in one view: the values to add and to remove
// (a TTL change removes and adds the same value).
struct DnsDiff {
  std::string view;  // "external" | "internal"
  std::string zone, name, type;
  ChangeKind kind;
  std::vector<DnsRecord> added, removed;
};

struct ZoneDiff {
  std::string view, zone;
  ChangeKind kind;  // Added / Removed only
  bool create;      // a split-brain zone to create (Added) or that was created (Removed)
  std::string note;
};

struct ScpDiff {
  ChangeKind kind;
  std::string server;
  std::optional<ScpEntry> before, after;
  std::string command;  // the Set-ClientAccessServer line that makes `after`; empty when none applies
};

struct UrlDiff {
  ChangeKind kind;
  std::string server;
  Service service;
  std::optional<ServiceUrl> before, after;
  std::string command;  // the Set-* line that makes `after`
};

struct SiteDiff {
  ChangeKind kind;   // Added: create; Removed: delete; Changed: see the lists
  std::string key;   // "default", "autodiscover", "redirect"
  std::string name;  // IIS site name
  std::optional<PlannedSite> before, after;
  std::vector<SiteBinding> bindings_added, bindings_removed;
  std::vector<ValueDiff> values;  // port, tls, public IP, certificate, redirect, hosts
};

// An address a server or the organisation needs (the second IPs of scenarios 3 and 4).
struct AddressDiff {
  ChangeKind kind;
  std::string owner;  // a server name, or "public"
  std::string role;   // "IP", "second IP", "public IP"
  std::string before, after;
};

// One step of the change plan, with how to check it.
struct ChangeStep {
  std::string id;  // "certificates", "sites", "dns", "wait-ttl", "urls", "removals"
  std::string title;
  std::string detail;
  std::vector<std::string> commands;
  std::string check;  // the command that shows the step worked
};

struct Diff {
  int scenario_before = 0, scenario_after = 0;
  std::string title_before, title_after;
  Requirements requirements_before, requirements_after;
  std::vector<ValueDiff> values;  // scenario, exchange, ca, hosts, domains, servers
  std::vector<CertificateDiff> certificates;
  std::vector<ZoneDiff> zones;
  std::vector<DnsDiff> dns;
  std::vector<ScpDiff> scp;
  std::vector<UrlDiff> urls;
  std::vector<SiteDiff> sites;
  std::vector<AddressDiff> addresses;
  std::uint32_t ttl_wait = 0;  // seconds: the longest TTL of a record that changes or goes
  std::vector<ChangeStep> steps;

  // The plans are the same: nothing to change (the change plan is empty too).
  [[nodiscard]] bool empty() const;
};

struct DiffOptions {
  std::string new_plan = "adplan.json";  // the new adplan.json, as the checks name it
};

Diff diff_plans(const Plan& before, const Plan& after, const DiffOptions& options = {});

// Windows DNS Server (DnsServer module) lines that add or remove one record.
std::string windows_dns_add(const DnsRecord& r);
std::string windows_dns_remove(const DnsRecord& r);

}  // namespace adplan
