#pragma once
// The flags of every probing command (verify, the exporter) that shape the probes, checked
// (issue 22): --dns-server IP[:PORT] (repeatable), --allow-redirect HOST (repeatable; kept
// canonical: an address as written canonically, a name lower case) and --parallel N. The seconds
// of --timeout are checked once, by the caller's check of every seconds value.
#include <adplan/model/error.hpp>
#include <adplan/probe/probe.hpp>

#include <string>
#include <vector>

namespace adplan::probe {

struct ProbeFlags {
  std::vector<std::string> dns_servers;
  std::vector<std::string> allow_redirect;
  int parallel = static_cast<int>(k_default_parallel);
};

// Into `po` (dns_servers, allow_redirect, parallel); every problem, each naming its flag.
Errors apply_probe_flags(const ProbeFlags& f, ProbeOptions& po);

}  // namespace adplan::probe
