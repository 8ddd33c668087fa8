#include <adplan/pki/cert_check.hpp>

#include <adplan/model/date.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/openssl/ptr.hpp>
#include <adplan/pki/name_rules.hpp>
#include <adplan/pki/tls_name.hpp>
#include <adplan/planner/lifetime.hpp>
#include <adplan/planner/lint.hpp>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <set>

namespace adplan {
namespace {

using namespace std::chrono;

std::time_t to_time(const ASN1_TIME* t) {
  std::tm tm{};
  ASN1_TIME_to_tm(t, &tm);
  return ::timegm(&tm);
}

std::string ossl_error() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "no PEM data";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

Result<ossl::X509Ptr> parse_cert(const std::string& pem, const std::string& place) {
  auto bio = ossl::memory_bio(pem);
  ossl::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    return std::unexpected(Error{"input.pem", place, "is not a PEM certificate (" + ossl_error() + ")",
                                 "give the certificate the CA issued, in PEM form"});
  }
  return cert;
}

// Every certificate in a PEM bundle; an empty bundle is an Error.
Result<ossl::X509Stack> parse_bundle(const std::string& pem, const std::string& place) {
  ossl::X509Stack stack(sk_X509_new_null());
  auto bio = ossl::memory_bio(pem);
  while (X509* c = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) sk_X509_push(stack.get(), c);
  ERR_clear_error();
  if (sk_X509_num(stack.get()) == 0) {
    return std::unexpected(Error{"input.pem", place, "holds no PEM certificate", "give a PEM bundle"});
  }
  return stack;
}

std::string common_name(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (i < 0) return {};
  const ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
  // The CA's bytes: valid UTF-8 here, escaped for a terminal where printed.
  return to_valid_utf8(
      {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), static_cast<std::size_t>(ASN1_STRING_length(s))});
}

RequestedNames names_of(X509* cert) {
  RequestedNames n{common_name(cert), {}, {}};
  ossl::GeneralNames sans(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans.get()); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(sans.get(), i);
    if (g->type == GEN_DNS) {
      n.dns.push_back(to_valid_utf8({reinterpret_cast<const char*>(ASN1_STRING_get0_data(g->d.dNSName)),
                                     static_cast<std::size_t>(ASN1_STRING_length(g->d.dNSName))}));
    } else if (g->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = g->d.iPAddress;
      const int len = ASN1_STRING_length(ip);
      char text[INET6_ADDRSTRLEN] = {};
      if ((len == 4 || len == 16) &&
          ::inet_ntop(len == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(ip), text, sizeof text)) {
        n.ips.emplace_back(text);
      }
    }
  }
  return n;
}

KeyFacts key_facts_of(EVP_PKEY* pk) {
  KeyFacts k;
  k.bits = EVP_PKEY_get_bits(pk);
  if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC) {
    k.algorithm = KeyAlgorithm::Ecdsa;
    char group[80] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len)) k.curve = group;
  } else if (EVP_PKEY_get_base_id(pk) != EVP_PKEY_RSA) {
    k.algorithm = KeyAlgorithm::Ecdsa;  // neither RSA nor EC: judged as a disallowed curve
    k.curve = OBJ_nid2sn(EVP_PKEY_get_base_id(pk));
  }
  return k;
}

// Errors X509_verify_cert met, collected by the callback so that all are reported.
struct VerifyLog {
  std::vector<std::pair<int, int>> errors;  // (error, depth)
};

int collect(int ok, X509_STORE_CTX* ctx) {
  if (ok) return ok;
  int err = X509_STORE_CTX_get_error(ctx);
  int depth = X509_STORE_CTX_get_error_depth(ctx);
  // The leaf's dates and purpose have findings of their own.
  bool own = depth == 0 && (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID ||
                            err == X509_V_ERR_INVALID_PURPOSE);
  auto* log = static_cast<VerifyLog*>(X509_STORE_CTX_get_app_data(ctx));
  if (!own && log && std::ranges::find(log->errors, std::pair{err, depth}) == log->errors.end()) {
    log->errors.emplace_back(err, depth);
  }
  return 1;  // go on, to collect every problem
}

int passphrase_cb(char* buf, int size, int, void* user) {
  const auto* pass = static_cast<const std::string*>(user);
  if (!pass || pass->size() > static_cast<std::size_t>(size)) return 0;
  std::memcpy(buf, pass->data(), pass->size());
  return static_cast<int>(pass->size());
}

class Checker {
 public:
  Checker(const CertCheckInput& in, const Plan& plan, system_clock::time_point now)
      : m_in(in), m_plan(plan), m_now(system_clock::to_time_t(now)) {}

