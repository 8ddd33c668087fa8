#pragma once
// The HTTP/1.1 server of `adplan exporter`, hardened for whatever a scraper (or anyone who can
// reach the port) sends. Every resource has a bound:
//   threads      heads are awaited on one poll(2) thread; a complete GET runs its handler on a
//                thread of its own, at most ServeLimits::max_handlers at once, the next one
//                answered 503 at once (no queue: nothing waits that Prometheus has given up on);
//   connections  at most max_waiting heads awaited at once; a new connection beyond them (or
//                when accept(2) fails with EMFILE) closes the oldest, so a flood of slow or idle
//                peers cannot keep a scraper out (its head comes in one packet); a connection
//                younger than 50 ms is not closed for that, the newcomer waits in the backlog;
//   time         one deadline for the whole head, head_deadline (5 s) from accept, however slowly
//                it dribbles in; the answer is sent within send_timeout; then a short linger;
//   size         the head at most max_head (8 KiB): 431 beyond; no body (http_request.hpp);
//   protocol     GET only (405), one request per connection (Connection: close), the head parsed
//                strictly, so no request can be smuggled past a proxy in front.
//
// Why not a library (checked 2026-12 against Debian 12's packages, their headers and the
// upstream source of the same versions): the exporter needs bounded threads AND queue, a head
// size limit, one deadline for the whole head (not per read) and GET only. None gives all of it.
//  - cpp-httplib 0.11.4 (libcpp-httplib-dev 0.11.4+ds-1+deb12u1, built as libcpp-httplib.so.0.11,
//    so every CPPHTTPLIB_* macro is fixed by Debian's build): Server::set_read_timeout bounds each
//    read (select before every recv, and SO_RCVTIMEO), not the head, so a peer sending a byte every
//    4 s keeps a connection forever; and a pool thread (CPPHTTPLIB_THREAD_POOL_COUNT, max(8,
//    cores-1)) is held by a connection from accept to close, so a few slow peers stop every scrape.
//    The ThreadPool's job list is unbounded: each accepted socket is queued (Server::new_task_queue
//    can swap the queue, but TaskQueue::enqueue gets an opaque job owning the socket: it can run
//    it or block the accept loop, never answer 503); the bound (max_queued_requests) came in 0.15.
//    CPPHTTPLIB_HEADER_MAX_LENGTH (8192) bounds one header line, not their number; without
//    CPPHTTPLIB_USE_POLL (Debian's header does not define it) select(2) is used and a socket at
//    or above FD_SETSIZE gets 500; a line ending in a bare LF is skipped silently. GET only would
//    be possible (set_pre_routing_handler answering 405).
//  - civetweb 1.15 (libcivetweb-dev 1.15+dfsg-4): num_threads, connection_queue (default 20),
//    listen_backlog and max_request_size bound threads, queue and head, request_timeout_ms is one
//    deadline for the head (read_message measures it from conn->req_time) and a request handler
//    can answer 405. But a worker thread owns its connection from the queue to the close, the
//    wait for the head included, and req_time is set when the worker starts reading, not at
//    accept: num_threads dribbling peers hold every worker for request_timeout_ms each, the queue
//    fills, the master thread blocks in produce_socket and accepts nothing, and a scraper waits
//    behind them (40 dribblers, 8 threads, 5 s each: 40 / 8 x 5 s = 25 s; Prometheus waits
//    10 s). Only more threads than attackers would help: the harm of slow peers is not bounded.
//  - libmicrohttpd 0.9.75 (libmicrohttpd-dev 0.9.75-6): event driven
//    (MHD_USE_INTERNAL_POLLING_THREAD, MHD_OPTION_THREAD_POOL_SIZE), so a slow head holds no thread;
//    MHD_OPTION_CONNECTION_LIMIT bounds connections, MHD_OPTION_CONNECTION_MEMORY_LIMIT the head
//    (431), the access handler can answer 405. But MHD_OPTION_CONNECTION_TIMEOUT and
//    MHD_CONNECTION_OPTION_TIMEOUT are inactivity timeouts ("seconds of inactivity", reset by every
//    read), so there is no deadline for the head: a peer dribbling a byte a second keeps its
//    connection, and at MHD_OPTION_CONNECTION_LIMIT a newcomer is closed at once or left in the
//    backlog (no held connection is given up for it), so dribbling peers keep a scraper out as
//    long as they like. The access handler runs on the polling thread (a 10 s probe would stall
//    its other connections unless suspended with MHD_ALLOW_SUSPEND_RESUME onto threads of our
//    own), and a deadline added from outside (shutdown(2) on MHD_CONNECTION_INFO_CONNECTION_FD
//    from a watchdog) would race MHD closing and reusing that descriptor.
// So this server stays; tests/unit/test_serve_*.cpp and tests/hostile/test_exporter_http.sh prove
// its bounds (slowloris, 10,000 connections, huge heads, smuggling; RSS and descriptors back to
// their baseline after them).
#include <adplan/model/error.hpp>
#include <adplan/serve/http_request.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>

namespace adplan::serve {

struct ServeLimits {
  std::size_t max_head = 8192;                    // request line, fields and blank line
  std::chrono::milliseconds head_deadline{5000};  // from accept, for the whole head
  std::size_t max_waiting = 256;                  // heads awaited (or answers lingering) at once
  std::size_t max_handlers = 32;                  // handler threads at once; beyond, 503
  std::chrono::milliseconds send_timeout{5000};   // SO_SNDTIMEO of the answer
  std::chrono::milliseconds linger{500};          // after the answer, for the peer to read it
};

using Handler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // "HOST:PORT" or "[IPv6]:PORT"; the socket is bound and listening when this returns. Port 0
  // (a free port, see port()) only with any_port, for tests.
  static Result<HttpServer> listen(const std::string& address, bool any_port = false);
  HttpServer(HttpServer&& other) noexcept;
  HttpServer& operator=(HttpServer&&) = delete;
  HttpServer(const HttpServer&) = delete;
  ~HttpServer();
  [[nodiscard]] std::uint16_t port() const;
  // Serves until `stop` is requested (without a stop source: until the process ends); returns
  // once every handler it started has returned. A handler that throws is answered 500.
  void serve(const Handler& handler, const ServeLimits& limits, std::stop_token stop = {});

 private:
  explicit HttpServer(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace adplan::serve
