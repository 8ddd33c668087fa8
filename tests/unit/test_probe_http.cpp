// The HTTP piece of the probe (libcurl) against an HTTP server on 127.0.0.1 in a thread of
// this process: what the response said, an oversized body refused, a silent server ended by
// the deadline.
#include <adplan/probe/engine.hpp>
#include <adplan/probe/internal/http.hpp>
#include <adplan/probe/probe.hpp>

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <limits>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace adplan::probe;

namespace {

// Accepts connections one after another; `respond` turns the request (head and body) into
// the bytes sent back, or "" to answer nothing and hold the connection open until the end.
class FakeHttp {
 public:
  using Respond = std::function<std::string(const std::string& request)>;

  // `keep_alive`: answer request after request on one connection until the client closes it.
  explicit FakeHttp(Respond respond, bool keep_alive = false)
      : m_respond(std::move(respond)), m_keep_alive(keep_alive) {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(m_fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(m_fd, 8) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~FakeHttp() {
    m_stop = true;
    m_thread.join();
    ::close(m_fd);
  }
  FakeHttp(const FakeHttp&) = delete;
  FakeHttp& operator=(const FakeHttp&) = delete;

  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] std::string url(std::string_view path = "/autodiscover/autodiscover.xml") const {
    return "http://127.0.0.1:" + std::to_string(m_port) + std::string(path);
  }
  [[nodiscard]] std::vector<std::string> requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }
  [[nodiscard]] int accepted() const { return m_accepted; }

 private:
  bool wait_readable(int fd) const {
    while (!m_stop) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) > 0) return true;
    }
    return false;
  }

  // Keep-alive connections are served at once, each on a thread of its own (a client may hold one
  // open and open another); otherwise one after the other.
  void serve() {
    std::vector<std::jthread> kept;
    while (wait_readable(m_fd)) {
      int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      ++m_accepted;
      if (m_keep_alive)
        kept.emplace_back([this, c] { serve_connection(c); });
      else
        serve_connection(c);
    }
  }

  void serve_connection(int c) {
    do {
      std::string request = read_request(c);
      if (request.empty()) break;  // the client closed the connection
      {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(request);
      }
      std::string reply = m_respond(request);
      if (reply.empty()) {
        while (!m_stop) std::this_thread::sleep_for(std::chrono::milliseconds(10));  // silent
        break;
      }
      std::string_view left = reply;
      while (!left.empty()) {
        auto n = ::send(c, left.data(), left.size(), MSG_NOSIGNAL);
        if (n <= 0) break;
        left.remove_prefix(static_cast<std::size_t>(n));
      }
    } while (m_keep_alive && !m_stop);
    ::close(c);
  }

  // The head, then as many body bytes as Content-Length says.
  std::string read_request(int c) const {
    std::string in;
    char buf[4096];
    std::size_t want = std::string::npos;
    while (in.size() < want && wait_readable(c)) {
      auto n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
      auto head_end = in.find("\r\n\r\n");
      if (head_end != std::string::npos && want == std::string::npos) {
        std::size_t length = 0;
        auto at = in.find("Content-Length: ");
        if (at != std::string::npos && at < head_end) length = std::stoul(in.substr(at + 16));
        want = head_end + 4 + length;
      }
    }
    return in;
  }

  Respond m_respond;
  bool m_keep_alive = false;
  std::atomic<int> m_accepted{0};
  int m_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  mutable std::mutex m_mutex;
  std::vector<std::string> m_requests;
  std::thread m_thread;
};

HttpRequest request_to(const std::string& url) {
  http_global_init();
  HttpRequest r;
  auto parsed = parse_url(url);
  REQUIRE(parsed);
  r.url = *parsed;
  return r;
}

int ms_since(std::chrono::steady_clock::time_point start) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace

