#pragma once
// Writing files so that nothing is lost: a temporary file in the same directory, created
// with its final mode from the first byte, flushed, then moved into place (file_set.hpp, a set
// of one). Without `overwrite`, an existing file is never replaced (renameat2 RENAME_NOREPLACE
// fails with EEXIST atomically). A private mode (0600) is exact; any other loses what the umask
// takes away. Reading: regular files only, bounded in size.
#include <adplan/model/error.hpp>

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <span>
#include <string_view>

namespace adplan {

struct WriteOptions {
  mode_t mode = 0644;      // 0600 for private keys
  bool overwrite = false;  // --force
};

inline constexpr std::string_view k_force_hint = "use --force to replace it";

// The one no-clobber check, made before anything is written so that a refused run changes
// nothing: an io.exists error ("already exists; nothing was written", with `hint`) for every
// path that exists. A dangling symbolic link counts: writing would go through it.
Errors refuse_existing(std::span<const std::filesystem::path> paths, std::string_view hint = k_force_hint);

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content, WriteOptions options = {});

// A report file given on the command line (verify --html, --dot) is checked before the run that
// fills it, so a typo costs no probe and creates no directories: its directory must exist and
// the path must not be a directory. An io.output error naming the path; "-" (stdout) passes.
Errors check_output_file(const std::filesystem::path& path);

// How long "-" (standard input, when it is a pipe or a terminal) may take to reach its end.
inline constexpr std::chrono::seconds k_stdin_wait{30};

// Reads a whole file, bounded in size; errors name the path. Only a regular file is read (a
// directory, a FIFO or a device is io.not-a-file, refused without waiting for a writer), or "-",
// standard input, bounded by `stdin_wait` as well.
Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes = 16 * 1024 * 1024,
                              std::chrono::milliseconds stdin_wait = k_stdin_wait);

}  // namespace adplan
