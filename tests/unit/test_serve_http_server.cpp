// The exporter's server (serve/http_server.cpp) on 127.0.0.1, in-process: answers, refusals and
// the bounds on connections and handlers. No assertion on elapsed time: a peer waits for the
// server's close with a generous guard, and what it got is checked.
#include <adplan/serve/http_server.hpp>

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <latch>
#include <memory>
#include <semaphore>
#include <string>
#include <thread>

using namespace adplan::serve;

namespace {

// A server on a free loopback port, serving on its own thread until the fixture ends.
struct Served {
  explicit Served(Handler h, ServeLimits limits = {}) : handler(std::move(h)) {
    auto s = HttpServer::listen("127.0.0.1:0", true);
    REQUIRE(s);
    port = s->port();
    REQUIRE(port != 0);
    thread = std::jthread([this, limits, srv = std::make_shared<HttpServer>(std::move(*s))](std::stop_token st) {
      srv->serve(handler, limits, st);
      returned = true;
    });
  }
  Handler handler;
  std::uint16_t port = 0;
  std::atomic<bool> returned{false};
  std::jthread thread;
};

// A client socket to the server; reads wait at most 30 s (a guard against a hang, not a bound).
struct Client {
  explicit Client(std::uint16_t port) {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    timeval tv{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Client() { ::close(fd); }
  void send(const std::string& s) const { (void)::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }
  // Everything until the server closes (or resets) the connection.
  std::string read_all() const {
    std::string out;
    char buf[4096];
    for (;;) {
      auto n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return out;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  int fd = -1;
};

HttpResponse hello(const HttpRequest& req) {
  return {200, "text/plain", "path=" + req.path + "\n"};
}

int count(const std::string& hay, const std::string& needle) {
  int n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("serve: a GET is answered by the handler, once, then the connection closes") {
  std::atomic<int> calls{0};
  Served s([&](const HttpRequest& r) {
    ++calls;
    return hello(r);
  });
  Client c(s.port);
  c.send("GET /metrics?x=1 HTTP/1.1\r\nHost: t\r\n\r\n");
  auto out = c.read_all();
  CHECK(out.starts_with("HTTP/1.1 200 OK\r\n"));
  CHECK(out.find("Connection: close\r\n") != std::string::npos);
  CHECK(out.ends_with("\r\n\r\npath=/metrics\n"));
  CHECK(calls == 1);
}

TEST_CASE("serve: a pipelined second request is never served") {
  std::atomic<int> calls{0};
  Served s([&](const HttpRequest& r) {
    ++calls;
    return hello(r);
  });
  Client c(s.port);
  c.send("GET /first HTTP/1.1\r\nHost: t\r\n\r\nGET /second HTTP/1.1\r\nHost: t\r\n\r\n");
  auto out = c.read_all();
  CHECK(count(out, "HTTP/1.1 ") == 1);
  CHECK(out.ends_with("path=/first\n"));
  CHECK(calls == 1);
}

TEST_CASE("serve: refusals come from the server, the handler never sees them") {
  std::atomic<int> calls{0};
  Served s([&](const HttpRequest& r) {
    ++calls;
    return hello(r);
  });
  struct Case {
    const char* head;
    const char* status;
  };
  for (auto [head, status] :
       {Case{"POST /metrics HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc", "405"},
        Case{"GET /metrics HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc", "400"},
        Case{"GET /metrics HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"},
        Case{"GET /metrics HTTP/1.1\nHost: t\n\n", "400"},
        Case{"GET /metrics HTTP/1.1\r\nHost: t\r\nX: 1\r\n folded\r\n\r\n", "400"}}) {
    CAPTURE(head);
    Client c(s.port);
    c.send(head);
    auto out = c.read_all();
    CHECK(out.starts_with(std::string("HTTP/1.1 ") + status + " "));
    CHECK(count(out, "HTTP/1.1 ") == 1);
  }
  CHECK(calls == 0);
}

TEST_CASE("serve: a head over max_head is answered 431, however it is split") {
  Served s(hello, ServeLimits{.max_head = 1024});
  SUBCASE("many header lines") {
    Client c(s.port);
    std::string head = "GET /metrics HTTP/1.1\r\nHost: t\r\n";
    for (int i = 0; i < 200; ++i) head += "X-Pad-" + std::to_string(i) + ": aaaaaaaaaaaaaaaa\r\n";
    c.send(head + "\r\n");
    CHECK(c.read_all().starts_with("HTTP/1.1 431 "));
  }
  SUBCASE("one long line, no line end") {
    Client c(s.port);
    c.send("GET /" + std::string(5000, 'a'));
    CHECK(c.read_all().starts_with("HTTP/1.1 431 "));
  }
  SUBCASE("just under the limit is served") {
    Client c(s.port);
    std::string head = "GET /metrics HTTP/1.1\r\nHost: t\r\nX-Pad: ";
    head += std::string(1024 - head.size() - 4, 'a') + "\r\n\r\n";
    REQUIRE(head.size() == 1024);
    c.send(head);
    CHECK(c.read_all().starts_with("HTTP/1.1 200 "));
  }
}

TEST_CASE("serve: an incomplete head is closed at its deadline without an answer") {
  Served s(hello, ServeLimits{.head_deadline = std::chrono::milliseconds(200)});
  Client c(s.port);
  c.send("GET /metrics HTTP/1.1\r\nHost: t\r\n");
  CHECK(c.read_all().empty());  // the server closed it: EOF, nothing answered
}

TEST_CASE("serve: beyond max_waiting a new connection closes the oldest waiting one") {
  Served s(hello, ServeLimits{.max_waiting = 2});
  Client oldest(s.port), second(s.port);
  oldest.send("GET /metrics HTTP/1.1\r\n");  // heads that never end
  second.send("GET /metrics HTTP/1.1\r\n");
  Client third(s.port);
  third.send("GET /third HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(third.read_all().ends_with("path=/third\n"));
  CHECK(oldest.read_all().empty());  // closed without an answer
}

TEST_CASE("serve: beyond max_handlers a complete GET is answered 503 at once") {
  std::latch entered(1);
  std::binary_semaphore release(0);
  Served s(
      [&](const HttpRequest& r) {
        if (r.path == "/hold") {
          entered.count_down();
          release.acquire();
        }
        return hello(r);
      },
      ServeLimits{.max_handlers = 1});
  Client held(s.port);
  held.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n");
  entered.wait();
  Client next(s.port);
  next.send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(next.read_all().starts_with("HTTP/1.1 503 "));
  release.release();
  CHECK(held.read_all().ends_with("path=/hold\n"));
  Client after(s.port);
  after.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(after.read_all().ends_with("path=/after\n"));  // the slot came back
}

TEST_CASE("serve: a handler that throws is answered 500") {
  Served s([](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
  Client c(s.port);
  c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(c.read_all().starts_with("HTTP/1.1 500 "));
}

TEST_CASE("serve: serve() returns when stopped, after its handlers") {
  auto s = std::make_unique<Served>(hello);
  {
    Client c(s->port);
    c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
    CHECK(c.read_all().ends_with("path=/x\n"));
  }
  s->thread.request_stop();
  s->thread.join();
  CHECK(s->returned);
}

TEST_CASE("serve: listen's address") {
  CHECK_FALSE(HttpServer::listen("127.0.0.1"));
  CHECK_FALSE(HttpServer::listen("127.0.0.1:0"));  // port 0 only for tests
  CHECK_FALSE(HttpServer::listen("127.0.0.1:65536"));
  auto bad = HttpServer::listen("mail.contoso.com:9711");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().field == "--listen");
  CHECK(bad.error().message.find("not an IP address") != std::string::npos);
}
