#pragma once
// DANE from key and certificate files (issue 27): the TLSA data of the key that answers the SMTP
// door, read from whichever file holds its public half -- the private key (unencrypted), the CSR
// made with it, or the issued certificate -- and of the CA certificates of an issued chain (for
// DANE-TA). Hashing: openssl/tlsa.hpp, the same code the SMTP probe uses.
#include <adplan/model/error.hpp>
#include <adplan/model/tlsa.hpp>
#include <adplan/pki/pki_files.hpp>
#include <adplan/planner/dane.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// The first PEM object of `pem`: PRIVATE KEY (PKCS#8 or traditional RSA/EC, not encrypted),
// PUBLIC KEY, CERTIFICATE REQUEST or CERTIFICATE. Selector 1 always; selector 0 too for a
// certificate. An encrypted key is input.pem-encrypted (read the .csr beside it instead).
Result<TlsaDigests> tlsa_digests_of_pem(std::string_view pem, std::string_view place);

// Every CERTIFICATE after the first in `pem` (an issued .crt with its chain): the CA
// certificates a DANE-TA(2) record may name, nearest the leaf first.
Result<std::vector<TlsaDigests>> tlsa_issuer_digests(std::string_view pem, std::string_view place);

// Issue 27, `adplan renew`: every certificate of `pem` (the renewed certificate, then its chain),
// leaf first, a certificate repeated right after itself once, each with whether the next one's key
// verifies its signature (what DANE-TA needs): the chain as the server will present it.
Result<std::vector<TlsaDigests>> tlsa_chain_digests(std::string_view pem, std::string_view place);

// pool24's `adplan renew` and `adplan dns`: does the key (or certificate) in `pem` satisfy one of
// these TLSA records as a DANE-EE key would (tlsa_key_match)? The index of the record, nullopt
// when none does; an unreadable PEM is an Error.
Result<std::optional<std::size_t>> pem_matches_tlsa(std::string_view pem, std::string_view place,
                                                    const std::vector<TlsaRecord>& records);

// The public key of one planned key, from the first of its files that holds it: the .key (not
// encrypted), the .csr, the .crt. input.key-missing names all three when none is there.
Result<TlsaDigests> key_file_digests(const PkiPaths& paths);

// What `adplan dns` and `adplan verify` read for DANE from the pki directory: the current key, the
// next key where `csr --next-key` made one, and the CA certificates of the issued .crt's chain.
struct DaneKeyFiles {
  DaneKeys keys;  // planner/dane.hpp
  std::string current_file, next_file;
  Errors problems;  // unreadable files (a missing next key is not a problem)
};
DaneKeyFiles read_dane_key_files(const std::filesystem::path& dir, const PlannedCertificate& cert);

}  // namespace adplan