TEST_CASE("probe http: status, headers and body of the response; the POST as sent") {
  FakeHttp server([](const std::string&) {
    return std::string(
        "HTTP/1.1 302 Found\r\n"
        "location: https://mail.contoso.com/Autodiscover/Autodiscover.xml\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "Content-Length: 5\r\n"
        "\r\n"
        "moved");
  });
  auto request = request_to(server.url());
  request.method = "POST";
  request.body = "<Autodiscover/>";
  auto result = perform(request, Deadline(std::chrono::seconds(5)));
  const auto& ex = result.exchange;
  CHECK(ex.transport == Transport::Ok);
  CHECK(ex.error.empty());
  CHECK(ex.status == 302);
  CHECK(ex.method == "POST");
  CHECK(ex.port == server.port());
  CHECK(ex.location == "https://mail.contoso.com/Autodiscover/Autodiscover.xml");  // header names in any case
  CHECK(ex.content_type == "text/html; charset=utf-8");
  CHECK(result.body == "moved");
  CHECK(result.pem_chain.empty());

  auto seen = server.requests();
  REQUIRE(seen.size() == 1);  // no redirect followed
  CHECK(seen[0].starts_with("POST /autodiscover/autodiscover.xml HTTP/1.1\r\n"));
  CHECK(seen[0].find("Content-Type: text/xml; charset=utf-8\r\n") != std::string::npos);
  CHECK(seen[0].ends_with("\r\n\r\n<Autodiscover/>"));
}

