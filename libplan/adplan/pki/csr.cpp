#include <adplan/pki/csr.hpp>

#include <adplan/pki/internal/botan_io.hpp>

#include <botan/asn1_alt_name.h>
#include <botan/pkcs10.h>
#include <botan/x509_dn.h>
#include <botan/x509_ext.h>

namespace adplan {

CsrPem make_csr(const PlannedCertificate& cert, const CsrOptions& options, Botan::RandomNumberGenerator& rng) {
  auto key = generate_key(options.key, rng);

  Botan::X509_DN dn;
  const Subject& s = options.subject;
  if (!s.country.empty()) dn.add_attribute("X520.Country", s.country);
  if (!s.state.empty()) dn.add_attribute("X520.State", s.state);
  if (!s.locality.empty()) dn.add_attribute("X520.Locality", s.locality);
  if (!s.organization.empty()) dn.add_attribute("X520.Organization", s.organization);
  if (!s.unit.empty()) dn.add_attribute("X520.OrganizationalUnit", s.unit);
  dn.add_attribute("X520.CommonName", cert.common_name.str());

  // Every DNS name of the certificate, the common name first (the Plan lists it first).
  Botan::AlternativeName alt;
  for (const auto& name : cert.sans) alt.add_attribute("DNS", name.str());

  Botan::Extensions ext;
  ext.add(std::make_unique<Botan::Cert_Extension::Subject_Alternative_Name>(alt).release());
  // What the certificate is for; the CA decides in the end, these only ask.
  Botan::Key_Constraints usage = options.key.algorithm == KeyAlgorithm::Rsa
                                     ? Botan::Key_Constraints(Botan::DIGITAL_SIGNATURE | Botan::KEY_ENCIPHERMENT)
                                     : Botan::DIGITAL_SIGNATURE;
  ext.add(std::make_unique<Botan::Cert_Extension::Key_Usage>(usage).release(), true);
  ext.add(std::make_unique<Botan::Cert_Extension::Extended_Key_Usage>(
              std::vector<Botan::OID>{Botan::OID::from_string("PKIX.ServerAuth")})
              .release());

  // PKCS#1 v1.5 for RSA (what every CA and Windows accept); ECDSA with the curve's hash.
  auto req = Botan::PKCS10_Request::create(
      *key, dn, ext, options.key.hash(), rng,
      options.key.algorithm == KeyAlgorithm::Rsa ? "EMSA3(" + options.key.hash() + ")" : "");
  return {private_key_pem(*key, options.passphrase, rng), req.PEM_encode()};
}

}  // namespace adplan
