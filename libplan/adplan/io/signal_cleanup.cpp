#include <adplan/io/signal_cleanup.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <utility>

namespace adplan {
namespace {

// The registry: fixed chunks of slots, linked and never freed, so the handler can walk it at
// any moment. A slot's path is published with one atomic store after it is complete and taken
// back with one exchange before it is freed; registering is serialised by a mutex the handler
// never touches.
struct Slot {
  std::atomic<char*> path{nullptr};
  std::atomic<bool> directory{false};
};

struct Chunk {
  static constexpr std::size_t k_size = 128;
  Slot slots[k_size];
  std::atomic<Chunk*> next{nullptr};
};

Chunk g_first;
std::mutex g_register;
volatile std::sig_atomic_t g_installed = 0;

constexpr int k_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

extern "C" void on_signal(int sig) {
  const int saved = errno;
  bool removed = false;
  for (Chunk* c = &g_first; c != nullptr; c = c->next.load(std::memory_order_acquire)) {
    for (auto& s : c->slots) {
      char* p = s.path.load(std::memory_order_acquire);
      if (p != nullptr && !s.directory.load(std::memory_order_relaxed) && ::unlink(p) == 0) removed = true;
    }
  }
  // Directories made for the write, innermost first: repeat while one more could go.
  for (bool progress = true; progress;) {
    progress = false;
    for (Chunk* c = &g_first; c != nullptr; c = c->next.load(std::memory_order_acquire)) {
      for (auto& s : c->slots) {
        char* p = s.path.load(std::memory_order_acquire);
        if (p != nullptr && s.directory.load(std::memory_order_relaxed) && ::rmdir(p) == 0) {
          // Forget it so the next pass does not try again (the slot's memory stays owned).
          s.directory.store(false, std::memory_order_relaxed);
          s.path.store(nullptr, std::memory_order_relaxed);
          progress = removed = true;
        }
      }
    }
  }
  if (removed) {
    static constexpr char k_note[] = "adplan: interrupted; its temporary files were removed\n";
    [[maybe_unused]] auto n = ::write(STDERR_FILENO, k_note, sizeof k_note - 1);
  }
  // SA_RESETHAND restored the default action; the signal is blocked while this handler runs
  // and is delivered, ending the process, when it returns.
  ::raise(sig);
  errno = saved;
}

Slot* claim(const std::filesystem::path& path, bool directory) {
  const std::string& text = path.native();
  auto* copy = new char[text.size() + 1];
  std::memcpy(copy, text.c_str(), text.size() + 1);
  std::lock_guard lock(g_register);
  for (Chunk* c = &g_first;; c = c->next.load(std::memory_order_acquire)) {
    for (auto& s : c->slots) {
      if (s.path.load(std::memory_order_relaxed) == nullptr) {
        s.directory.store(directory, std::memory_order_relaxed);
        s.path.store(copy, std::memory_order_release);
        return &s;
      }
    }
    if (c->next.load(std::memory_order_relaxed) == nullptr) c->next.store(new Chunk, std::memory_order_release);
  }
}

}  // namespace

void install_signal_cleanup() {
  if (g_installed) return;
  g_installed = 1;
  for (int sig : k_signals) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int other : k_signals) sigaddset(&sa.sa_mask, other);
    sa.sa_flags = SA_RESETHAND;
    ::sigaction(sig, &sa, nullptr);
  }
}

SignalCleanup::SignalCleanup(const std::filesystem::path& path, Kind kind)
    : m_slot(claim(path, kind == Kind::directory)) {}

SignalCleanup::~SignalCleanup() {
  release();
}

SignalCleanup::SignalCleanup(SignalCleanup&& other) noexcept : m_slot(std::exchange(other.m_slot, nullptr)) {}

SignalCleanup& SignalCleanup::operator=(SignalCleanup&& other) noexcept {
  if (this != &other) {
    release();
    m_slot = std::exchange(other.m_slot, nullptr);
  }
  return *this;
}

void SignalCleanup::release() {
  if (m_slot == nullptr) return;
  auto* slot = static_cast<Slot*>(m_slot);
  m_slot = nullptr;
  std::lock_guard lock(g_register);
  delete[] slot->path.exchange(nullptr, std::memory_order_acq_rel);
}

std::string temporary_name(std::string_view target_name, unsigned long nonce) {
  return "." + std::string(target_name) + ".tmp" + std::to_string(nonce);
}

bool is_temporary_name(std::string_view name) {
  const auto at = name.rfind(".tmp");
  if (name.size() < 2 || name[0] != '.' || at == std::string_view::npos || at < 2) return false;
  const auto digits = name.substr(at + 4);
  return !digits.empty() && std::ranges::all_of(digits, [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& dir,
                                                            const std::vector<std::string>& target_names) {
  std::vector<std::filesystem::path> removed;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return removed;
  for (const auto& entry : it) {
    const auto path = entry.path();
    const std::string name = path.filename().string();
    if (!is_temporary_name(name)) continue;
    const std::string target = name.substr(1, name.rfind(".tmp") - 1);
    if (std::ranges::find(target_names, target) == target_names.end()) continue;
    // Only a regular file no live writer holds: a writer keeps flock(2) until it renames.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) continue;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ::flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        ::unlink(path.c_str()) == 0)
      removed.push_back(path);
    ::close(fd);
  }
  std::ranges::sort(removed);
  return removed;
}

}  // namespace adplan
