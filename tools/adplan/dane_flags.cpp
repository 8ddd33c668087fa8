#include "dane_flags.hpp"

#include "common.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/pki/tlsa.hpp>
#include <adplan/probe/probe.hpp>

namespace adplan::cli {

std::optional<std::string> read_dnssec_trust_anchor(const std::string& file, Errors& errors) {
  auto text = read_file(file, 1024 * 1024);
  if (!text) {
    errors.push_back(with_flag(text.error(), "--dnssec-trust-anchor"));
    return std::nullopt;
  }
  if (probe::trust_anchor_lines(*text).empty()) {
    errors.push_back(
        usage_error("dnssec-trust-anchor", "--dnssec-trust-anchor", "\"" + file + "\" holds no DS or DNSKEY record",
                    "give the zone's DS (dnssec-dsfromkey) or DNSKEY (the K*.key file) in zone-file form"));
    return std::nullopt;
  }
  return std::move(*text);
}

void add_renew_dane_flags(CLI::App& cmd, RenewDaneFlags& f) {
  cmd.add_option("--dns-server", f.dns_servers,
                 "DNS server IP[:PORT] to ask for the MX hosts' TLSA records (repeatable; default: the system's)")
      ->type_name("IP[:PORT]");
  cmd.add_option("--dnssec-trust-anchor", f.dnssec_trust_anchor,
                 "DS or DNSKEY records (zone-file form) to validate the TLSA records from, for private and lab zones "
                 "(default: the root's key)");
  cmd.add_option("--timeout", f.timeout, "seconds for the TLSA look-ups where the plan has DANE (default 10)");
  cmd.add_flag("--ignore-dane", f.ignore_dane,
               "write the rollout even when the new key matches no published TLSA record (emergencies only: DANE "
               "senders stop delivering until it is published); the warning is still printed");
}

RenewDaneRun check_renew_dane_flags(const RenewDaneFlags& f, Errors& errors) {
  RenewDaneRun run;
  for (const auto& text : f.dns_servers) {
    if (auto s = probe::parse_dns_server(text))
      run.servers.push_back(*s);
    else
      errors.push_back(with_flag(as_error(s.error(), "usage.dns-server"), "--dns-server"));
  }
  if (!f.dnssec_trust_anchor.empty()) {
    if (auto text = read_dnssec_trust_anchor(f.dnssec_trust_anchor, errors)) run.trust_anchor = std::move(*text);
  }
  if (!(f.timeout > 0 && f.timeout <= 600))
    errors.push_back(usage_error("timeout", "--timeout", "must be between 0 and 600 seconds"));
  run.timeout = probe::timeout_of_seconds(f.timeout);
  run.ignore_dane = f.ignore_dane;
  return run;
}

Result<verify::RenewalDane> renewal_dane(const Plan& plan, const std::string& planned_key, std::string_view pem,
                                         std::string_view place, const RenewDaneRun& run) {
  const auto hosts = verify::renewal_dane_hosts(plan, planned_key);
  if (hosts.empty()) return verify::RenewalDane{};  // no DANE for this certificate: nothing to ask
  auto chain = tlsa_chain_digests(pem, place);
  if (!chain) return std::unexpected(chain.error());
  const auto answers = probe::lookup_tlsa_validated(hosts, run.servers, run.trust_anchor, run.timeout);
  return verify::judge_renewal_dane(plan, answers, *chain, run.ignore_dane);
}

}  // namespace adplan::cli
