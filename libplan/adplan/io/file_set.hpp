#pragma once
// Writing a set of files all or nothing (render's artifacts, a key with its request, a CA).
//
//   1. check: without `force`, every target that exists (a dangling symbolic link included)
//      refuses the whole set, one io.exists error each, before anything is touched;
//   2. stage: missing directories are made (0700 beside a private key, else 0755 less the
//      umask), each file is written to ".<name>.tmp<digits>" beside its target, with its final
//      mode from the first byte, and fsync'ed; a failure here (a full disk, a read-only
//      directory) removes every temporary file and directory made, so nothing was written;
//   3. commit, with SIGINT/SIGTERM/SIGHUP/SIGQUIT held: each temporary is renamed onto its
//      target (renameat2 RENAME_NOREPLACE without `force`; with it, the old file is kept as a
//      hard link until the set is complete), and a failed rename puts back every target moved
//      so far; then the directories are fsync'ed.
// A signal during 1-2 removes the temporaries (signal_cleanup.hpp); during 3 it waits until the
// set is complete. Modes: a private file (no group or other bits, as keys' 0600) gets exactly its
// mode; any other gets it less the umask, so a stricter umask is kept.
#include <adplan/model/error.hpp>

#include <sys/types.h>

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace adplan {

struct OutputFile {
  std::filesystem::path path;
  std::string content;
  mode_t mode = 0644;
};

inline constexpr mode_t k_key_mode = 0600;

struct FileSetOptions {
  bool force = false;          // replace existing targets
  std::string exists_hint;     // the fix for io.exists (default k_force_hint)
  std::string directory_flag;  // the flag that chose the directory ("--out"), named in the fix
};

// io.exists (one per target), io.mkdir or io.write (naming the directory or target, never a
// temporary file). On error nothing of the set was written.
Checked<void> write_file_set(std::span<const OutputFile> files, const FileSetOptions& options = {});

}  // namespace adplan
