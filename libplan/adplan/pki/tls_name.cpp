#include <adplan/pki/tls_name.hpp>

#include <adplan/openssl/ptr.hpp>

#include <openssl/pem.h>

#include <algorithm>
#include <array>
#include <utility>

namespace adplan {
namespace {

// Windows' X.500 key names (CryptFindOIDInfo, CRYPT_RDN_ATTR_OID_GROUP_ID).
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> k_keys{{
    {"2.5.4.3", "CN"},
    {"2.5.4.4", "SN"},
    {"2.5.4.5", "SERIALNUMBER"},
    {"2.5.4.6", "C"},
    {"2.5.4.7", "L"},
    {"2.5.4.8", "S"},
    {"2.5.4.9", "STREET"},
    {"2.5.4.10", "O"},
    {"2.5.4.11", "OU"},
    {"2.5.4.12", "T"},
    {"2.5.4.13", "Description"},
    {"2.5.4.17", "PostalCode"},
    {"2.5.4.18", "POBox"},
    {"2.5.4.20", "Phone"},
    {"2.5.4.42", "G"},
    {"2.5.4.43", "I"},
    {"1.2.840.113549.1.9.1", "E"},
    {"0.9.2342.19200300.100.1.25", "DC"},
}};

std::string key_name(std::string_view oid) {
  auto it = std::ranges::find(k_keys, oid, &std::pair<std::string_view, std::string_view>::first);
  return it == k_keys.end() ? "OID." + std::string(oid) : std::string(it->second);
}

// CertNameToStr's quoting: the whole value in double quotes, an inner quote doubled.
std::string windows_value(std::string_view v) {
  static constexpr std::string_view k_special = ",+=\"<>#;\r\n";
  bool quote = v.empty() || v.front() == ' ' || v.back() == ' ' || v.find_first_of(k_special) != std::string_view::npos;
  if (!quote) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::vector<Rdn> rdns_of(const X509_NAME* name) {
  std::vector<Rdn> out;
  int last_set = -1;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
    std::array<char, 128> oid{};
    OBJ_obj2txt(oid.data(), static_cast<int>(oid.size()), X509_NAME_ENTRY_get_object(e), 1);
    unsigned char* utf8 = nullptr;
    int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
    std::string value = n >= 0 ? std::string(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(n)) : "";
    OPENSSL_free(utf8);
    // Entries of one multi-valued RDN share their set number.
    int set = X509_NAME_ENTRY_set(e);
    if (out.empty() || set != last_set) out.emplace_back();
    last_set = set;
    out.back().push_back({oid.data(), std::move(value)});
  }
  return out;
}

}  // namespace

std::string windows_distinguished_name(const std::vector<Rdn>& rdns) {
  std::string out;
  for (auto it = rdns.rbegin(); it != rdns.rend(); ++it) {
    if (!out.empty()) out += ", ";
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (i > 0) out += " + ";
      out += key_name((*it)[i].oid) + "=" + windows_value((*it)[i].value);
    }
  }
  return out;
}

std::string exchange_tls_certificate_name(const std::vector<Rdn>& issuer, const std::vector<Rdn>& subject) {
  return "<I>" + windows_distinguished_name(issuer) + "<S>" + windows_distinguished_name(subject);
}

Result<std::string> tls_certificate_name(std::string_view cert_pem, std::string_view place) {
  auto bio = ossl::memory_bio(cert_pem);
  ossl::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    return std::unexpected(Error{"input.certificate", std::string(place), "is not a PEM certificate",
                                 "give the certificate file the CA issued (-----BEGIN CERTIFICATE-----)"});
  }
  return exchange_tls_certificate_name(rdns_of(X509_get_issuer_name(cert.get())),
                                       rdns_of(X509_get_subject_name(cert.get())));
}

}  // namespace adplan
