#include <adplan/io/subprocess.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

extern char** environ;

namespace adplan {
namespace {

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

Error error(std::string code, const std::string& program, std::string message, std::string hint = {}) {
  return Error{std::move(code), program, std::move(message), std::move(hint)};
}

}  // namespace

Result<RunResult> run_process(const std::vector<std::string>& argv, const RunOptions& o) {
  if (argv.empty()) return std::unexpected(error("io.spawn", "", "no program given"));
  const std::string& program = argv.front();
  // stdin is a socket so that writing to a program that stopped reading gives EPIPE through
  // MSG_NOSIGNAL instead of a SIGPIPE that would end adplan.
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return std::unexpected(error("io.spawn", program, std::string("socketpair: ") + std::strerror(errno)));
  Fd in_parent(sv[0]), in_child(sv[1]);
  int po[2], pe[2];
  if (::pipe2(po, O_CLOEXEC) != 0)
    return std::unexpected(error("io.spawn", program, std::string("pipe: ") + std::strerror(errno)));
  Fd out_parent(po[0]), out_child(po[1]);
  if (::pipe2(pe, O_CLOEXEC) != 0)
    return std::unexpected(error("io.spawn", program, std::string("pipe: ") + std::strerror(errno)));
  Fd err_parent(pe[0]), err_child(pe[1]);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_child.fd, 0);
  posix_spawn_file_actions_adddup2(&fa, out_child.fd, 1);
  posix_spawn_file_actions_adddup2(&fa, err_child.fd, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // Its own process group: a timeout kills what it started too (dot's or git's helpers, which
  // would otherwise hold the pipes and live on).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, program.c_str(), &fa, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc == ENOENT) return std::unexpected(error("io.not-found", program, "is not installed (not found on PATH)"));
  if (rc != 0) return std::unexpected(error("io.spawn", program, std::string("cannot be run: ") + std::strerror(rc)));
  in_child.reset();
  out_child.reset();
  err_child.reset();
  ::fcntl(in_parent.fd, F_SETFL, O_NONBLOCK);
  if (o.input.empty()) ::shutdown(in_parent.fd, SHUT_WR);

  RunResult r{0, {}, {}};
  std::size_t written = 0;
  std::optional<Error> failed;
  const auto deadline = std::chrono::steady_clock::now() + o.timeout;
  bool out_open = true, err_open = true, in_open = !o.input.empty();
  while ((out_open || err_open) && !failed) {
    std::array<pollfd, 3> fds{};
    nfds_t n = 0;
    if (out_open) fds[n++] = {out_parent.fd, POLLIN, 0};
    if (err_open) fds[n++] = {err_parent.fd, POLLIN, 0};
    if (in_open) fds[n++] = {in_parent.fd, POLLOUT, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      failed = error("io.timeout", program, "did not finish within " + std::to_string(o.timeout.count() / 1000) + " s");
      break;
    }
    int ready = ::poll(fds.data(), n, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) {
      failed = error("io.spawn", program, std::string("poll: ") + std::strerror(errno));
      break;
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in_parent.fd) {
        ssize_t w = ::send(in_parent.fd, o.input.data() + written, o.input.size() - written, MSG_NOSIGNAL);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN && errno != EINTR) written = o.input.size();  // it stopped reading
        if (written == o.input.size()) {
          ::shutdown(in_parent.fd, SHUT_WR);
          in_open = false;
        }
        continue;
      }
      std::array<char, 65536> buf;
      ssize_t got = ::read(fds[i].fd, buf.data(), buf.size());
      if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (got <= 0) {
        (fds[i].fd == out_parent.fd ? out_open : err_open) = false;
        continue;
      }
      (fds[i].fd == out_parent.fd ? r.out : r.err).append(buf.data(), static_cast<std::size_t>(got));
      if (r.out.size() + r.err.size() > o.max_output)
        failed = error("io.output-too-large", program,
                       "wrote more than " + std::to_string(o.max_output / (1024 * 1024)) + " MiB");
    }
  }
  // Its output is closed; it may still run (a program that closed stdout and hangs): the same deadline.
  int status = 0;
  for (;;) {
    if (failed) ::kill(-pid, SIGKILL);  // the whole group (the child leads it)
    pid_t w = ::waitpid(pid, &status, failed ? 0 : WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR)) break;
    if (w == 0 && std::chrono::steady_clock::now() >= deadline) {
      failed = error("io.timeout", program, "did not finish within " + std::to_string(o.timeout.count() / 1000) + " s");
      continue;
    }
    if (w == 0) ::usleep(5000);
  }
  if (failed) return std::unexpected(*failed);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return r;
}

}  // namespace adplan
