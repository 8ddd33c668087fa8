#include "http_server.hpp"

#include <adplan/model/ip_address.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <deque>
#include <thread>
#include <vector>

namespace adplan::cli {
namespace {

constexpr std::size_t k_max_head = 8192;
constexpr int k_io_seconds = 5;

std::string_view reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

void send_all(int fd, const HttpResponse& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + std::string(reason(r.status)) +
                    "\r\nContent-Type: " + r.content_type + "\r\nContent-Length: " + std::to_string(r.body.size()) +
                    "\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n";
  out += r.body;
  std::size_t sent = 0;
  while (sent < out.size()) {
    auto n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

// A small answer from the accepting thread: never waits (a peer that does not read loses it).
void send_now(int fd, const HttpResponse& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + std::string(reason(r.status)) +
                    "\r\nContent-Type: " + r.content_type + "\r\nContent-Length: " + std::to_string(r.body.size()) +
                    "\r\nConnection: close\r\n\r\n" + r.body;
  (void)::send(fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// A connection whose request head has not all arrived: it has until `deadline` (accept + 5 s)
// for the whole head, however it dribbles the bytes in.
struct Pending {
  int fd = -1;
  std::chrono::steady_clock::time_point accepted, deadline;
  std::string head;
};

}  // namespace

// Heads are read here, on one thread, by poll(2): a slow client holds a descriptor and a few
// bytes, never a handler's slot. A complete head goes to a handler thread (at most
// `max_connections` at once, the rest 503); at most k_max_pending heads are awaited at once, and
// a new connection beyond that closes the oldest, so a flood of slow clients cannot keep a
// scraper out (its head comes in one packet).
void HttpServer::serve(const std::function<HttpResponse(const HttpRequest&)>& handler, std::size_t max_connections) {
  using clock = std::chrono::steady_clock;
  static std::atomic<std::size_t> open{0};
  constexpr std::size_t k_max_pending = 256;
  std::deque<Pending> pending;  // oldest first
  std::vector<pollfd> fds;
  auto drop = [&](std::size_t i) {
    ::close(pending[i].fd);
    pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
  };
  for (;;) {
    auto now = clock::now();
    for (std::size_t i = 0; i < pending.size();) {
      if (pending[i].deadline <= now)
        drop(i);  // the head did not arrive in time: nothing to answer
      else
        ++i;
    }
    fds.assign(1, pollfd{m_fd, POLLIN, 0});
    for (const auto& p : pending) fds.push_back(pollfd{p.fd, POLLIN, 0});
    int wait_ms = -1;
    if (!pending.empty()) {
      auto first = std::ranges::min_element(pending, {}, &Pending::deadline)->deadline;
      wait_ms = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(first - now).count());
    }
    int ready = ::poll(fds.data(), fds.size(), wait_ms);
    if (ready < 0) {
      if (errno != EINTR) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    now = clock::now();
    // Heads first (indices in fds are pending's + 1, erased from the back).
    for (std::size_t k = fds.size(); k-- > 1;) {
      if (fds[k].revents == 0) continue;
      auto& p = pending[k - 1];
      char buf[2048];
      auto n = ::recv(p.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
      if (n <= 0) {
        drop(k - 1);
        continue;
      }
      p.head.append(buf, static_cast<std::size_t>(n));
      auto end = p.head.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (p.head.size() > k_max_head) {
          send_now(p.fd, {431, "text/plain", "request head too large\n"});
          drop(k - 1);
        }
        continue;
      }
      HttpRequest req;
      req.received = p.accepted;
      const int c = p.fd;
      if (!parse_request_head(std::string_view(p.head).substr(0, end), req)) {
        send_now(c, {400, "text/plain", "bad request\n"});
      } else if (req.method != "GET") {
        send_now(c, {405, "text/plain", "GET only\n"});
      } else if (open.load() >= max_connections) {
        send_now(c, {503, "text/plain", "too many connections\n"});
      } else {
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(k - 1));
        ++open;
        std::thread([c, req = std::move(req), &handler] {
          ::fcntl(c, F_SETFL, ::fcntl(c, F_GETFL) & ~O_NONBLOCK);  // the answer is sent blocking, time-bounded
          timeval tv{k_io_seconds, 0};
          ::setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
          send_all(c, handler(req));
          ::close(c);
          --open;
        }).detach();
        continue;
      }
      drop(k - 1);
    }
    if (fds[0].revents == 0) continue;
    int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (c < 0) {
      // Out of descriptors (EMFILE/ENFILE) or memory: the pending connection stays queued, so
      // retrying at once would spin a core; close the oldest slow head, or wait for a handler.
      if (errno == EMFILE || errno == ENFILE) {
        if (!pending.empty())
          drop(0);
        else
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
      } else if (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      continue;
    }
    if (pending.size() >= k_max_pending) drop(0);
    pending.push_back({c, now, now + std::chrono::seconds(k_io_seconds), {}});
  }
}

bool url_decode(std::string_view in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%') {
      unsigned v = 0;
      if (i + 2 >= in.size()) return false;
      auto [end, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, v, 16);
      if (ec != std::errc{} || end != in.data() + i + 3) return false;
      out += static_cast<char>(v);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return true;
}

bool parse_request_head(std::string_view head, HttpRequest& req) {
  auto eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  auto sp1 = line.find(' ');
  auto sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1 || !line.substr(sp2 + 1).starts_with("HTTP/1.")) return false;
  req.method = std::string(line.substr(0, sp1));
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (!target.starts_with("/")) return false;
  auto q = target.find('?');
  if (!url_decode(target.substr(0, q), req.path)) return false;
  if (q != std::string_view::npos) {
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
      auto amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      auto eq = pair.find('=');
      std::string k, v;
      if (!url_decode(pair.substr(0, eq), k)) return false;
      if (eq != std::string_view::npos && !url_decode(pair.substr(eq + 1), v)) return false;
      req.query.try_emplace(k, v);
      rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    }
  }
  while (eol != std::string_view::npos) {
    auto next = head.find("\r\n", eol + 2);
    std::string_view h = head.substr(eol + 2, next == std::string_view::npos ? std::string_view::npos : next - eol - 2);
    eol = next;
    auto colon = h.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(h.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = h.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    req.headers.try_emplace(name, value);
  }
  return true;
}

Result<HttpServer> HttpServer::listen(const std::string& address) {
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
  if (ec != std::errc{} || end != ps.data() + ps.size() || port < 1 || port > 65535)
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
  int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd, 128) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return fail(why);
  }
  return HttpServer(fd);
}

HttpServer::HttpServer(HttpServer&& other) noexcept : m_fd(other.m_fd) {
  other.m_fd = -1;
}

HttpServer::~HttpServer() {
  if (m_fd >= 0) ::close(m_fd);
}

}  // namespace adplan::cli
