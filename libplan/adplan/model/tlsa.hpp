#pragma once
// DANE (issue 27): TLSA records (RFC 6698) and the matching rules SMTP senders apply to them
// (RFC 7671, RFC 7672), as plain data. The digests a record is compared with are computed at the
// edges -- pki from key and certificate files, probe from the chain a door presented
// (openssl/tlsa.hpp) -- so matching here is a comparison of hex strings, testable by hand.
#include <adplan/model/error.hpp>
#include <adplan/model/host_name.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// RFC 6698 2.1.1 / RFC 7218: certificate usages.
inline constexpr int k_tlsa_pkix_ta = 0;
inline constexpr int k_tlsa_pkix_ee = 1;
inline constexpr int k_tlsa_dane_ta = 2;
inline constexpr int k_tlsa_dane_ee = 3;

// Usage, selector, matching type: what `init --dane 3 1 1,2 1 1` plans.
struct TlsaParams {
  int usage = k_tlsa_dane_ee;
  int selector = 1;                       // 0 full certificate, 1 SubjectPublicKeyInfo (RFC 6698 2.1.2)
  int matching = 1;                       // 0 exact, 1 SHA-256, 2 SHA-512 (RFC 6698 2.1.3)
  [[nodiscard]] std::string str() const;  // "3 1 1"
  friend bool operator==(const TlsaParams&, const TlsaParams&) = default;
};

// "3 1 1" -> the three fields; input.tlsa naming what is wrong. Only what SMTP senders use is
// accepted for planning: usage 2 (DANE-TA) or 3 (DANE-EE) (RFC 7672 3.1.3: PKIX usages 0 and 1
// are not for SMTP); selector 0 or 1; matching 1 or 2 (a digest; exact data is not planned).
Result<TlsaParams> parse_tlsa_params(std::string_view text);
// "3 1 1,2 1 1" -> each, in order, no repeats.
Result<std::vector<TlsaParams>> parse_tlsa_param_list(std::string_view text);

// One TLSA record's RDATA.
struct TlsaRecord {
  int usage = 0;
  int selector = 0;
  int matching = 0;
  std::string data;  // certificate association data, lower-case hex
  [[nodiscard]] TlsaParams params() const { return {usage, selector, matching}; }
  [[nodiscard]] std::string str() const;  // "3 1 1 <hex>", the zone file's presentation form
  friend bool operator==(const TlsaRecord&, const TlsaRecord&) = default;
};

// "3 1 1 9f86d0...": three numbers and hex (spaces inside the hex allowed, RFC 6698 2.2).
Result<TlsaRecord> parse_tlsa_record(std::string_view text);

// RFC 7672 3.1.3 and RFC 7671 5: a record a DANE SMTP sender can use -- usage 2 or 3,
// selector 0 or 1, matching 0, 1 or 2, data of the digest's length. Others are "unusable".
bool tlsa_usable(const TlsaRecord& r);

// The owner name of an SMTP server's TLSA records (RFC 7672 2.2.3): "_25._tcp.mail.contoso.com".
std::string tlsa_owner(std::string_view mx_host, int port = 25);

// One certificate (or key) as DANE sees it: the association data for each selector and matching
// type (RFC 6698 2.1.2, 2.1.3), lower-case hex; empty where unknown (a key has no certificate).
struct TlsaDigests {
  std::string cert_full, cert_sha256, cert_sha512;  // selector 0: the DER certificate
  std::string spki_full, spki_sha256, spki_sha512;  // selector 1: the DER SubjectPublicKeyInfo
  bool signed_by_next = false;  // in a presented chain: the next certificate's key verifies this one's signature
  // The data a record of this selector and matching type is compared with ("" none).
  [[nodiscard]] const std::string& data(int selector, int matching) const;
};

// The record of these parameters for a key or certificate; nullopt when the digest is unknown
// (selector 0 of a bare key) -- what `adplan dns` publishes and a mismatch's remedy names.
std::optional<TlsaRecord> tlsa_record_for(const TlsaDigests& d, TlsaParams p);

// What the SMTP door presented, for matching: its chain as sent (leaf first) and the checks
// DANE-TA needs on the leaf (RFC 7672 3.2.2: the name; RFC 7671 5.2.2: a chain to the TA).
struct DaneCandidate {
  std::vector<TlsaDigests> chain;  // leaf first
  bool leaf_name_matches = false;  // the leaf names the MX host (DANE-EE ignores it, RFC 7672 3.1.1)
  bool leaf_in_date = false;       // the leaf is within its validity (DANE-EE ignores it, RFC 7672 3.1.1)
};

struct DaneMatch {
  std::optional<std::size_t> record;  // index of the first record that authenticates the peer
  std::size_t depth = 0;              // the chain position it matched (0: the leaf)
  std::size_t usable = 0;             // records a sender can use (tlsa_usable)
  std::vector<std::string> notes;     // why a DANE-TA record that matched a certificate did not count
};

// RFC 7671 / RFC 7672 3.1: the peer is authenticated when one usable record matches --
//   DANE-EE(3): the leaf's certificate or key, names and dates ignored (RFC 7672 3.1.1);
//   DANE-TA(2): a certificate above the leaf in the presented chain (RFC 7671 5.2.2: the server
//               sends the TA certificate), every link below it signed by the next, and the leaf
//               naming the host and in date (RFC 7672 3.1.2, 3.2.2).
DaneMatch dane_match(std::span<const TlsaRecord> records, const DaneCandidate& peer);

// For a renewal (issue 24's `adplan renew`) and `adplan dns`: the index of the first record a key
// alone satisfies -- a usable DANE-EE record of selector 1 whose data is the key's digest. A key
// does not satisfy DANE-TA (that names the CA's key) nor selector 0 (a certificate not yet issued).
std::optional<std::size_t> tlsa_key_match(std::span<const TlsaRecord> records, const TlsaDigests& key);

}  // namespace adplan
