#pragma once
// CAA as a CA reads it (RFC 8659): the record's wire form, the relevant RRset found by climbing
// the name tree, and whether an issuer may issue for a name. Plain data and pure functions: the
// probe asks DNS, the judge and unit tests call these.
#include <adplan/model/error.hpp>
#include <adplan/observe/observations.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::observe {

inline constexpr int k_type_caa = 257;  // RFC 8659 7.1 (IANA)

// CaaRecord and CaaLookup (the observation) live in observations.hpp.

// RFC 8659 4.1: flags (1 octet), tag length (1 octet, 1..15), tag (ASCII letters and digits),
// value (the rest of the RDATA). Any bytes at all: a hostile server writes them; errors have
// the code dns.caa-malformed and say what is wrong.
Result<CaaRecord> parse_caa_rdata(std::span<const unsigned char> rdata);

// One CAA question as the probe saw it: the records at the name (reached through a CNAME when
// the name is an alias: normal DNS resolution, RFC 8659 3), or why there were none.
struct CaaAnswer {
  DnsStatus status = DnsStatus::Error;  // Ok (records), NoData, NxDomain, or a failure
  std::vector<CaaRecord> records;
  std::string alias;  // the CNAME target the answer came from ("" when none)
  std::size_t malformed = 0;
};

// RFC 8659 3: the names searched for X, from X up to but not including the root:
// "mail.contoso.com" -> {"mail.contoso.com", "contoso.com", "com"}.
std::vector<std::string> caa_search_names(std::string_view name);

// The relevant RRset of a name (RFC 8659 3): the CAA RRset of the first name of
// caa_search_names that has one (CaaLookup::relevant; empty when none has a set).
CaaLookup relevant_caa(std::string_view name, const std::function<CaaAnswer(const std::string&)>& query);
// The same over answers already gathered (the probe asks every search name at once).
CaaLookup relevant_caa(std::string_view name, const std::map<std::string, CaaAnswer>& answers);

// RFC 8659 4.2-4.3 (and 5.1 for the critical flag): may the CA with issuer domain `issuer` issue
// for a name under this relevant set? `wildcard`: the name asked for is a wildcard, so issuewild
// decides when the set has any. `why` says which record decided.
struct CaaVerdict {
  bool permitted = true;
  std::string why;
};
CaaVerdict caa_permits(const std::vector<CaaRecord>& relevant, std::string_view issuer, bool wildcard);

}  // namespace adplan::observe
