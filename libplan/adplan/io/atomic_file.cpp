#include <adplan/io/atomic_file.hpp>

#include <adplan/io/file_set.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>

namespace adplan {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool occupied(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
}

Error exists_error(const std::filesystem::path& path, std::string_view message, std::string_view hint = k_force_hint) {
  return Error{"io.exists", path.string(), std::string(message), std::string(hint)};
}

}  // namespace

Errors refuse_existing(std::span<const std::filesystem::path> paths, std::string_view hint) {
  Errors errors;
  for (const auto& p : paths) {
    if (occupied(p)) errors.push_back(exists_error(p, "already exists; nothing was written", hint));
  }
  return errors;
}

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content, WriteOptions options) {
  const OutputFile file{path, std::string(content), options.mode};
  auto written = write_file_set(std::span(&file, 1), FileSetOptions{options.overwrite, {}, {}});
  if (!written) return std::unexpected(written.error().front());
  return {};
}

Errors check_output_file(const std::filesystem::path& path) {
  Errors errors;
  if (path.empty() || path == "-") return errors;
  std::error_code ec;
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (std::filesystem::is_directory(path, ec)) {
    errors.push_back(Error{"io.output", path.string(), "is a directory", "give the name of a file in it"});
  } else if (!std::filesystem::is_directory(dir, ec)) {
    errors.push_back(Error{"io.output", path.string(),
                           "cannot be written: the directory " + dir.string() + " does not exist; nothing was run",
                           "create it first (mkdir -p " + dir.string() + ") or give a file in an existing directory"});
  }
  return errors;
}

namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

// Reads `fd` to its end, at most `max_bytes`; with a `deadline`, waiting for data ends there.
Result<std::string> read_bounded(int fd, const std::filesystem::path& path, std::size_t max_bytes,
                                 std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt,
                                 std::chrono::milliseconds wait = k_stdin_wait) {
  std::string out;
  char buf[65536];
  for (;;) {
    if (deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
      pollfd p{fd, POLLIN, 0};
      const int ready = left.count() > 0 ? ::poll(&p, 1, static_cast<int>(left.count())) : 0;
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) {
        return std::unexpected(Error{
            "io.timeout", path.string(),
            "sent no end of input within " + (wait.count() % 1000 == 0 ? std::to_string(wait.count() / 1000) + " s"
                                                                       : std::to_string(wait.count()) + " ms"),
            "pipe the file into adplan, or give the path of a regular file"});
      }
    }
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return std::unexpected(Error{"io.read", path.string(), std::string("cannot read: ") + std::strerror(errno), {}});
    if (n == 0) return out;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {
      return std::unexpected(
          Error{"io.too-large", path.string(), "is larger than " + std::to_string(max_bytes) + " bytes", {}});
    }
  }
}

}  // namespace

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes,
                              std::chrono::milliseconds stdin_wait) {
  if (path == "-") {
    // Standard input: a file redirected into it is read as a file; a pipe or a terminal is read
    // until its end, bounded in size and in time.
    struct stat st {};
    const bool regular = ::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode);
    return read_bounded(STDIN_FILENO, "standard input", max_bytes,
                        regular ? std::nullopt : std::optional(std::chrono::steady_clock::now() + stdin_wait),
                        stdin_wait);
  }
  // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting forever;
  // fstat then refuses it, like a directory or a device: only a regular file has an end.
  Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (f.fd < 0) {
    return std::unexpected(Error{"io.read", path.string(), std::string("cannot read: ") + std::strerror(errno),
                                 path.filename() == "adplan.json" ? "create it with `adplan init`" : ""});
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0)
    return std::unexpected(Error{"io.read", path.string(), std::string("cannot read: ") + std::strerror(errno), {}});
  if (!S_ISREG(st.st_mode)) {
    return std::unexpected(Error{"io.not-a-file", path.string(), "is " + kind_of(st.st_mode) + ", not a regular file",
                                 "give the path of a regular file"});
  }
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    return std::unexpected(
        Error{"io.too-large", path.string(), "is larger than " + std::to_string(max_bytes) + " bytes", {}});
  }
  ::fcntl(f.fd, F_SETFL, ::fcntl(f.fd, F_GETFL) & ~O_NONBLOCK);
  return read_bounded(f.fd, path, max_bytes);
}

}  // namespace adplan
