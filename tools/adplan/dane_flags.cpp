#include "dane_flags.hpp"

#include <adplan/pki/tlsa.hpp>
#include <adplan/probe/probe.hpp>

namespace adplan::cli {

void add_renew_dane_flags(CLI::App& cmd, probe::RenewDaneFlags& f) {
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

Result<verify::RenewalDane> renewal_dane(const Plan& plan, const std::string& planned_key, std::string_view pem,
                                         std::string_view place, const probe::RenewDaneRun& run) {
  const auto hosts = verify::renewal_dane_hosts(plan, planned_key);
  if (hosts.empty()) return verify::RenewalDane{};  // no DANE for this certificate: nothing to ask
  auto chain = tlsa_chain_digests(pem, place);
  if (!chain) return std::unexpected(chain.error());
  const auto answers = probe::lookup_tlsa_validated(hosts, run.servers, run.trust_anchor, run.timeout);
  return verify::judge_renewal_dane(plan, answers, *chain, run.ignore_dane);
}

}  // namespace adplan::cli
