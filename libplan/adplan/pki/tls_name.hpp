#pragma once
// The string Exchange names a certificate by in connectors and the hybrid configuration:
// TlsCertificateName = "<I>" + issuer + "<S>" + subject (Set-ReceiveConnector, Set-SendConnector,
// Set-HybridConfiguration; Microsoft's own recipe is "<I>$($cert.Issuer)<S>$($cert.Subject)"),
// where Issuer and Subject are .NET's X500DistinguishedName.Name: Windows CertNameToStr with
// CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG. That form, unlike OpenSSL's and RFC 4514's:
//   - RDNs most specific first (the reverse of the DER order), separated by ", ";
//   - the attributes of a multi-valued RDN joined by " + ";
//   - Windows' key names: CN, O, OU, L, S (not ST), C, E (e-mail), STREET, T, G, I, SN, DC,
//     SERIALNUMBER, PostalCode, Description, POBox, Phone; any other attribute as OID.<dotted>;
//   - a value in double quotes when empty, when it starts or ends with a space or holds one of
//     , + = " < > # ; or a line break, an inner " doubled (not RFC 4514's backslash escapes).
// Example (Microsoft's Set-HybridConfiguration documentation): issuer /C=US/O=A.Datum Corp/
// OU=www.adatum.com/CN=A. Datum Corporation CA-3 prints "CN=A. Datum Corporation CA-3,
// OU=www.adatum.com, O=A.Datum Corp, C=US".
#include <adplan/model/error.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// One attribute of a name: its OID in dotted form and its value as UTF-8.
struct DnAttribute {
  std::string oid;
  std::string value;
};
// One RDN (usually one attribute); a Name is its RDNs in DER order (the country first, usually).
using Rdn = std::vector<DnAttribute>;

// Pure: the Windows/.NET form of a name given in DER order.
std::string windows_distinguished_name(const std::vector<Rdn>& rdns);
// Pure: "<I>" + issuer + "<S>" + subject, both in the Windows form.
std::string exchange_tls_certificate_name(const std::vector<Rdn>& issuer, const std::vector<Rdn>& subject);
// The same for the first certificate of a PEM text (OpenSSL reads the names); an unreadable
// certificate is an Error naming `place`.
Result<std::string> tls_certificate_name(std::string_view cert_pem, std::string_view place);

}  // namespace adplan