TEST_CASE("probe http: the authentication schemes a 401 offers") {
  FakeHttp server([](const std::string&) {
    return std::string(
        "HTTP/1.1 401 Unauthorized\r\n"
        "WWW-Authenticate: Negotiate\r\n"
        "WWW-Authenticate: NTLM\r\n"
        "WWW-Authenticate: Basic realm=\"mail.contoso.com\"\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
  });
  auto result = perform(request_to(server.url()), Deadline(std::chrono::seconds(5)));
  CHECK(result.exchange.transport == Transport::Ok);
  CHECK(result.exchange.status == 401);
  CHECK(result.exchange.auth_schemes == std::vector<std::string>{"Negotiate", "NTLM", "Basic"});
}

TEST_CASE("probe http: a body over the size limit is refused as TooLarge") {
  const std::string big(4096, 'z');
  SUBCASE("announced by Content-Length") {
    FakeHttp server([&](const std::string&) {
      return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(big.size()) + "\r\n\r\n" + big;
    });
    auto request = request_to(server.url());
    request.max_body = 1000;
    auto result = perform(request, Deadline(std::chrono::seconds(5)));
    CHECK(result.exchange.transport == Transport::TooLarge);
    CHECK(result.body.size() <= 1000);
  }
  SUBCASE("not announced: the connection is closed after the body") {
    FakeHttp server([&](const std::string&) { return "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big; });
    auto request = request_to(server.url());
    request.max_body = 1000;
    auto result = perform(request, Deadline(std::chrono::seconds(5)));
    CHECK(result.exchange.transport == Transport::TooLarge);
    CHECK(result.body.size() <= 1000);
  }
  SUBCASE("at the limit is accepted") {
    FakeHttp server([&](const std::string&) {
      return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(big.size()) + "\r\n\r\n" + big;
    });
    auto request = request_to(server.url());
    request.max_body = big.size();
    auto result = perform(request, Deadline(std::chrono::seconds(5)));
    CHECK(result.exchange.transport == Transport::Ok);
    CHECK(result.body == big);
  }
}

TEST_CASE("probe http: a server that accepts and never answers ends at the deadline as Timeout") {
  FakeHttp server([](const std::string&) { return std::string(); });
  auto request = request_to(server.url());
  // The cap is an hour: a request that ignored the deadline would not return within ctest's timeout,
  // which fails the test (no wall-clock upper bound here; bench/bench_probe_deadlines.sh prints the time).
  request.cap = std::chrono::hours(1);
  auto start = std::chrono::steady_clock::now();
  auto result = perform(request, Deadline(std::chrono::milliseconds(500)));
  CHECK(ms_since(start) >= 450);
  // TCP connected (the local port was set), so not a connect timeout.
  CHECK(result.exchange.transport == Transport::Timeout);
  CHECK_FALSE(result.exchange.error.empty());
  CHECK(server.requests().size() == 1);
}

TEST_CASE("probe http: the per-request cap ends a silent server before a later deadline") {
  FakeHttp server([](const std::string&) { return std::string(); });
  auto request = request_to(server.url());
  request.cap = std::chrono::milliseconds(400);
  auto start = std::chrono::steady_clock::now();
  // The deadline is an hour away: a request that ignored its cap would not return within ctest's timeout.
  auto result = perform(request, Deadline(std::chrono::hours(1)));
  CHECK(ms_since(start) >= 350);
  CHECK(result.exchange.transport == Transport::Timeout);
}

TEST_CASE("probe http: nothing listening is Refused") {
  int port = 0;
  {
    FakeHttp gone([](const std::string&) { return std::string(); });
    port = gone.port();
  }  // closed: the port now refuses
  auto result =
      perform(request_to("http://127.0.0.1:" + std::to_string(port) + "/"), Deadline(std::chrono::seconds(5)));
  CHECK(result.exchange.transport == Transport::Refused);
}

TEST_CASE("probe http: credentials never go over plain http, whoever asks") {
  int asked = 0;
  FakeHttp server([&](const std::string&) {
    ++asked;
    return std::string("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 0\r\n\r\n");
  });
  Credentials alice{"alice", "S3cret"};
  auto request = request_to(server.url());
  request.method = "POST";
  request.credentials = &alice;
  request.pinned_key = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  auto result = perform(request, Deadline(std::chrono::seconds(5)));
  CHECK_FALSE(result.exchange.authenticated);
  CHECK(result.exchange.error == "refused: credentials are never sent over plain http");
  CHECK(server.requests().empty());  // not even a request without them: nothing was sent
}

TEST_CASE("probe http: credentials need the judged key pinned") {
  Credentials alice{"alice", "S3cret"};
  auto request = request_to("https://127.0.0.1:1/autodiscover/autodiscover.xml");
  request.credentials = &alice;
  auto result = perform(request, Deadline(std::chrono::seconds(5)));
  CHECK_FALSE(result.exchange.authenticated);
  CHECK(result.exchange.error == "refused: credentials need the certificate judged first");
}

TEST_CASE("probe http: a forbidden address is refused before connecting, in any spelling") {
  for (const char* url : {"http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://0xa9fea9fe/",
                          "http://0251.0376.0251.0376/", "http://169.254.43518/", "http://[::ffff:169.254.169.254]/",
                          "http://[fe80::1]/", "http://0.0.0.0/", "http://224.0.0.1/", "http://255.255.255.255/"}) {
    CAPTURE(url);
    auto result = perform(request_to(url), Deadline(std::chrono::seconds(5)));
    CHECK(result.exchange.transport == Transport::Forbidden);
    CHECK(result.exchange.error.find(" is in ") != std::string::npos);
    CHECK(result.exchange.connect_ms == 0);  // refused before any connection was tried
  }
  SUBCASE("a pinned address is judged the same way") {
    auto request = request_to("http://metadata.google.internal/computeMetadata/v1/");
    request.address = "169.254.169.254";
    auto result = perform(request, Deadline(std::chrono::seconds(5)));
    CHECK(result.exchange.transport == Transport::Forbidden);
    CHECK(result.exchange.address == "169.254.169.254");
  }
  SUBCASE("a host name without a pinned address is never resolved by curl") {
    auto result = perform(request_to("http://localhost/"), Deadline(std::chrono::seconds(5)));
    CHECK(result.exchange.transport == Transport::NoAddress);
  }
}

TEST_CASE("probe http: curl connects only to the address it was given") {
  FakeHttp server([](const std::string&) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"); });
  SUBCASE("the pinned address: connected") {
    auto request = request_to("http://mail.contoso.com:" + std::to_string(server.port()) + "/");
    request.address = "127.0.0.1";
    CHECK(perform(request, Deadline(std::chrono::seconds(5))).exchange.transport == Transport::Ok);
  }
  SUBCASE("loopback in another spelling is still loopback, and allowed") {
    auto request = request_to("http://2130706433:" + std::to_string(server.port()) + "/");
    CHECK(perform(request, Deadline(std::chrono::seconds(5))).exchange.transport == Transport::Ok);
  }
}

// Issue 25: the exporter's warm engines, on the caller's clock.
TEST_CASE("probe http: an engine cache keeps a key's engine, drops the least recently used and the idle") {
  using namespace std::chrono_literals;
  EngineCache cache(2, 60s, 1);
  const auto t0 = EngineCache::Clock::time_point{} + 1h;
  auto a = cache.get("a.example", t0);
  REQUIRE(a);
  CHECK(cache.get("a.example", t0 + 10s) == a);  // the same target: the same engine, warm
  auto b = cache.get("b.example", t0 + 20s);
  CHECK(b != a);
  CHECK(cache.size() == 2);
  // A third target: the least recently used (a, last at t0 + 10 s) leaves, b stays.
  auto c = cache.get("c.example", t0 + 30s);
  CHECK(cache.size() == 2);
  CHECK(cache.get("b.example", t0 + 40s) == b);
  auto a2 = cache.get("a.example", t0 + 50s);  // c (t0 + 30 s) leaves
  CHECK(a2 != a);                              // a new engine (the old one lives on while `a` holds it)
  CHECK(cache.size() == 2);
  CHECK(cache.get("b.example", t0 + 99s) == b);
  // Unused for the idle time: dropped on the next get, whatever its key.
  auto d = cache.get("d.example", t0 + 110s);  // a2, 60 s unused, leaves; b (t0 + 99 s) stays
  CHECK(d != b);
  CHECK(cache.size() == 2);
  CHECK(cache.get("b.example", t0 + 111s) == b);
  CHECK(cache.get("a.example", t0 + 112s) != a2);
}

// Issue 25: one engine keeps one connection per endpoint (host, address, port).
TEST_CASE("probe http: an engine reuses the endpoint's connection") {
  FakeHttp server([](const std::string&) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"); },
                  true);
  HttpEngine engine(2);
  auto request = request_to("http://mail.contoso.com:" + std::to_string(server.port()) + "/");
  request.address = "127.0.0.1";
  for (int i = 0; i < 3; ++i) {
    auto result = engine.perform(request, Deadline(std::chrono::seconds(5)));
    CHECK(result.exchange.transport == Transport::Ok);
    CHECK(result.body == "ok");
    CHECK(result.new_connections == (i == 0 ? 1 : 0));
  }
  CHECK(server.requests().size() == 3);
  CHECK(server.accepted() == 1);
  auto counts = engine.connections();
  REQUIRE(counts.size() == 1);
  CHECK(counts[0].host == "mail.contoso.com");
  CHECK(counts[0].address == "127.0.0.1");
  CHECK(counts[0].requests == 3);
  CHECK(counts[0].connections == 1);
  CHECK(counts[0].handshakes == 0);  // plain http: no TLS

  SUBCASE("a request pinned to another address never rides that connection") {
    auto other = request;
    other.address = "127.0.0.2";  // nothing listens there: refused, not answered over 127.0.0.1
    auto result = engine.perform(other, Deadline(std::chrono::seconds(5)));
    CHECK(result.exchange.transport == Transport::Refused);
    CHECK(server.requests().size() == 3);
  }
  SUBCASE("a fresh connection is its own") {
    auto fresh = request;
    fresh.fresh_connection = true;
    auto result = engine.perform(fresh, Deadline(std::chrono::seconds(5)));
    CHECK(result.exchange.transport == Transport::Ok);
    CHECK(result.new_connections == 1);
  }
}

// CI of 2026-12-07: a tarpit on one name starved every other name at the same address (libcurl's
// PIPEWAIT waits on any connection to the address, and wakes its waiting transfers one per ended
// transfer), so the service URLs of e2e.verify.tarpit never left the engine.
TEST_CASE("probe http: a silent endpoint holds back only its own requests, not another name at the same address") {
  FakeHttp server(
      [](const std::string& request) {
        if (request.find("Host: tarpit.contoso.com") != std::string::npos) return std::string();
        return std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      },
      true);
  HttpEngine engine(8);
  auto to = [&](const std::string& host) {
    auto r = request_to("http://" + host + ":" + std::to_string(server.port()) + "/");
    r.address = "127.0.0.1";
    return r;
  };
  const auto tarpit = to("tarpit.contoso.com");
  const auto mail = to("mail.contoso.com");
  const Deadline deadline(std::chrono::milliseconds(1500));
  std::vector<HttpResult> held(3);
  {
    std::vector<std::jthread> callers;
    for (auto& h : held) callers.emplace_back([&] { h = engine.perform(tarpit, deadline); });
    while (server.requests().empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Another name on the same address and port, while the tarpit's connection still waits.
    for (int i = 0; i < 3; ++i) {
      auto result = engine.perform(mail, deadline);
      CHECK(result.exchange.transport == Transport::Ok);
      CHECK(result.body == "ok");
    }
  }
  // The tarpit's own requests: one went out, the others waited for it and ended at the deadline,
  // each reporting the time it waited (not 0 ms).
  int sent = 0;
  for (const auto& h : held) {
    CHECK(h.exchange.transport == Transport::Timeout);
    CHECK(h.exchange.ms >= 1400);
    sent += h.new_connections;
  }
  CHECK(sent == 1);
  std::size_t to_tarpit = 0;
  for (const auto& r : server.requests()) to_tarpit += r.find("Host: tarpit.contoso.com") != std::string::npos;
  CHECK(to_tarpit == 1);
}

TEST_CASE("probe http: once an endpoint has answered, its next requests go out together, also after a pause") {
  // HTTP/1.1 that takes a moment per answer: requests that go out together need connections of their own.
  FakeHttp server(
      [](const std::string&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        return std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      },
      true);
  HttpEngine engine(4);
  auto request = request_to("http://mail.contoso.com:" + std::to_string(server.port()) + "/");
  request.address = "127.0.0.1";
  const Deadline deadline(std::chrono::seconds(20));
  CHECK(engine.perform(request, deadline).exchange.transport == Transport::Ok);
  CHECK(server.accepted() == 1);
  // The endpoint is idle now; the burst that follows (a POX answer's follow-ups) is not held back
  // one by one: the first connection said it does not multiplex, so up to 4 go at once.
  std::vector<HttpResult> burst(4);
  {
    std::vector<std::jthread> callers;
    for (auto& b : burst) callers.emplace_back([&] { b = engine.perform(request, deadline); });
  }
  for (const auto& b : burst) CHECK(b.exchange.transport == Transport::Ok);
  CHECK(server.accepted() == 4);  // the kept one and three more; one at a time would have made 1 (or 3)
}

TEST_CASE("probe: --timeout's seconds never become 0 ms, which libcurl reads as no limit") {
  using std::chrono::milliseconds;
  CHECK(adplan::probe::timeout_of_seconds(10) == milliseconds{10'000});
  CHECK(adplan::probe::timeout_of_seconds(0.0001) == milliseconds{1});  // rounded up, not down to 0
  CHECK(adplan::probe::timeout_of_seconds(0.0015) == milliseconds{2});
  CHECK(adplan::probe::timeout_of_seconds(0) == milliseconds{1});
  CHECK(adplan::probe::timeout_of_seconds(-3) == milliseconds{1});
  CHECK(adplan::probe::timeout_of_seconds(std::numeric_limits<double>::quiet_NaN()) == milliseconds{1});
  CHECK(adplan::probe::timeout_of_seconds(std::numeric_limits<double>::infinity()) == milliseconds{1});
  CHECK(adplan::probe::timeout_of_seconds(1e308) == milliseconds{86'400'000});
}
