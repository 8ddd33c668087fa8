#include <adplan/pki/tlsa.hpp>

#include <adplan/io/atomic_file.hpp>
#include <adplan/openssl/ptr.hpp>
#include <adplan/openssl/tlsa.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>

namespace adplan {
namespace {

// Never prompts: an encrypted key fails to load instead of asking a terminal.
int no_passphrase(char*, int, int, void*) {
  return 0;
}

Error pem_error(std::string_view place, std::string message, std::string hint) {
  ERR_clear_error();
  return Error{"input.pem", std::string(place), std::move(message), std::move(hint)};
}

}  // namespace

Result<TlsaDigests> tlsa_digests_of_pem(std::string_view pem, std::string_view place) {
  TlsaDigests d;
  auto begin = pem.find("-----BEGIN ");
  if (begin == std::string_view::npos)
    return std::unexpected(pem_error(place, "holds no PEM object", "give a .key, .csr or .crt file"));
  std::string_view label = pem.substr(begin + 11);
  label = label.substr(0, label.find("-----"));
  auto bio = ossl::memory_bio(pem.substr(begin));
  if (label == "CERTIFICATE") {
    ossl::X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
    if (!x || !ossl::fill_certificate_digests(x.get(), d))
      return std::unexpected(pem_error(place, "is not a readable certificate", "check the file"));
  } else if (label == "CERTIFICATE REQUEST" || label == "NEW CERTIFICATE REQUEST") {
    ossl::X509Req req(PEM_read_bio_X509_REQ(bio.get(), nullptr, no_passphrase, nullptr));
    EVP_PKEY* key = req ? X509_REQ_get0_pubkey(req.get()) : nullptr;
    if (!key || !ossl::fill_key_digests(key, d))
      return std::unexpected(pem_error(place, "is not a readable certificate request", "check the file"));
  } else if (label == "PUBLIC KEY") {
    ossl::Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase, nullptr));
    if (!key || !ossl::fill_key_digests(key.get(), d))
      return std::unexpected(pem_error(place, "is not a readable public key", "check the file"));
  } else if (label == "ENCRYPTED PRIVATE KEY") {
    ERR_clear_error();
    return std::unexpected(Error{"input.pem-encrypted", std::string(place), "is an encrypted private key",
                                 "read the .csr made with it (or the issued .crt): they hold the same public key"});
  } else if (label.ends_with("PRIVATE KEY")) {
    ossl::Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
    if (!key || !ossl::fill_key_digests(key.get(), d))
      return std::unexpected(pem_error(place, "is not a readable private key", "check the file"));
  } else {
    return std::unexpected(pem_error(place, "holds a PEM \"" + std::string(label) + "\", not a key or certificate",
                                     "give a .key, .csr or .crt file"));
  }
  ERR_clear_error();
  return d;
}

Result<std::vector<TlsaDigests>> tlsa_issuer_digests(std::string_view pem, std::string_view place) {
  auto bio = ossl::memory_bio(pem);
  std::vector<TlsaDigests> out;
  bool first = true;
  while (true) {
    ossl::X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
    if (!x) break;
    if (first) {
      first = false;
      continue;
    }
    TlsaDigests d;
    if (!ossl::fill_certificate_digests(x.get(), d))
      return std::unexpected(pem_error(place, "holds a certificate that cannot be encoded", "check the file"));
    out.push_back(std::move(d));
  }
  ERR_clear_error();
  if (first) return std::unexpected(pem_error(place, "holds no certificate", "give the issued .crt with its chain"));
  return out;
}

Result<std::vector<TlsaDigests>> tlsa_chain_digests(std::string_view pem, std::string_view place) {
  auto bio = ossl::memory_bio(pem);
  ossl::X509Stack chain(sk_X509_new_null());
  X509* previous = nullptr;
  while (chain) {
    X509* x = PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr);
    if (!x) break;
    // The certificate file often holds the chain already, and --chain repeats it.
    const bool repeat = previous && X509_cmp(previous, x) == 0;
    if (repeat || !sk_X509_push(chain.get(), x)) {
      X509_free(x);
      continue;
    }
    previous = x;
  }
  ERR_clear_error();
  if (!chain || sk_X509_num(chain.get()) == 0)
    return std::unexpected(pem_error(place, "holds no certificate", "give the renewed certificate (PEM)"));
  return ossl::chain_digests(chain.get());
}

Result<std::optional<std::size_t>> pem_matches_tlsa(std::string_view pem, std::string_view place,
                                                    const std::vector<TlsaRecord>& records) {
  auto d = tlsa_digests_of_pem(pem, place);
  if (!d) return std::unexpected(d.error());
  return tlsa_key_match(records, *d);
}

Result<TlsaDigests> key_file_digests(const PkiPaths& paths) {
  std::optional<Error> encrypted;
  for (const auto* f : {&paths.key, &paths.csr, &paths.crt}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*f, ec)) continue;
    auto text = read_file(*f, 1024 * 1024);
    if (!text) return std::unexpected(text.error());
    auto d = tlsa_digests_of_pem(*text, f->string());
    if (d) return d;
    if (d.error().code != "input.pem-encrypted") return std::unexpected(d.error());
    encrypted = d.error();  // the .csr beside it holds the same public key
  }
  if (encrypted) return std::unexpected(*encrypted);
  return std::unexpected(Error{"input.key-missing", paths.key.string(),
                               "no key, request or certificate: none of " + paths.key.string() + ", " +
                                   paths.csr.string() + ", " + paths.crt.string() + " exists",
                               "run `adplan csr` (or give --pki DIR where the keys are)"});
}

DaneKeyFiles read_dane_key_files(const std::filesystem::path& dir, const PlannedCertificate& cert) {
  DaneKeyFiles out;
  const auto now = pki_paths(dir, cert);
  const auto next = next_key_paths(dir, cert);
  out.current_file = now.key.string();
  out.next_file = next.key.string();
  if (auto d = key_file_digests(now)) {
    out.keys.current = *d;
  } else if (d.error().code != "input.key-missing") {
    out.problems.push_back(d.error());
  }
  if (auto d = key_file_digests(next)) {
    out.keys.next = *d;
  } else if (d.error().code != "input.key-missing") {
    out.problems.push_back(d.error());
  }
  std::error_code ec;
  if (std::filesystem::is_regular_file(now.crt, ec)) {
    auto text = read_file(now.crt, 1024 * 1024);
    auto issuers = text ? tlsa_issuer_digests(*text, now.crt.string())
                        : Result<std::vector<TlsaDigests>>(std::unexpected(text.error()));
    if (issuers)
      out.keys.issuers = std::move(*issuers);
    else
      out.problems.push_back(issuers.error());
  }
  return out;
}

}  // namespace adplan
