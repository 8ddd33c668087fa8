#pragma once
// OpenSSL handles owned by unique_ptr with their free functions: no naked free paths.
// The one set of them, for pki (certificate checks) and probe (TLS facts). Header only:
// target adplan_openssl (libplan/CMakeLists.txt), an INTERFACE library that brings OpenSSL.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string_view>

namespace adplan::ossl {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};

using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using X509Req = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using Store = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtx = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using GeneralNames = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;

struct X509StackFree {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509Stack = std::unique_ptr<STACK_OF(X509), X509StackFree>;

// A stack that only borrows its certificates: frees the stack, not what it holds.
struct X509StackViewFree {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
using X509StackView = std::unique_ptr<STACK_OF(X509), X509StackViewFree>;

inline Bio memory_bio(std::string_view data) {
  return Bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

}  // namespace adplan::ossl
