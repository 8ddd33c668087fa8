#include <adplan/io/file_set.hpp>

#include <adplan/io/atomic_file.hpp>
#include <adplan/io/signal_cleanup.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <random>
#include <set>
#include <vector>

namespace adplan {
namespace {

namespace fs = std::filesystem;

// The fix for a directory that cannot be made or written, by the reason.
std::string directory_fix(int err, const std::string& flag) {
  std::string fix = err == ENOSPC || err == EDQUOT  ? "free space on its file system, or choose another directory"
                    : err == EROFS                  ? "choose a directory on a writable file system"
                    : err == EACCES || err == EPERM ? "make it writable for you, or choose another directory"
                                                    : "choose another directory";
  return flag.empty() ? fix : fix + " with " + flag;
}

Error write_error(const fs::path& place, const std::string& what, int err, const std::string& flag) {
  return {"io.write", place.string(), what + ": " + std::strerror(err), directory_fix(err, flag)};
}

bool is_private(mode_t mode) {
  return (mode & 077) == 0;
}

fs::path parent_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

unsigned long nonce() {
  static std::random_device rd;
  return (static_cast<unsigned long>(rd()) << 32) | rd();
}

// Holds SIGINT, SIGTERM, SIGHUP and SIGQUIT while the set is moved into place, so a signal
// cannot leave half a set; they are delivered when the set is complete.
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

void fsync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// What a set has made so far; the destructor takes back whatever was not committed.
class Staging {
 public:
  Staging() = default;
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;
  ~Staging() {
    for (auto& t : m_temps) {
      if (!t.path.empty()) ::unlink(t.path.c_str());
    }
    for (auto it = m_dirs.rbegin(); it != m_dirs.rend(); ++it) {
      if (!it->path.empty()) ::rmdir(it->path.c_str());
    }
  }

  struct Entry {
    fs::path path;
    SignalCleanup guard;
  };

  // Makes `dir` and any missing parent; the innermost gets `mode`, the others 0755 (less the umask).
  Result<void> make_directories(const fs::path& dir, mode_t mode, const std::string& flag) {
    std::vector<fs::path> missing;
    for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
      struct stat st {};
      if (::stat(d.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode))
          return std::unexpected(Error{"io.mkdir", d.string(), "is not a directory", directory_fix(ENOTDIR, flag)});
        break;
      }
      // ENOTDIR: a parent is a file; the walk up names it.
      if (errno != ENOENT && errno != ENOTDIR)
        return std::unexpected(Error{"io.mkdir", d.string(), std::string("cannot be used: ") + std::strerror(errno),
                                     directory_fix(errno, flag)});
      struct stat lst {};
      if (::lstat(d.c_str(), &lst) == 0)  // a dangling symbolic link: mkdir would fail, say why
        return std::unexpected(
            Error{"io.mkdir", d.string(), "is a symbolic link to nothing", directory_fix(ENOENT, flag)});
      missing.push_back(d);
      if (d == d.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      Entry e{*it, SignalCleanup(*it, SignalCleanup::Kind::directory)};
      if (::mkdir(it->c_str(), std::next(it) == missing.rend() ? mode : 0755) != 0) {
        const int err = errno;
        if (err == EEXIST) continue;  // made meanwhile by someone else: not ours to remove
        return std::unexpected(Error{"io.mkdir", it->string(), std::string("cannot be created: ") + std::strerror(err),
                                     directory_fix(err, flag)});
      }
      m_dirs.push_back(std::move(e));
    }
    return {};
  }

