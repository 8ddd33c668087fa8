#pragma once
// Issue 27: the TLSA records of the plan's MX hosts (RFC 7672 2.2.3: _25._tcp.<host>), from the
// key data the caller read (pki/tlsa.hpp reads the key files; the planner reads no file).
#include <adplan/model/tlsa.hpp>
#include <adplan/planner/plan.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan {

// The keys of the certificate answering the smtp door.
struct DaneKeys {
  std::optional<TlsaDigests> current;  // the key in service (absent: not made yet)
  std::optional<TlsaDigests> next;     // csr --next-key's, published ahead of the switch
  std::vector<TlsaDigests> issuers;    // the issued chain's CA certificates, for DANE-TA
};

// For every MX host and planned parameter set: the current key's record, the next key's
// (DANE-EE: a key is known before its certificate only by selector 1), and DANE-TA's for each
// issuer. Sorted by owner, then value, no repeats; the plan's TTL; the zone the host's address
// record is in. Empty without DANE in the plan.
std::vector<DnsRecord> tlsa_records(const Plan& p, const DaneKeys& keys);

// What the records cannot say yet, one line each ("no key file yet: ..."): for the caller to print.
std::vector<std::string> tlsa_gaps(const Plan& p, const DaneKeys& keys);

}  // namespace adplan
