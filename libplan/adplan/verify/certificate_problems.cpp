#include <adplan/verify/internal/certificate_problems.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/planner/key_spec.hpp>
#include <adplan/planner/lifetime.hpp>
#include <adplan/planner/lint.hpp>

#include <chrono>

namespace adplan::verify {
namespace {

using namespace std::chrono;

// The certificate's names as a report quotes them: each shortened, at most k_max_names of them.
std::string names_of(const observe::CertificateFacts& c) {
  constexpr std::size_t k_max_names = 20;
  std::string out;
  for (std::size_t i = 0; i < c.dns_names.size() && i < k_max_names; ++i)
    out += (out.empty() ? "" : " ") + shown(c.dns_names[i], 100);
  if (c.dns_names.size() > k_max_names) out += " and " + std::to_string(c.dns_names.size() - k_max_names) + " more";
  return out.empty() ? "(no DNS names; CN=" + shown(c.common_name, 100) + ")" : out;
}

// CA/B Forum BR 6.1.5: RSA at least 2048 bits; ECDSA on P-256 or larger. DSA is gone.
bool weak_key(const observe::CertificateFacts& c) {
  if (c.key_type == "RSA") return c.key_bits < k_min_rsa_bits;
  if (c.key_type.starts_with("EC")) return c.key_bits < 256;
  if (c.key_type == "DSA") return true;
  return false;
}

// CA/B Forum BR 7.1.3.2: no SHA-1 (nor MD5, MD2, MD4) signatures on certificates.
bool weak_digest(const observe::CertificateFacts& c) {
  return c.signature_digest == "SHA1" || c.signature_digest == "MD5" || c.signature_digest == "MD4" ||
         c.signature_digest == "MD2";
}

}  // namespace

bool CertificateProblem::warns_user() const {
  return id != "tls.expiring-soon" && id != "tls.wildcard";
}

std::string certificate_summary(const observe::CertificateFacts& leaf) {
  return "CN=" + shown(leaf.common_name, 100) + ", SAN " + names_of(leaf) + ", " + leaf.key_type + " " +
         std::to_string(leaf.key_bits) + ", " + leaf.signature_algorithm + ", valid " + iso_date(leaf.not_before) +
         " to " + iso_date(leaf.not_after) + ", issuer " + shown(leaf.issuer);
}

std::vector<CertificateProblem> certificate_problems(const observe::TlsFacts& tls, const std::string& host,
                                                     const ClockRules& clock) {
  std::vector<CertificateProblem> out;
  if (tls.chain.empty()) return out;
  const auto& leaf = tls.chain.front();
  if (!tls.trusted) {
    std::string why;
    for (const auto& e : tls.trust_errors) why += (why.empty() ? "" : "; ") + e;
    out.push_back({"tls.untrusted", "issuer " + shown(leaf.issuer) + ": " + why});
  }
  if (!tls.name_matches) {
    out.push_back({"tls.name-mismatch", "\"" + host + "\" is not among " + names_of(leaf)});
  }
  for (std::size_t i = 0; i < tls.chain.size(); ++i) {
    const auto& c = tls.chain[i];
    std::string which =
        i == 0 ? "the certificate" : "chain certificate " + std::to_string(i) + " (" + shown(c.subject) + ")";
    if (c.not_after < clock.now) {
      out.push_back({"tls.expired", which + " expired on " + iso_date(c.not_after)});
    } else if (c.not_before > clock.now) {
      out.push_back({"tls.not-yet-valid", which + " is valid only from " + iso_date(c.not_before)});
    } else if (i == 0 && expiring_soon(c.not_before, c.not_after, clock.now)) {
      // Less than a third of the lifetime left, as ACME clients judge it (30 days for lifetimes
      // over 398 days); the evidence says when renewal was due and SC-081's maximum now.
      out.push_back(
          {"tls.expiring-soon",
           which + " expires on " + iso_date(c.not_after) + "; " + renewal_sentence(c.not_before, c.not_after) +
               "; a certificate issued now lives at most " +
               std::to_string(max_public_validity_days(year_month_day{floor<days>(sys_seconds{seconds{clock.now}})})) +
               " days (CA/B Forum ballot SC-081)"});
    }
    // A self-signed root's own key and signature are the trust anchor's business, not the chain's.
    if (c.self_signed && i > 0) continue;
    if (weak_key(c))
      out.push_back({"tls.weak-key", which + " has a " + c.key_type + " " + std::to_string(c.key_bits) + "-bit key"});
    if (weak_digest(c)) out.push_back({"tls.weak-signature", which + " is signed with " + c.signature_algorithm});
  }
  if (tls.name_matches && tls.matched_name.starts_with("*.")) {
    out.push_back({"tls.wildcard", "\"" + host + "\" is covered by the wildcard " + shown(tls.matched_name, 100)});
  }
  return out;
}

}  // namespace adplan::verify
