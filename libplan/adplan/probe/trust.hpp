#pragma once
// The certificate authorities a run trusts: the system's store, --ca-file, or both. Loaded once
// by the caller (the CLI, the exporter) and handed to every probe; judged against in
// internal/certificate.hpp.
#include <adplan/model/error.hpp>

#include <expected>
#include <filesystem>
#include <memory>
#include <optional>

struct x509_store_st;

namespace adplan::probe {

struct TrustAnchors {
  bool system = true;                            // the system's default store
  std::optional<std::filesystem::path> ca_file;  // --ca-file (PEM, one or more certificates)
};

// The anchors loaded once per run (the system bundle takes a while to parse) and shared by
// every probe thread: X509_STORE locks its own lookups.
class TrustStore {
 public:
  static Result<TrustStore> load(const TrustAnchors& anchors);
  [[nodiscard]] x509_store_st* get() const { return m_store.get(); }

 private:
  explicit TrustStore(std::shared_ptr<x509_store_st> s) : m_store(std::move(s)) {}
  std::shared_ptr<x509_store_st> m_store;
};

}  // namespace adplan::probe
