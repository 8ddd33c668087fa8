#pragma once
// The DANE flags (issue 27): --dnssec-trust-anchor as verify and renew read it, and renew's check
// of a renewed certificate against the TLSA records its MX hosts publish (--dns-server,
// --dnssec-trust-anchor, --timeout, --ignore-dane). The decision is verify/renewal_dane.hpp's.
#include "context.hpp"

#include <adplan/model/error.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/probe/dns_server.hpp>
#include <adplan/verify/renewal_dane.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::cli {

// --dnssec-trust-anchor FILE: its text, which must hold a DS or DNSKEY record; else a usage error
// naming the flag goes to `errors`.
std::optional<std::string> read_dnssec_trust_anchor(const std::string& file, Errors& errors);

struct RenewDaneFlags {
  std::vector<std::string> dns_servers;
  std::string dnssec_trust_anchor;
  double timeout = 10;
  bool ignore_dane = false;
};

void add_renew_dane_flags(CLI::App& cmd, RenewDaneFlags& flags);

struct RenewDaneRun {
  std::vector<probe::DnsServer> servers;
  std::string trust_anchor;  // "" the root's key
  std::chrono::milliseconds timeout{10000};
  bool ignore_dane = false;
};

// Every flag checked, problems added to `errors` (nothing looked up yet).
RenewDaneRun check_renew_dane_flags(const RenewDaneFlags& flags, Errors& errors);

// Where the plan has DANE for the renewed certificate (`planned_key`): the TLSA records of its MX
// hosts looked up with DNSSEC validation and judged against `pem` (the certificate, then its
// chain); no look-up and no finding otherwise. An unreadable certificate is an Error.
Result<verify::RenewalDane> renewal_dane(const Plan& plan, const std::string& planned_key, std::string_view pem,
                                         std::string_view place, const RenewDaneRun& run);

}  // namespace adplan::cli
