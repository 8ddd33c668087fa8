#include <adplan/pki/name_rules.hpp>

#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/model/text.hpp>

#include <algorithm>

namespace adplan {
namespace {

Severity severity_for(CertificateSource ca) {
  return ca == CertificateSource::Public ? Severity::Error : Severity::Warning;
}

std::string ca_word(CertificateSource ca) {
  return ca == CertificateSource::Public ? "a public CA will refuse it" : "allowed for the internal CA only";
}

void check_wildcard(std::vector<Finding>& out, const std::string& name, CertificateSource ca) {
  if (name.find('*') == std::string::npos) return;
  const std::string rest = name.starts_with("*.") ? name.substr(2) : std::string();
  // BR 7.1.2.7.12 / RFC 6125 6.4.3: "*" only as the whole leftmost label.
  if (rest.empty() || rest.find('*') != std::string::npos || rest.find('.') == std::string::npos) {
    out.push_back({"csr.wildcard",
                   severity_for(ca),
                   name,
                   "\"" + name +
                       "\": a wildcard must be the whole leftmost label of a name with at least two more "
                       "labels (CA/Browser Forum Baseline Requirements 7.1.2.7.12; RFC 6125 6.4.3); " +
                       ca_word(ca),
                   "use \"*.<domain>\" or list the host names",
                   {}});
    return;
  }
  // BR 3.2.2.6: no wildcard directly under a public suffix ("*.co.uk").
  if (is_public_suffix(rest)) {
    out.push_back({"csr.wildcard",
                   severity_for(ca),
                   name,
                   "\"" + name + "\" is a wildcard directly under the public suffix \"" + rest +
                       "\" (CA/Browser Forum Baseline Requirements 3.2.2.6); " + ca_word(ca),
                   "put the wildcard under your registered domain",
                   {}});
  }
}

}  // namespace

RequestedNames requested_names(const PlannedCertificate& cert) {
  RequestedNames n{cert.common_name.str(), {}, {}};
  for (const auto& h : cert.sans) n.dns.push_back(h.str());
  return n;
}

KeyFacts key_facts(const KeySpec& spec) {
  return {spec.algorithm, spec.bits, spec.curve()};
}

std::vector<Finding> check_names(const RequestedNames& names, CertificateSource ca) {
  std::vector<Finding> out;
  const std::string subject =
      names.common_name.empty() ? (names.dns.empty() ? "(no name)" : names.dns.front()) : names.common_name;
  if (names.dns.empty() && names.ips.empty()) {
    // BR 7.1.2.7.12: the subjectAltName extension is required and holds every name.
    out.push_back({"csr.no-san",
                   Severity::Error,
                   subject,
                   "the request has no subjectAltName: browsers and Outlook ignore the CN, and the CA/Browser "
                   "Forum Baseline Requirements 7.1.2.7.12 require every name in the SAN",
                   "request the names as subjectAltName DNS entries",
                   {}});
  }
  for (const auto& raw : names.dns) {
    const std::string name = ascii_lower(raw);
    check_wildcard(out, name, ca);
    std::string base = name.starts_with("*.") ? name.substr(2) : name;
    if (IpAddress::parse(base)) {
      out.push_back({"csr.ip-as-dns-name",
                     Severity::Error,
                     name,
                     "\"" + name +
                         "\" is an IP address in a dNSName entry (RFC 5280 4.2.1.6: addresses go in "
                         "iPAddress entries)",
                     "drop it, or request the address as an IP SAN",
                     {}});
    } else if (is_internal_name(base)) {
      // BR 4.2.2 and 7.1.2.7.12: no Internal Names in publicly trusted certificates since 2015.
      out.push_back(
          {"csr.internal-name",
           severity_for(ca),
           name,
           "\"" + name +
               "\" is an internal name (single label or no public top-level domain); "
               "CA/Browser Forum Baseline Requirements 4.2.2 and 7.1.2.7.12 forbid it in publicly trusted "
               "certificates since 2015; " +
               ca_word(ca),
           ca == CertificateSource::Public
               ? "point internal URLs at a public name (scenarios 2-4), or use the internal CA (`ca: internal`)"
               : "clients must trust the internal root (adplan ca init prints how)",
           {}});
    }
  }
  for (const auto& text : names.ips) {
    auto ip = IpAddress::parse(text);
    if (!ip) {
      out.push_back({"csr.bad-ip", Severity::Error, text, "\"" + text + "\" is not an IP address", "drop it", {}});
    } else if (ip->scope() != IpScope::Public) {
      // BR 7.1.2.7.12: no Reserved IP Addresses (RFC 6890 special-purpose ranges).
      out.push_back({"csr.reserved-ip",
                     severity_for(ca),
                     text,
                     "\"" + text + "\" is a reserved IP address (" + std::string(to_string(ip->scope())) +
                         "); CA/Browser Forum Baseline Requirements 4.2.2 and 7.1.2.7.12 forbid it in publicly "
                         "trusted certificates; " +
                         ca_word(ca),
                     "use a host name with a public DNS record",
                     {}});
    }
  }
  if (!names.common_name.empty()) {
    const std::string cn = ascii_lower(names.common_name);
    bool in_san = std::ranges::any_of(names.dns, [&](const std::string& d) { return ascii_lower(d) == cn; }) ||
                  std::ranges::find(names.ips, names.common_name) != names.ips.end();
    if (!in_san) {
      // BR 7.1.4.3 (7.1.2.7.2 subject): the commonName, if present, must be one of the SAN entries.
      out.push_back({"csr.cn-not-in-san",
                     severity_for(ca),
                     names.common_name,
                     "the common name \"" + names.common_name +
                         "\" is not one of the subjectAltName entries "
                         "(CA/Browser Forum Baseline Requirements 7.1.4.3: the CN must repeat a SAN entry)",
                     "add the common name to the SAN list",
                     {}});
    }
  }
  return out;
}

std::vector<Finding> check_key(const KeyFacts& key, const std::string& subject, CertificateSource ca) {
  std::vector<Finding> out;
  if (key.algorithm == KeyAlgorithm::Rsa) {
    // BR 6.1.5: RSA modulus at least 2048 bits and divisible by 8.
    if (key.bits < k_min_rsa_bits) {
      out.push_back({"csr.key-too-small",
                     Severity::Error,
                     subject,
                     "an RSA key of " + std::to_string(key.bits) +
                         " bits is refused: at least 2048 bits "
                         "(CA/Browser Forum Baseline Requirements 6.1.5; OpenSSL 3 clients reject smaller keys too)",
                     "make a new key with --key rsa:2048 or larger",
                     {}});
    } else if (key.bits % 8 != 0) {
      out.push_back({"csr.key-size",
                     severity_for(ca),
                     subject,
                     "an RSA modulus of " + std::to_string(key.bits) +
                         " bits is not divisible by 8 "
                         "(CA/Browser Forum Baseline Requirements 6.1.5)",
                     "make a new key with --key rsa:2048",
                     {}});
    }
    return out;
  }
  static constexpr std::string_view k_allowed[] = {"prime256v1", "secp256r1", "P-256", "secp384r1",
                                                   "P-384",      "secp521r1", "P-521"};
  if (std::ranges::find(k_allowed, std::string_view(key.curve)) == std::end(k_allowed)) {
    out.push_back({"csr.curve",
                   severity_for(ca),
                   subject,
                   "the ECDSA curve \"" + key.curve +
                       "\" is not allowed: only NIST P-256, P-384 and P-521 "
                       "(CA/Browser Forum Baseline Requirements 6.1.5); " +
                       ca_word(ca),
                   "use --key ec:p256 or ec:p384",
                   {}});
  }
  return out;
}

std::vector<Finding> check_exchange_key(const KeySpec& key, ExchangeVersion version, const std::string& subject) {
  if (key.algorithm == KeyAlgorithm::Rsa) return {};
  const auto& t = traits(version);
  bool never =
      version == ExchangeVersion::Ex2007 || version == ExchangeVersion::Ex2010 || version == ExchangeVersion::Ex2013;
  std::string message = never ? std::string(t.display) + " cannot use ECC certificates at all"
                              : "Exchange supports ECC certificates only from the 2024 hotfix updates of Exchange "
                                "2016 CU23 and Exchange 2019 CU13/CU14 (and Exchange SE), off by default, and not "
                                "for every use (" +
                                    std::string(t.display) + " planned)";
  return {{"csr.ecc-exchange",
           never ? Severity::Error : Severity::Warning,
           subject,
           message,
           "use --key rsa:2048 (Exchange's default), or enable ECC support on every Exchange server first",
           {}}};
}

}  // namespace adplan
