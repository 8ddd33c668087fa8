#include <adplan/pki/pki_files.hpp>

namespace adplan {

PkiPaths pki_paths(const std::filesystem::path& dir, const PlannedCertificate& cert) {
  std::string base = cert.common_name.str();
  if (base.starts_with("*.")) base = "wildcard" + base.substr(1);
  return {dir / (base + ".key"), dir / (base + ".csr"), dir / (base + ".crt")};
}

Checked<void> write_files(std::span<const OutputFile> files, bool force) {
  return write_file_set(files, {force, "use --force to replace it, or --out DIR to write elsewhere", {}});
}

}  // namespace adplan
