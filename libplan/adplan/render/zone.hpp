#pragma once
// BIND master-file output: record snippets for each zone of a view, or one complete
// loadable zone (SOA, NS) that `named-checkzone -i local` accepts.
#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/render/dns_view.hpp>
#include <adplan/render/template_set.hpp>

#include <cstdint>
#include <optional>

namespace adplan::render {

struct FullZoneOptions {
  HostName domain;                // the zone to write; one of the view's zones
  std::optional<HostName> ns;     // its name server; default ns1.<zone>
  IpAddress ns_ip;                // the name server's address, when it lies inside the zone
  std::uint32_t serial;           // SOA serial, e.g. YYYYMMDD01 from the caller's clock
  bool plan_name_servers = true;  // the plan's name_servers when it has some; false: ns/ns_ip (--ns, --ns-ip)
};

// Every record of the view, grouped by zone, absolute names, each with its reason.
Result<std::string> render_zone_records(const Plan& p, View view, const TemplateSet& templates);

// One complete zone of the view.
Result<std::string> render_full_zone(const Plan& p, View view, const FullZoneOptions& options,
                                     const TemplateSet& templates);

// The SOA serial for a date: YYYYMMDD01 (RFC 1912 2.2 convention).
std::uint32_t zone_serial(std::chrono::year_month_day day);

}  // namespace adplan::render
