#include <adplan/io/atomic_file.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

namespace adplan {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Error io_error(const std::filesystem::path& path, std::string what, int err) {
  return {"io.write", path.string(), what + ": " + std::strerror(err), {}};
}

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
  auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!options.overwrite && occupied(path)) return std::unexpected(exists_error(path, "already exists"));
  std::random_device rd;
  std::filesystem::path tmp;
  Fd f;
  for (int attempt = 0; attempt < 8 && f.fd < 0; ++attempt) {
    tmp = dir / ("." + path.filename().string() + ".tmp" + std::to_string(rd()));
    f.fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, options.mode);
    if (f.fd < 0 && errno != EEXIST) return std::unexpected(io_error(tmp, "cannot create", errno));
  }
  if (f.fd < 0) return std::unexpected(io_error(tmp, "cannot create a temporary file", EEXIST));
  // The umask may have narrowed the mode; widen nothing, but make 0600 exact.
  ::fchmod(f.fd, options.mode);
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(f.fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::unlink(tmp.c_str());
      return std::unexpected(io_error(path, "cannot write", err));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(f.fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return std::unexpected(io_error(path, "cannot flush", err));
  }
  ::close(f.fd);
  f.fd = -1;
  if (options.overwrite) {
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      return std::unexpected(io_error(path, "cannot move into place", err));
    }
  } else {
    // link() refuses to replace an existing file, closing the race the exists() check leaves.
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      if (err == EEXIST) return std::unexpected(exists_error(path, "already exists"));
      return std::unexpected(io_error(path, "cannot move into place", err));
    }
    ::unlink(tmp.c_str());
  }
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
  return {};
}

Result<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::unexpected(Error{"io.read", path.string(), std::string("cannot read: ") + std::strerror(errno),
                                 path.filename() == "adplan.json" ? "create it with `adplan init`" : ""});
  }
  std::string out;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    out.append(buf, static_cast<std::size_t>(in.gcount()));
    if (out.size() > max_bytes) {
      return std::unexpected(
          Error{"io.too-large", path.string(), "is larger than " + std::to_string(max_bytes) + " bytes", {}});
    }
  }
  return out;
}

}  // namespace adplan