  // Writes `f` to a temporary file beside its target: created with the final mode, locked
  // against remove_stale_temporaries, written, fsync'ed.
  Result<std::size_t> stage(const OutputFile& f, const std::string& flag) {
    const fs::path dir = parent_of(f.path);
    Entry e;
    int fd = -1;
    for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
      e.path = dir / temporary_name(f.path.filename().string(), nonce());
      e.guard = SignalCleanup(e.path, SignalCleanup::Kind::file);  // before it exists: no gap
      fd = ::open(e.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, f.mode);
      if (fd < 0 && errno != EEXIST) {
        const int err = errno;
        e.guard.release();
        return std::unexpected(write_error(dir, "cannot create files in this directory", err, flag));
      }
      if (fd < 0) e.guard.release();
    }
    if (fd < 0) return std::unexpected(write_error(dir, "cannot create a temporary file", EEXIST, flag));
    m_temps.push_back(std::move(e));
    ::flock(fd, LOCK_EX);
    // A private file (a key) is exactly its mode, whatever the umask; any other keeps what the
    // umask left of it (open applied it), so a stricter umask is respected.
    if (is_private(f.mode)) ::fchmod(fd, f.mode);
    const char* p = f.content.data();
    std::size_t left = f.content.size();
    int err = 0;
    while (left > 0) {
      const ssize_t n = ::write(fd, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        err = errno;
        break;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    if (err != 0) {
      ::close(fd);
      return std::unexpected(write_error(f.path, "cannot write", err, flag));
    }
    if (::fsync(fd) != 0) {
      err = errno;
      ::close(fd);
      return std::unexpected(write_error(f.path, "cannot flush", err, flag));
    }
    if (::close(fd) != 0) return std::unexpected(write_error(f.path, "cannot write", errno, flag));
    return m_temps.size() - 1;
  }

  const fs::path& temp(std::size_t i) const { return m_temps[i].path; }
  // The temporary was renamed into place: nothing left to remove.
  void committed(std::size_t i) {
    m_temps[i].guard.release();
    m_temps[i].path.clear();
  }
  // The set is complete: the directories stay.
  void keep_directories() {
    for (auto& d : m_dirs) {
      d.guard.release();
      d.path.clear();
    }
  }
  std::vector<fs::path> made_directories() const {
    std::vector<fs::path> out;
    for (const auto& d : m_dirs) out.push_back(d.path);
    return out;
  }

 private:
  std::vector<Entry> m_dirs;
  std::vector<Entry> m_temps;
};

// A target moved into place; with a backup, the file it replaced.
struct Moved {
  fs::path target;
  fs::path backup;
};

void roll_back(std::vector<Moved>& moved) {
  for (auto it = moved.rbegin(); it != moved.rend(); ++it) {
    if (!it->backup.empty())
      ::rename(it->backup.c_str(), it->target.c_str());
    else
      ::unlink(it->target.c_str());
  }
  moved.clear();
}

// Moves `tmp` onto `target`: never over an existing file without `force`.
Result<void> move_into_place(const fs::path& tmp, const fs::path& target, bool force, Moved& moved,
                             const FileSetOptions& o) {
  moved.target = target;
  if (force) {
    struct stat st {};
    if (::lstat(target.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
      // Keep the old file under a temporary name until the whole set is in place.
      fs::path backup = parent_of(target) / temporary_name(target.filename().string(), nonce());
      if (::link(target.c_str(), backup.c_str()) == 0) moved.backup = backup;
    }
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
      const int err = errno;
      if (!moved.backup.empty()) ::unlink(moved.backup.c_str());
      return std::unexpected(write_error(target, "cannot move into place", err, o.directory_flag));
    }
    return {};
  }
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) return {};
  int err = errno;
  if (err == EINVAL || err == ENOSYS) {
    // A file system without RENAME_NOREPLACE: link(2) refuses an existing name just as atomically.
    if (::link(tmp.c_str(), target.c_str()) == 0) {
      ::unlink(tmp.c_str());
      return {};
    }
    err = errno;
  }
  if (err == EEXIST)
    return std::unexpected(Error{"io.exists", target.string(), "already exists; nothing was written",
                                 o.exists_hint.empty() ? std::string(k_force_hint) : o.exists_hint});
  return std::unexpected(write_error(target, "cannot move into place", err, o.directory_flag));
}

}  // namespace

Checked<void> write_file_set(std::span<const OutputFile> files, const FileSetOptions& o) {
  if (!o.force) {
    std::vector<fs::path> paths;
    for (const auto& f : files) paths.push_back(f.path);
    auto exists = refuse_existing(paths, o.exists_hint.empty() ? k_force_hint : std::string_view(o.exists_hint));
    if (!exists.empty()) return std::unexpected(exists);
  }
  Staging staging;
  std::set<fs::path> dirs;
  for (const auto& f : files) {
    const fs::path dir = parent_of(f.path);
    if (auto made = staging.make_directories(dir, is_private(f.mode) ? 0700 : 0755, o.directory_flag); !made)
      return std::unexpected(Errors{made.error()});
    dirs.insert(dir);
  }
  std::vector<std::size_t> staged;
  for (const auto& f : files) {
    auto i = staging.stage(f, o.directory_flag);
    if (!i) return std::unexpected(Errors{i.error()});
    staged.push_back(*i);
  }
  {
    SignalHold hold;
    std::vector<Moved> moved;
    for (std::size_t k = 0; k < files.size(); ++k) {
      Moved m;
      auto r = move_into_place(staging.temp(staged[k]), files[k].path, o.force, m, o);
      if (!r) {
        roll_back(moved);
        return std::unexpected(Errors{r.error()});
      }
      staging.committed(staged[k]);
      moved.push_back(std::move(m));
    }
    for (const auto& m : moved) {
      if (!m.backup.empty()) ::unlink(m.backup.c_str());
    }
    for (const auto& d : staging.made_directories()) dirs.insert(parent_of(d));
    staging.keep_directories();
  }
  for (const auto& d : dirs) fsync_directory(d);
  return {};
}

}  // namespace adplan
