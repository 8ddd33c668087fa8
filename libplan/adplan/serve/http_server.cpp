#include <adplan/model/ip_address.hpp>
#include <adplan/serve/http_server.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace adplan::serve {
namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t k_read_chunk = 2048;
constexpr std::size_t k_max_drain = 64 * 1024;  // read and dropped while an answer lingers
constexpr int k_accepts_per_wake = 64;
// A connection this young is not closed to make room for a newcomer (its head may be on the way:
// a client sends it right after the connect); the newcomer waits in the listen backlog instead.
constexpr milliseconds k_grace{50};

// A connection on the poll thread: its head not all there yet, or its refusal sent and the
// connection lingering (half closed) so the peer reads the refusal before the close.
struct Waiting {
  int fd = -1;
  clock::time_point accepted, deadline;
  std::string head;
  bool lingering = false;
  std::size_t drained = 0;
};

// The handler threads in flight, and the connections they have answered: handed back to the
// poll thread to linger there, so a handler's thread is free as soon as its answer is sent.
// serve() returns only when no handler is left.
struct InFlight {
  std::mutex m;
  std::condition_variable cv;
  std::size_t n = 0;      // handlers whose answer is not sent yet: what max_handlers bounds
  std::size_t alive = 0;  // handler threads that have not handed their connection back
  std::vector<int> answered;
  int wake = -1;  // eventfd: the poll thread's wake-up
};

void wake_up(int wake) {
  std::uint64_t one = 1;
  if (wake >= 0) (void)!::write(wake, &one, sizeof one);
}

int ms_until(clock::time_point t, clock::time_point now) {
  return static_cast<int>(std::max<long long>(0, std::chrono::ceil<milliseconds>(t - now).count()));
}

void send_all(int fd, const std::string& out) {
  std::size_t sent = 0;
  while (sent < out.size()) {
    auto n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the peer is gone, or SO_SNDTIMEO passed
    sent += static_cast<std::size_t>(n);
  }
}

// On a handler's thread: the answer, sent blocking within send_timeout, then FIN; the connection
// goes back to the poll thread to linger.
void run_handler(int fd, const HttpRequest& req, const Handler& handler, const ServeLimits& limits, InFlight& flight) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(limits.send_timeout).count();
  timeval tv{static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000)};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  HttpResponse r;
  try {
    r = handler(req);
  } catch (...) {
    r = {500, "text/plain", "internal error\n"};
  }
  send_all(fd, format_response(r));
  {
    std::lock_guard lock(flight.m);
    --flight.n;  // before the FIN: a peer that has read the answer finds the slot free
  }
  ::shutdown(fd, SHUT_WR);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  std::lock_guard lock(flight.m);
  flight.answered.push_back(fd);
  --flight.alive;
  wake_up(flight.wake);
  flight.cv.notify_all();
}

}  // namespace

