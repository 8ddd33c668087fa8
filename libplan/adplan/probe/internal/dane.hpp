#pragma once
// Issue 27: TLSA look-ups with DNSSEC validation (libunbound; c-ares does not validate and the
// AD bit of a forwarder is not trusted). Asks the run's DNS servers (--dns-server, else the
// system's resolv.conf) as forwarders and validates every answer itself from the trust anchor:
// the root's key (/usr/share/dns/root.key, Debian's dns-root-data) or the DS/DNSKEY lines given.
#include <adplan/observe/doors.hpp>
#include <adplan/probe/dns_server.hpp>
#include <adplan/probe/internal/deadline.hpp>
#include <adplan/probe/probe.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::probe {

inline constexpr std::string_view k_root_trust_anchor_file = "/usr/share/dns/root.key";

// The TLSA records of _25._tcp.<host> for each host (sorted, each once), all asked at once and
// answered by the deadline; a question still open then is a Timeout.
std::vector<observe::TlsaLookup> lookup_tlsa(const std::vector<std::string>& hosts,
                                             const std::vector<DnsServer>& servers, const std::string& trust_anchor,
                                             const Deadline& deadline);

// trust_anchor_lines (probe.hpp): what ub_ctx_add_ta takes, one record a line.

// Pure, for tests: a TLSA RDATA in wire form (RFC 6698 2.1) as a record; nullopt when too short.
std::optional<TlsaRecord> tlsa_from_rdata(const unsigned char* data, std::size_t length);

}  // namespace adplan::probe
