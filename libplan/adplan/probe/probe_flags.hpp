#pragma once
// The flags of every probing command (verify, the exporter) that shape the probes, checked
// (issue 22): --dns-server IP[:PORT] (repeatable), --allow-redirect HOST (repeatable; kept
// canonical: an address as written canonically, a name lower case) and --parallel N. The seconds
// of --timeout are checked once, by the caller's check of every seconds value.
#include <adplan/model/error.hpp>
#include <adplan/probe/dns_server.hpp>
#include <adplan/probe/probe.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan::probe {

// Each --dns-server IP[:PORT], parsed; a bad one is an error naming the flag, added to `errors`.
std::vector<DnsServer> parse_dns_server_flags(const std::vector<std::string>& texts, Errors& errors);

// verify --cert FILE (issue 23): the facts of its first PEM certificate, else usage.cert naming
// the file, added to `errors`.
std::optional<CertificateFacts> read_cert_flag(const std::string& file, Errors& errors);

struct ProbeFlags {
  std::vector<std::string> dns_servers;
  std::vector<std::string> allow_redirect;
  int parallel = static_cast<int>(k_default_parallel);
  std::string ca_file;  // --ca-file: a PEM file of CAs to trust besides the system store
};

// Into `po` (dns_servers, allow_redirect, parallel, anchors.ca_file, which must be a file); every problem, each naming
// its flag.
Errors apply_probe_flags(const ProbeFlags& f, ProbeOptions& po);

}  // namespace adplan::probe