  Result<CertCheckResult> run() {
    auto cert = parse_cert(m_in.cert_pem, m_in.cert_place);
    if (!cert) return std::unexpected(cert.error());
    m_cert = std::move(*cert);
    auto planned = planned_certificate_for(m_in.cert_pem, m_in.cert_place, m_plan);
    if (!planned) return std::unexpected(planned.error());
    m_planned = *planned;
    m_names = names_of(m_cert.get());
    m_subject = m_names.common_name.empty() ? m_in.cert_place : m_names.common_name;
    facts();
    names();
    if (auto r = key_match(); !r) return std::unexpected(r.error());
    if (auto r = chain(); !r) return std::unexpected(r.error());
    dates();
    algorithms();
    usage();
    sort_findings(m_out.findings);
    return std::move(m_out);
  }

 private:
  void add(std::string id, Severity sev, std::string subject, std::string message, std::string remedy,
           std::string evidence = {}) {
    m_out.findings.push_back(
        {std::move(id), sev, std::move(subject), std::move(message), std::move(remedy), std::move(evidence)});
  }

  Severity public_error() const { return m_plan.ca == CertificateSource::Public ? Severity::Error : Severity::Warning; }

  void facts() {
    auto& f = m_out.facts;
    f.common_name = m_names.common_name;
    f.dns = m_names.dns;
    if (auto name = tls_certificate_name(m_in.cert_pem, m_in.cert_place)) f.tls_certificate_name = *name;
    f.not_before = iso_date_time(to_time(X509_get0_notBefore(m_cert.get())));
    f.not_after = iso_date_time(to_time(X509_get0_notAfter(m_cert.get())));
    auto k = key_facts_of(X509_get0_pubkey(m_cert.get()));
    f.key = k.algorithm == KeyAlgorithm::Rsa ? "rsa:" + std::to_string(k.bits) : "ec:" + k.curve;
    f.signature = OBJ_nid2ln(X509_get_signature_nid(m_cert.get()));
  }

  void names() {
    std::string sans;
    for (const auto& d : m_names.dns) sans += (sans.empty() ? "" : " ") + d;
    if (!m_planned) {
      add("cert.not-planned", Severity::Error, m_subject,
          "no certificate of the plan has the common name \"" + m_names.common_name + "\" or one of its names",
          "check the certificate against the adplan.json it was requested for", "SAN: " + sans);
      return;
    }
    m_out.planned_key = m_planned->key;
    // The names the plan needs: the certificate's own list and every host resolving to its site.
    std::vector<std::string> needed;
    for (const auto& h : m_planned->sans) needed.push_back(h.str());
    for (const auto& site : m_plan.sites) {
      if (site.certificate != m_planned->key) continue;
      for (const auto& h : site.hosts) {
        if (std::ranges::find(needed, h.str()) == needed.end()) needed.push_back(h.str());
      }
    }
    for (const auto& name : needed) {
      // How TLS clients match (RFC 6125 6.4): SAN only, a wildcard as the whole leftmost label.
      int r = X509_check_host(m_cert.get(), name.data(), name.size(),
                              X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr);
      if (r != 1) {
        add("cert.name-missing", Severity::Error, name,
            "the certificate does not cover " + name + ", which the plan needs on the " + m_planned->site +
                " certificate: clients would see a name mismatch (KB 940726)",
            "request it again from `adplan csr` output; the CA must issue every SAN of the request", "SAN: " + sans);
      }
    }
    for (const auto& d : m_names.dns) {
      if (std::ranges::find(needed, ascii_lower(d)) == needed.end()) {
        add("cert.name-extra", Severity::Info, d, "the certificate names " + d + ", which the plan does not need",
            "nothing, unless the name should not be there", "SAN: " + sans);
      }
    }
    for (auto& f : check_names(m_names, m_plan.ca)) {
      if (f.id == "csr.internal-name" || f.id == "csr.reserved-ip" || f.id == "csr.cn-not-in-san" ||
          f.id == "csr.no-san" || f.id == "csr.wildcard") {
        f.id.replace(0, 3, "cert");
        m_out.findings.push_back(std::move(f));
      }
    }
  }

