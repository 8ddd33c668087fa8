#include <adplan/pki/ca.hpp>

#include <adplan/model/text.hpp>
#include <adplan/pki/internal/botan_io.hpp>
#include <adplan/pki/name_rules.hpp>
#include <adplan/planner/lint.hpp>

#include <botan/bigint.h>
#include <botan/pubkey.h>
#include <botan/x509_ca.h>
#include <botan/x509_ext.h>

#include <algorithm>
#include <set>

namespace adplan {
namespace {

using namespace std::chrono;
namespace ext = Botan::Cert_Extension;

// RFC 5280 4.1.2.2: positive, at most 20 octets. BR 7.1: at least 64 bits from a CSPRNG.
// 128 random bits with the top bit cleared keep the DER INTEGER at 16 octets and positive.
Botan::BigInt random_serial(Botan::RandomNumberGenerator& rng) {
  std::vector<std::uint8_t> bytes(16);
  do {
    rng.randomize(bytes.data(), bytes.size());
    bytes[0] &= 0x7F;
  } while (std::ranges::all_of(bytes, [](std::uint8_t b) { return b == 0; }));
  return Botan::BigInt(bytes.data(), bytes.size());
}

// notBefore through notAfter inclusive is `days` days (BR 6.3.2 counts both ends).
std::pair<Botan::X509_Time, Botan::X509_Time> validity(system_clock::time_point now, int days) {
  auto start = floor<seconds>(now);
  auto end = start + seconds(static_cast<std::int64_t>(days) * 86400 - 1);
  return {Botan::X509_Time(start), Botan::X509_Time(end)};
}

Botan::X509_Certificate sign(const Botan::Private_Key& signer_key, const std::string& hash,
                             Botan::RandomNumberGenerator& rng, const std::vector<std::uint8_t>& subject_public_key,
                             const Botan::X509_DN& issuer, const Botan::X509_DN& subject,
                             const Botan::Extensions& extensions, system_clock::time_point now, int days) {
  Botan::AlgorithmIdentifier sig_algo;
  std::unique_ptr<Botan::PK_Signer> signer(Botan::choose_sig_format(signer_key, rng, hash, sig_algo));
  auto [not_before, not_after] = validity(now, days);
  return Botan::X509_CA::make_cert(signer.get(), rng, random_serial(rng), sig_algo, subject_public_key, not_before,
                                   not_after, issuer, subject, extensions);
}

std::string hash_for(const Botan::Private_Key& key) {
  auto facts = key_facts(key);
  return facts.algorithm == KeyAlgorithm::Ecdsa && facts.bits >= 384 ? "SHA-384" : "SHA-256";
}

std::set<std::string> lowered(const std::vector<std::string>& v) {
  std::set<std::string> out;
  for (const auto& s : v) out.insert(ascii_lower(s));
  return out;
}

std::string joined(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out;
}

}  // namespace

CaPem make_root_ca(const CaInitOptions& o, system_clock::time_point now, Botan::RandomNumberGenerator& rng) {
  auto key = generate_key(o.key, rng);
  Botan::X509_DN dn;
  if (!o.organization.empty()) dn.add_attribute("X520.Organization", o.organization);
  dn.add_attribute("X520.CommonName", o.common_name);
  const auto spki = key->subject_public_key();
  Botan::Extensions e;
  // RFC 5280 4.2.1.9 / BR 7.1.2.1: a root is CA:TRUE, critical; it issues only end-entity certificates.
  e.add(new ext::Basic_Constraints(true, 0), true);
  e.add(new ext::Key_Usage(Botan::Key_Constraints(Botan::KEY_CERT_SIGN | Botan::CRL_SIGN)), true);
  e.add(new ext::Subject_Key_ID(spki, "SHA-256"));
  auto cert = sign(*key, o.key.hash(), rng, spki, dn, dn, e, now, o.days);
  return {private_key_pem(*key, std::nullopt, rng), cert.PEM_encode()};
}

int default_validity_days(year_month_day today) {
  return max_public_validity_days(today);
}

Result<Issued> sign_request(const std::string& ca_cert_pem, const std::string& ca_key_pem, const std::string& csr_pem,
                            const std::string& csr_place, const Plan& plan, const SignOptions& o,
                            Botan::RandomNumberGenerator& rng) {
  auto ca_cert = load_certificate(ca_cert_pem, "ca.crt");
  if (!ca_cert) return std::unexpected(ca_cert.error());
  auto ca_key = load_private_key(ca_key_pem, "ca.key");
  if (!ca_key) return std::unexpected(ca_key.error());
  auto req = load_request(csr_pem, csr_place);
  if (!req) return std::unexpected(req.error());
  if (!ca_cert->is_CA_cert()) {
    return std::unexpected(
        Error{"ca.not-a-ca", "ca.crt", "is not a CA certificate (no CA:TRUE)", "run `adplan ca init`"});
  }
  if ((*ca_key)->subject_public_key() != ca_cert->subject_public_key_info()) {
    return std::unexpected(
        Error{"ca.key-mismatch", "ca.key", "does not belong to ca.crt", "use the key `adplan ca init` wrote with it"});
  }
  if (o.days <= 0) return std::unexpected(Error{"input.days", "days", "must be at least 1", {}});

  Issued out;
  auto names = requested_names(*req);
  out.common_name = names.common_name;
  const std::string subject = names.common_name.empty() ? csr_place : names.common_name;
  std::unique_ptr<Botan::Public_Key> pub(req->subject_public_key());
  if (!req->check_signature(*pub)) {
    out.findings.push_back({"csr.bad-signature",
                            Severity::Error,
                            subject,
                            "the request's self-signature does not verify (RFC 2986 4.2): it was altered or damaged",
                            "make the request again with `adplan csr --force`",
                            {}});
  }
  for (auto& f : check_key(key_facts(*pub), subject, CertificateSource::Internal)) out.findings.push_back(std::move(f));
  for (auto& f : check_names(names, CertificateSource::Internal)) out.findings.push_back(std::move(f));

  // The names must be exactly the Plan's: the request is matched by its common name.
  const PlannedCertificate* planned = nullptr;
  const auto cn = lowered({names.common_name});
  for (const auto& c : plan.certificates) {
    if (cn.contains(c.common_name.str())) planned = &c;
  }
  if (!planned) {
    out.findings.push_back({"csr.not-planned",
                            Severity::Error,
                            subject,
                            "the plan has no certificate with the common name \"" + names.common_name + "\"",
                            "sign the requests `adplan csr` made from this adplan.json",
                            {}});
  } else {
    out.planned_key = planned->key;
    std::vector<std::string> want_v;
    for (const auto& h : planned->sans) want_v.push_back(h.str());
    auto want = lowered(want_v);
    auto have = lowered(names.dns);
    for (const auto& ip : names.ips) have.insert(ip);
    std::set<std::string> missing, extra;
    std::ranges::set_difference(want, have, std::inserter(missing, missing.end()));
    std::ranges::set_difference(have, want, std::inserter(extra, extra.end()));
    if (!missing.empty()) {
      out.findings.push_back({"csr.san-missing", Severity::Error, subject,
                              "the request lacks names the plan needs on this certificate: " + joined(missing),
                              "make the request again with `adplan csr --force`", "requested: " + joined(have)});
    }
    if (!extra.empty()) {
      out.findings.push_back({"csr.san-extra", Severity::Error, subject,
                              "the request asks for names the plan does not put on this certificate: " + joined(extra),
                              "make the request again with `adplan csr --force`", "requested: " + joined(have)});
    }
  }
  const int public_max = max_public_validity_days(year_month_day{floor<days>(o.now)});
  if (o.days > k_max_private_validity_days) {
    out.findings.push_back({"ca.validity",
                            Severity::Error,
                            subject,
                            std::to_string(o.days) + " days is longer than the 825 days Apple platforms accept for any "
                                                     "TLS server certificate, even from a private CA",
                            "use --days " + std::to_string(public_max),
                            {}});
  } else if (o.days > public_max) {
    out.findings.push_back({"ca.validity",
                            Severity::Warning,
                            subject,
                            std::to_string(o.days) + " days is longer than today's public maximum of " +
                                std::to_string(public_max) + " days (CA/B Forum ballot SC-081)",
                            "use --days " + std::to_string(public_max),
                            {}});
  }
  // RFC 5280 6.1.3: a chain is valid only while every certificate in it is; a leaf that
  // outlives its root stops working on the root's last day.
  const auto root_end = ca_cert->not_after().to_std_timepoint();
  if (o.now + seconds(static_cast<std::int64_t>(o.days) * 86400 - 1) > root_end) {
    out.findings.push_back(
        {"ca.outlives-root",
         Severity::Error,
         subject,
         "the certificate would outlive the root, which expires " + ca_cert->not_after().readable_string(),
         "use fewer --days, or make a new root with `adplan ca init --force` and distribute it",
         {}});
  }
  sort_findings(out.findings);
  if (has_errors(out.findings)) return out;

  // Our own extensions; from the request only the (checked) SAN.
  const auto spki = req->raw_public_key();
  const auto facts = key_facts(*pub);
  Botan::Extensions e;
  e.add(new ext::Basic_Constraints(false), true);
  e.add(new ext::Key_Usage(facts.algorithm == KeyAlgorithm::Rsa
                               ? Botan::Key_Constraints(Botan::DIGITAL_SIGNATURE | Botan::KEY_ENCIPHERMENT)
                               : Botan::DIGITAL_SIGNATURE),
        true);
  e.add(new ext::Extended_Key_Usage({Botan::OID::from_string("PKIX.ServerAuth")}));
  e.add(new ext::Subject_Key_ID(spki, "SHA-256"));
  e.add(new ext::Authority_Key_ID(ca_cert->subject_key_id()));
  Botan::AlternativeName alt;
  for (const auto& h : planned->sans) alt.add_attribute("DNS", h.str());
  e.add(new ext::Subject_Alternative_Name(alt));
  auto cert = sign(**ca_key, hash_for(**ca_key), rng, spki, ca_cert->subject_dn(), req->subject_dn(), e, o.now, o.days);
  out.cert_pem = cert.PEM_encode();
  return out;
}

}  // namespace adplan
