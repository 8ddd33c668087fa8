#include <adplan/io/atomic_file.hpp>
#include <adplan/model/seconds.hpp>
#include <adplan/probe/dane_flags.hpp>
#include <adplan/probe/probe.hpp>
#include <adplan/probe/probe_flags.hpp>

namespace adplan::probe {

std::optional<std::string> read_dnssec_trust_anchor(const std::string& file, Errors& errors) {
  const std::string flag = "--dnssec-trust-anchor";
  auto text = read_file(file, 1024 * 1024);
  if (!text) {
    Error e = text.error();
    e.field = e.field.empty() ? flag : flag + ": " + e.field;
    errors.push_back(std::move(e));
    return std::nullopt;
  }
  if (trust_anchor_lines(*text).empty()) {
    errors.push_back({"usage.dnssec-trust-anchor", flag, "\"" + file + "\" holds no DS or DNSKEY record",
                      "give the zone's DS (dnssec-dsfromkey) or DNSKEY (the K*.key file) in zone-file form"});
    return std::nullopt;
  }
  return std::move(*text);
}

RenewDaneRun check_renew_dane_flags(const RenewDaneFlags& f, Errors& errors) {
  RenewDaneRun run;
  run.servers = parse_dns_server_flags(f.dns_servers, errors);
  if (!f.dnssec_trust_anchor.empty()) {
    if (auto text = read_dnssec_trust_anchor(f.dnssec_trust_anchor, errors)) run.trust_anchor = std::move(*text);
  }
  check_seconds(f.timeout, "--timeout", 600, errors);
  run.timeout = timeout_of_seconds(f.timeout);
  run.ignore_dane = f.ignore_dane;
  return run;
}

}  // namespace adplan::probe
