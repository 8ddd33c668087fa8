#pragma once
// The DANE flags checked (issue 27): --dnssec-trust-anchor as verify and renew read it, and
// renew's look-up of the TLSA records its MX hosts publish (--dns-server, --dnssec-trust-anchor,
// --timeout, --ignore-dane). Every problem is a usage error naming its flag.
#include <adplan/model/error.hpp>
#include <adplan/probe/dns_server.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace adplan::probe {

// --dnssec-trust-anchor FILE: its text, which must hold a DS or DNSKEY record (trust_anchor_lines);
// else the problem, naming the flag, goes to `errors`.
std::optional<std::string> read_dnssec_trust_anchor(const std::string& file, Errors& errors);

// renew's DANE flags as typed.
struct RenewDaneFlags {
  std::vector<std::string> dns_servers;
  std::string dnssec_trust_anchor;
  double timeout = 10;
  bool ignore_dane = false;
};

// ... and as checked.
struct RenewDaneRun {
  std::vector<DnsServer> servers;
  std::string trust_anchor;  // "" the root's key
  std::chrono::milliseconds timeout{10000};
  bool ignore_dane = false;
};

// Every flag checked (--timeout by model/seconds.hpp, at most 600), problems added to `errors`;
// nothing looked up yet.
RenewDaneRun check_renew_dane_flags(const RenewDaneFlags& flags, Errors& errors);

}  // namespace adplan::probe