  Result<void> key_match() {
    EVP_PKEY* cert_key = X509_get0_pubkey(m_cert.get());
    if (!m_in.key_pem && !m_in.csr_pem) {
      add("cert.key-unchecked", Severity::Info, m_subject,
          "no key or request was found beside the certificate, so the key match was not checked",
          "give --key FILE or --csr FILE (adplan csr writes <common name>.key and .csr)");
      return {};
    }
    if (m_in.key_pem) {
      bool encrypted = m_in.key_pem->find("ENCRYPTED") != std::string::npos;
      auto bio = ossl::memory_bio(*m_in.key_pem);
      const std::string* pass = m_in.passphrase ? &*m_in.passphrase : nullptr;
      ossl::Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_cb, const_cast<std::string*>(pass)));
      ERR_clear_error();
      if (!key && encrypted && !pass) {
        add("cert.key-unchecked", Severity::Info, m_subject, "the private key is encrypted and no passphrase was given",
            "give --passphrase-file FILE, or --csr FILE");
      } else if (!key) {
        return std::unexpected(Error{
            "input.pem", "key", "is not a readable private key" + std::string(encrypted ? " (wrong passphrase?)" : ""),
            "give the key `adplan csr` wrote"});
      } else if (EVP_PKEY_eq(cert_key, key.get()) != 1) {
        add("cert.key-mismatch", Severity::Error, m_subject,
            "the certificate's public key does not belong to the private key on disk: it cannot be installed with it",
            "have the CA issue the certificate for the request made with that key");
      }
    }
    if (m_in.csr_pem) {
      auto bio = ossl::memory_bio(*m_in.csr_pem);
      ossl::X509Req req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
      ERR_clear_error();
      if (!req) return std::unexpected(Error{"input.pem", "csr", "is not a PEM certificate request", {}});
      if (EVP_PKEY_eq(cert_key, X509_REQ_get0_pubkey(req.get())) != 1) {
        add("cert.key-mismatch", Severity::Error, m_subject,
            "the certificate's public key is not the one in the certificate request: the CA issued it for another "
            "request",
            "submit the request `adplan csr` wrote, or make a new one with `adplan csr --force`");
      }
    }
    return {};
  }

  Result<void> chain() {
    ossl::Store store(X509_STORE_new());
    std::string anchors = "the system's trusted roots";
    if (m_in.roots_pem) {
      auto roots = parse_bundle(*m_in.roots_pem, "ca_file");
      if (!roots) return std::unexpected(roots.error());
      for (int i = 0; i < sk_X509_num(roots->get()); ++i)
        X509_STORE_add_cert(store.get(), sk_X509_value(roots->get(), i));
      anchors = "the roots in --ca-file";
    } else {
      X509_STORE_set_default_paths(store.get());
    }
    ossl::X509Stack untrusted(sk_X509_new_null());
    if (m_in.chain_pem) {
      auto chain = parse_bundle(*m_in.chain_pem, "chain");
      if (!chain) return std::unexpected(chain.error());
      untrusted = std::move(*chain);
    }
    X509_STORE_set_verify_cb(store.get(), collect);
    ossl::StoreCtx ctx(X509_STORE_CTX_new());
    X509_STORE_CTX_init(ctx.get(), store.get(), m_cert.get(), untrusted.get());
    X509_STORE_CTX_set_time(ctx.get(), 0, m_now);
    VerifyLog log;
    X509_STORE_CTX_set_app_data(ctx.get(), &log);
    X509_verify_cert(ctx.get());
    ERR_clear_error();
    for (auto [err, depth] : log.errors) {
      // "unable to verify the first certificate" only repeats a missing issuer.
      if (err == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE && std::ranges::any_of(log.errors, [](auto e) {
            return e.first == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
          })) {
        continue;
      }
      add("cert.chain", Severity::Error, m_subject,
          "the chain to " + anchors + " does not verify: " + X509_verify_cert_error_string(err) +
              " (OpenSSL verify error " + std::to_string(err) + " at depth " + std::to_string(depth) + ")",
          "give the CA's intermediates with --chain and its root with --ca-file; install both with the certificate");
    }
    return {};
  }

  void dates() {
    std::time_t nb = to_time(X509_get0_notBefore(m_cert.get()));
    std::time_t na = to_time(X509_get0_notAfter(m_cert.get()));
    std::string seen =
        "valid " + m_out.facts.not_before + " to " + m_out.facts.not_after + ", now " + iso_date_time(m_now);
    if (m_now < nb) {
      add("cert.not-yet-valid", Severity::Error, m_subject, "the certificate is not valid yet (RFC 5280 4.1.2.5)",
          "wait until notBefore, or check the clocks of the CA and this machine", seen);
    } else if (m_now > na) {
      add("cert.expired", Severity::Error, m_subject, "the certificate has expired (RFC 5280 4.1.2.5)",
          "renew it: `adplan csr --force`, then have it issued again", seen);
    } else if (expiring_soon(nb, na, m_now)) {
      // What ACME clients do: renew when a third of the lifetime is left (30 days of 90); the old
      // fixed 30 days for lifetimes over 398 days.
      add("cert.expiring", Severity::Warning, m_subject,
          "less than a third of the certificate's lifetime is left: " + renewal_sentence(nb, na),
          "renew it now: run the ACME client (`adplan acme`), or `adplan csr --force` and have it issued again", seen);
    }
    // When the next renewal is due, and the SC-081 maximum a certificate issued then may have.
    const std::int64_t due = renewal_due(nb, na);
    m_out.facts.renewal_due = iso_date(due);
    m_out.facts.next_max_validity_days = max_public_validity_days(
        year_month_day{floor<days>(system_clock::from_time_t(std::max<std::int64_t>(due, m_now)))});
    // BR 6.3.2: notBefore through notAfter inclusive, at most the maximum of its issue date.
    long long lifetime_s = static_cast<long long>(na - nb) + 1;
    long long lifetime_days = (lifetime_s + 86399) / 86400;
    auto issued = year_month_day{floor<days>(system_clock::from_time_t(nb))};
    int max = max_public_validity_days(issued);
    if (lifetime_days > max) {
      add("cert.lifetime", public_error(), m_subject,
          "the certificate is valid for " + std::to_string(lifetime_days) +
              " days; publicly trusted certificates "
              "issued then may be valid for at most " +
              std::to_string(max) + " days (CA/B Forum BR 6.3.2, ballot SC-081)",
          "have it issued with a validity of at most " + std::to_string(max) + " days", seen);
    }
  }

  void algorithms() {
    auto key = key_facts_of(X509_get0_pubkey(m_cert.get()));
    for (auto& f : check_key(key, m_subject, m_plan.ca)) {
      f.id.replace(0, 3, "cert");
      m_out.findings.push_back(std::move(f));
    }
    int md = NID_undef, pk = NID_undef;
    int sig = X509_get_signature_nid(m_cert.get());
    if (OBJ_find_sigid_algs(sig, &md, &pk) && (md == NID_sha1 || md == NID_md5 || md == NID_md4 || md == NID_md2)) {
      // BR 7.1.3.2: no SHA-1 (or weaker) signatures; OpenSSL 3 clients fail such chains (error 68).
      add("cert.weak-signature", Severity::Error, m_subject,
          std::string("the certificate is signed with ") + OBJ_nid2ln(sig) +
              ": SHA-1 and older digests are forbidden (CA/B Forum BR 7.1.3.2) and refused by current clients",
          "have it issued again with SHA-256 or stronger", OBJ_nid2ln(sig));
    }
  }

  void usage() {
    std::uint32_t flags = X509_get_extension_flags(m_cert.get());
    if (flags & EXFLAG_CA) {
      add("cert.is-ca", Severity::Error, m_subject,
          "the server certificate says CA:TRUE: a server certificate must be CA:FALSE (RFC 5280 4.2.1.9; BR 7.1.2.7.8)",
          "have it issued again as an end-entity certificate (adplan ca sign never copies CA:TRUE)");
    }
    if ((flags & EXFLAG_XKUSAGE) && !(X509_get_extended_key_usage(m_cert.get()) & XKU_SSL_SERVER)) {
      add("cert.no-server-auth", Severity::Error, m_subject,
          "the extended key usage lacks serverAuth: TLS clients refuse it for a web site (RFC 5280 4.2.1.12; BR "
          "7.1.2.7.10)",
          "have it issued from a TLS server (Web Server) template");
    }
  }

  const CertCheckInput& m_in;
  const Plan& m_plan;
  std::time_t m_now;
  ossl::X509Ptr m_cert;
  const PlannedCertificate* m_planned = nullptr;
  RequestedNames m_names;
  std::string m_subject;
  CertCheckResult m_out;
};

}  // namespace

Result<const PlannedCertificate*> planned_certificate_for(const std::string& cert_pem, const std::string& place,
                                                          const Plan& plan) {
  auto cert = parse_cert(cert_pem, place);
  if (!cert) return std::unexpected(cert.error());
  auto names = names_of(cert->get());
  const std::string cn = ascii_lower(names.common_name);
  for (const auto& c : plan.certificates) {
    if (c.common_name.str() == cn) return &c;
  }
  for (const auto& c : plan.certificates) {
    if (std::ranges::any_of(names.dns, [&](const std::string& d) { return ascii_lower(d) == c.common_name.str(); }))
      return &c;
  }
  return static_cast<const PlannedCertificate*>(nullptr);
}

Result<CertCheckResult> check_certificate(const CertCheckInput& input, const Plan& plan, system_clock::time_point now) {
  return Checker(input, plan, now).run();
}

}  // namespace adplan
