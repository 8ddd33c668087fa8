#pragma once
// Where keys, requests and certificates live, and writing a set of them all or nothing:
// every target is checked before the first byte is written, keys get 0600 from the start.
#include <adplan/model/error.hpp>
#include <adplan/planner/plan.hpp>

#include <sys/types.h>

#include <filesystem>
#include <span>
#include <string>

namespace adplan {

struct PkiPaths {
  std::filesystem::path key;  // <dir>/<common name>.key
  std::filesystem::path csr;  // <dir>/<common name>.csr
  std::filesystem::path crt;  // <dir>/<common name>.crt
};

// Files are named after the certificate's common name ("*" of a wildcard becomes "wildcard").
PkiPaths pki_paths(const std::filesystem::path& dir, const PlannedCertificate& cert);

struct OutputFile {
  std::filesystem::path path;
  std::string content;
  mode_t mode = 0644;
};

inline constexpr mode_t k_key_mode = 0600;

// Without `force`, any existing target stops everything (one error per file, nothing
// written). A failure part way removes the files this call created.
Checked<void> write_files(std::span<const OutputFile> files, bool force);

}  // namespace adplan
