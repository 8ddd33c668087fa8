#include <adplan/pki/pki_files.hpp>

#include <adplan/io/atomic_file.hpp>

#include <signal.h>
#include <unistd.h>
#include <csignal>

namespace adplan {
namespace {

// Holds SIGINT, SIGTERM, SIGHUP and SIGQUIT while a set of files is written, so Ctrl-C cannot
// leave a temporary file or half a set behind; they are delivered when the set is complete.
class SignalHold {
 public:
  SignalHold() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, s);
    ::sigprocmask(SIG_BLOCK, &set, &m_old);
  }
  ~SignalHold() { ::sigprocmask(SIG_SETMASK, &m_old, nullptr); }
  SignalHold(const SignalHold&) = delete;
  SignalHold& operator=(const SignalHold&) = delete;

 private:
  sigset_t m_old;
};

}  // namespace

PkiPaths pki_paths(const std::filesystem::path& dir, const PlannedCertificate& cert) {
  std::string base = cert.common_name.str();
  if (base.starts_with("*.")) base = "wildcard" + base.substr(1);
  return {dir / (base + ".key"), dir / (base + ".csr"), dir / (base + ".crt")};
}

Checked<void> write_files(std::span<const OutputFile> files, bool force) {
  Errors errors;
  if (!force) {
    std::vector<std::filesystem::path> paths;
    for (const auto& f : files) paths.push_back(f.path);
    errors = refuse_existing(paths, "use --force to replace it, or --out DIR to write elsewhere");
    if (!errors.empty()) return std::unexpected(errors);
  }
  SignalHold hold;
  std::vector<std::filesystem::path> created;
  for (const auto& f : files) {
    auto r = write_file_atomic(f.path, f.content, WriteOptions{f.mode, force});
    if (!r) {
      // Leave no half-finished set behind: take back what this call created.
      if (!force) {
        for (const auto& p : created) ::unlink(p.c_str());
      }
      errors.push_back(r.error());
      return std::unexpected(errors);
    }
    created.push_back(f.path);
  }
  return {};
}

}  // namespace adplan