// Heads are read here, on one thread, by poll(2): a slow client holds a descriptor and a few
// bytes, never a handler's thread. A complete GET goes to a handler thread; a refusal is sent
// from here without waiting (a peer that does not read loses it) and the connection lingers in
// `waiting` until the peer closes or its time is up.
void HttpServer::serve(const Handler& handler, const ServeLimits& limits, std::stop_token stop) {
  auto flight = std::make_shared<InFlight>();
  flight->wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  const int wake = flight->wake;
  auto on_stop_fn = [wake] { wake_up(wake); };
  std::optional<std::stop_callback<decltype(on_stop_fn)>> on_stop(std::in_place, stop, on_stop_fn);
  std::deque<Waiting> waiting;  // oldest first
  std::vector<pollfd> fds;
  auto drop = [&](std::size_t i) {
    ::close(waiting[i].fd);
    waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(i));
  };
  // FIN sent: read and drop what the peer still sends until it closes, for at most
  // limits.linger and k_max_drain bytes. Closing with unread bytes would send an RST, which can
  // destroy the answer before the peer has read it.
  auto linger = [&](Waiting& w, clock::time_point now) {
    w.lingering = true;
    std::string().swap(w.head);
    w.deadline = now + limits.linger;
  };
  auto refuse = [&](Waiting& w, int status, const std::string& why, clock::time_point now) {
    auto out = format_response({status, "text/plain", why + "\n"});
    (void)::send(w.fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(w.fd, SHUT_WR);
    linger(w, now);
  };
  // Room for one more connection: the oldest waiting one closes, unless it is younger than
  // k_grace; then the listening socket rests until it is not (false).
  clock::time_point listen_rests_until{};
  auto make_room = [&](clock::time_point now) {
    if (!waiting.empty() && now - waiting.front().accepted >= k_grace) {
      drop(0);
      return true;
    }
    listen_rests_until = (waiting.empty() ? now : waiting.front().accepted) + k_grace;
    return false;
  };
  char buf[k_read_chunk];
  while (!stop.stop_requested()) {
    auto now = clock::now();
    for (std::size_t i = 0; i < waiting.size();) {
      if (waiting[i].deadline <= now)
        drop(i);  // the head did not come in time (nothing to answer), or the linger is over
      else
        ++i;
    }
    const bool listening = now >= listen_rests_until;
    fds.assign({pollfd{listening ? m_fd : -1, POLLIN, 0}, pollfd{wake, POLLIN, 0}});
    for (const auto& w : waiting) fds.push_back(pollfd{w.fd, POLLIN, 0});
    int wait_ms = listening ? -1 : ms_until(listen_rests_until, now);
    if (!waiting.empty()) {
      int first = ms_until(std::ranges::min_element(waiting, {}, &Waiting::deadline)->deadline, now);
      wait_ms = wait_ms < 0 ? first : std::min(wait_ms, first);
    }
    int ready = ::poll(fds.data(), fds.size(), wait_ms);
    if (ready < 0) {
      if (errno != EINTR) std::this_thread::sleep_for(milliseconds(50));
      continue;
    }
    now = clock::now();
    // Heads first; fds[k] is waiting[k - 2], erased from the back.
    for (std::size_t k = fds.size(); k-- > 2;) {
      if (fds[k].revents == 0) continue;
      const std::size_t i = k - 2;
      auto& w = waiting[i];
      auto n = ::recv(w.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
      if (n <= 0) {
        drop(i);  // the peer closed or reset
        continue;
      }
      if (w.lingering) {
        w.drained += static_cast<std::size_t>(n);
        if (w.drained > k_max_drain) drop(i);
        continue;
      }
      w.head.append(buf, static_cast<std::size_t>(n));
      auto end = head_end(w.head);
      if (!end) {
        refuse(w, end.error().status, end.error().why, now);
        continue;
      }
      if (*end == 0 || *end > limits.max_head) {
        if (w.head.size() > limits.max_head)
          refuse(w, 431, "the request head is over " + std::to_string(limits.max_head) + " bytes", now);
        continue;
      }
      // Bytes after the head (a pipelined or smuggled request) are never read as a request.
      auto req = parse_request_head(std::string_view(w.head).substr(0, *end - 4));
      if (!req) {
        refuse(w, req.error().status, req.error().why, now);
        continue;
      }
      {
        std::lock_guard lock(flight->m);
        if (flight->n >= limits.max_handlers) {
          refuse(w, 503, "busy: too many requests at once", now);
          continue;
        }
        ++flight->n;
        ++flight->alive;
      }
      req->received = w.accepted;
      const int fd = w.fd;
      try {
        std::thread([fd, req = std::move(*req), &handler, limits, flight] {
          run_handler(fd, req, handler, limits, *flight);
        }).detach();
      } catch (const std::system_error&) {  // no thread to be had
        {
          std::lock_guard lock(flight->m);
          --flight->n;
          --flight->alive;
        }
        refuse(w, 503, "busy: no thread", now);
        continue;
      }
      waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (fds[1].revents != 0) {
      std::uint64_t v = 0;
      (void)!::read(wake, &v, sizeof v);
      std::vector<int> answered;
      {
        std::lock_guard lock(flight->m);
        answered.swap(flight->answered);
      }
      for (int fd : answered) {
        if (waiting.size() >= limits.max_waiting) {
          ::close(fd);  // answered and half closed already; no room to linger
          continue;
        }
        waiting.push_back({fd, now, now, {}, false, 0});
        linger(waiting.back(), now);
      }
    }
    if (fds[0].revents == 0) continue;
    for (int a = 0; a < k_accepts_per_wake; ++a) {
      if (waiting.size() >= limits.max_waiting && !make_room(now)) break;
      int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (c < 0) {
        // Out of descriptors (EMFILE/ENFILE): the connection stays queued, so retrying at once
        // would spin a core; close the oldest waiting connection and retry, or let the listening
        // socket rest a moment (a handler's descriptor comes back, or the oldest grows old).
        if ((errno == EMFILE || errno == ENFILE) && make_room(now)) continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
          listen_rests_until = std::max(listen_rests_until, now + k_grace);
        break;  // EAGAIN: all accepted; anything else: try again after the next poll
      }
      waiting.push_back({c, now, now + limits.head_deadline, {}, false, 0});
    }
  }
  while (!waiting.empty()) drop(waiting.size() - 1);
  on_stop.reset();  // no wake-up after this: the eventfd closes below
  std::unique_lock lock(flight->m);
  flight->cv.wait(lock, [&] { return flight->alive == 0; });
  for (int fd : flight->answered) ::close(fd);
  flight->answered.clear();
  if (wake >= 0) ::close(wake);
  flight->wake = -1;
}

Result<HttpServer> HttpServer::listen(const std::string& address, bool any_port) {
  auto fail = [&](const std::string& why) {
    return std::unexpected(
        Error{"usage.listen", "--listen", "\"" + address + "\": " + why, "give HOST:PORT, for example 127.0.0.1:9711"});
  };
  auto colon = address.rfind(':');
  if (colon == std::string::npos) return fail("no :PORT");
  std::string host = address.substr(0, colon);
  if (host.starts_with("[") && host.ends_with("]")) host = host.substr(1, host.size() - 2);
  int port = 0;
  auto ps = std::string_view(address).substr(colon + 1);
  auto [end, ec] = std::from_chars(ps.data(), ps.data() + ps.size(), port);
  if (ec != std::errc{} || end != ps.data() + ps.size() || port < (any_port ? 0 : 1) || port > 65535)
    return fail("port must be 1-65535");
  auto ip = IpAddress::parse(host);
  if (!ip) return fail("not an IP address (" + ip.error().message + ")");
  sockaddr_storage ss{};
  socklen_t len = 0;
  const bool v6 = ip->str().find(':') != std::string::npos;
  if (v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET6, ip->str().c_str(), &a->sin6_addr);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, ip->str().c_str(), &a->sin_addr);
    len = sizeof *a;
  }
  int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return fail(std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd, 512) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return fail(why);
  }
  return HttpServer(fd);
}

std::uint16_t HttpServer::port() const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(m_fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in*>(&ss)->sin_port);
}

HttpServer::HttpServer(HttpServer&& other) noexcept : m_fd(other.m_fd) {
  other.m_fd = -1;
}

HttpServer::~HttpServer() {
  if (m_fd >= 0) ::close(m_fd);
}

}  // namespace adplan::serve
