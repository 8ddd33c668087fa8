#pragma once
// Where keys, requests and certificates live, and writing a set of them all or nothing
// (io/file_set.hpp): every target is checked before the first byte is written, keys get 0600
// from the start, the directory beside a key is made 0700.
#include <adplan/io/file_set.hpp>
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

// Issue 27: the next key of a DANE next-key rollover and its request, made ahead by
// `adplan csr --next-key`: <dir>/<common name>.next.key, .next.csr (.next.crt once issued).
PkiPaths next_key_paths(const std::filesystem::path& dir, const PlannedCertificate& cert);

// Without `force`, any existing target stops everything (one error per file, nothing
// written). A failure part way leaves nothing of the set.
Checked<void> write_files(std::span<const OutputFile> files, bool force);

}  // namespace adplan
