#include <adplan/pki/pki_files.hpp>

namespace adplan {

PkiPaths pki_paths(const std::filesystem::path& dir, const PlannedCertificate& cert) {
  std::string base = cert.common_name.str();
  if (base.starts_with("*.")) base = "wildcard" + base.substr(1);
  return {dir / (base + ".key"), dir / (base + ".csr"), dir / (base + ".crt")};
}

PkiPaths next_key_paths(const std::filesystem::path& dir, const PlannedCertificate& cert) {
  auto p = pki_paths(dir, cert);
  auto next = [](const std::filesystem::path& f) {
    auto out = f;
    out.replace_extension(".next" + f.extension().string());
    return out;
  };
  return {next(p.key), next(p.csr), next(p.crt)};
}

Checked<void> write_files(std::span<const OutputFile> files, bool force) {
  return write_file_set(files, {force, "use --force to replace it, or --out DIR to write elsewhere", {}});
}

}  // namespace adplan
