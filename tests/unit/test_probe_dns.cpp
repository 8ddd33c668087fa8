// The DNS piece of the probe: which server to ask, and the resolver against a DNS server on
// loopback.
#include <adplan/probe/internal/dns.hpp>
#include <adplan/probe/warm.hpp>

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace adplan::probe;

TEST_CASE("probe dns: --dns-server IP[:PORT]") {
  CHECK(parse_dns_server("127.0.0.1")->str() == "127.0.0.1:53");
  CHECK(parse_dns_server("127.0.0.1:5353")->port == 5353);
  CHECK(parse_dns_server("::1")->str() == "[::1]:53");
  CHECK(parse_dns_server("[::1]:5353")->str() == "[::1]:5353");
  CHECK_FALSE(parse_dns_server("ns1.contoso.com"));
  CHECK_FALSE(parse_dns_server("127.0.0.1:0"));
  CHECK_FALSE(parse_dns_server("127.0.0.1:x"));
  CHECK(parse_dns_server("300.1.1.1").error().message.find("300.1.1.1") != std::string::npos);
  SUBCASE("errors have the code input.dns-server and name the field") {
    CHECK(parse_dns_server("ns1.contoso.com").error().code == "input.dns-server");
    CHECK(parse_dns_server("127.0.0.1:0").error().code == "input.dns-server");
    CHECK(parse_dns_server("[::1").error().code == "input.dns-server");
    CHECK(parse_dns_server("[::1]x").error().field == "dns_server");
  }
}

// ---- The resolver against a tiny DNS server on 127.0.0.1 (an ephemeral UDP port, in-process):
// answers are parsed from the wire, and a question nobody answers ends at the deadline.

namespace {

constexpr std::uint16_t k_a = 1;
constexpr std::uint16_t k_aaaa = 28;
constexpr std::uint16_t k_srv = 33;

void put16(std::string& out, unsigned v) {
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}

void put_name(std::string& out, std::string_view name) {
  while (!name.empty()) {
    auto dot = name.find('.');
    auto label = name.substr(0, dot);
    out.push_back(static_cast<char>(label.size()));
    out.append(label);
    name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
  }
  out.push_back('\0');
}

// One answer record whose owner is the question's name (a pointer to offset 12).
void put_answer(std::string& out, std::uint16_t type, const std::string& rdata, std::uint32_t ttl = 300) {
  put16(out, 0xc00c);
  put16(out, type);
  put16(out, 1);  // IN
  put16(out, ttl >> 16);
  put16(out, ttl & 0xffff);
  put16(out, static_cast<unsigned>(rdata.size()));
  out += rdata;
}

std::string srv_rdata(unsigned priority, unsigned weight, unsigned port, std::string_view target) {
  std::string r;
  put16(r, priority);
  put16(r, weight);
  put16(r, port);
  put_name(r, target);
  return r;
}

// host.test: A 192.0.2.7 and 192.0.2.8 (TTL 60), no AAAA. _autodiscover._tcp.test: two SRV
// records (TTL 7200), the better one second on the wire. missing.test: NXDOMAIN. slow.test: never
// answered.
class FakeDns {
 public:
  FakeDns() {
    m_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(m_fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~FakeDns() {
    m_stop = true;
    m_thread.join();
    ::close(m_fd);
  }
  FakeDns(const FakeDns&) = delete;
  FakeDns& operator=(const FakeDns&) = delete;

  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] int questions_about(std::string_view name) const {
    std::lock_guard lock(m_mutex);
    return static_cast<int>(std::count(m_asked.begin(), m_asked.end(), name));
  }

 private:
  void serve() {
    while (!m_stop) {
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char buf[512];
      sockaddr_in from{};
      socklen_t len = sizeof from;
      auto n = ::recvfrom(m_fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n < 12) continue;
      std::string query(buf, static_cast<std::size_t>(n));
      std::string reply = answer(query);
      if (!reply.empty()) ::sendto(m_fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  }

  std::string answer(const std::string& query) {
    // The question: labels from offset 12, then type and class.
    std::string name;
    std::size_t i = 12;
    while (i < query.size() && query[i] != '\0') {
      auto len = static_cast<unsigned char>(query[i]);
      if (!name.empty()) name += '.';
      name += query.substr(i + 1, len);
      i += 1 + len;
    }
    if (i + 5 > query.size()) return {};
    std::size_t question_end = i + 5;
    auto type = static_cast<std::uint16_t>((static_cast<unsigned char>(query[i + 1]) << 8) |
                                           static_cast<unsigned char>(query[i + 2]));
    {
      std::lock_guard lock(m_mutex);
      m_asked.push_back(name);
    }
    if (name == "slow.test") return {};

    std::vector<std::string> answers;
    std::uint16_t answer_type = type;
    unsigned rcode = 0;
    if (name == "host.test" && type == k_a) {
      answers = {std::string("\xc0\x00\x02\x07", 4), std::string("\xc0\x00\x02\x08", 4)};
    } else if (name == "_autodiscover._tcp.test" && type == k_srv) {
      answers = {srv_rdata(10, 0, 443, "mail.test"), srv_rdata(0, 0, 8443, "Autodiscover.Test")};
    } else if (name == "missing.test") {
      rcode = 3;  // NXDOMAIN
    }
    std::string out = query.substr(0, 2);  // the id
    put16(out, 0x8180 | rcode);            // QR, RD, RA
    put16(out, 1);
    put16(out, static_cast<unsigned>(answers.size()));
    put16(out, 0);
    put16(out, 0);
    out += query.substr(12, question_end - 12);
    for (const auto& rdata : answers) put_answer(out, answer_type, rdata, type == k_srv ? 7200 : 60);
    return out;
  }

  int m_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  mutable std::mutex m_mutex;
  std::vector<std::string> m_asked;
  std::thread m_thread;
};

int ms_since(std::chrono::steady_clock::time_point start) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
}

}  // namespace

TEST_CASE("probe dns: A and SRV answers from the wire are parsed, in RFC 2782 order, lower case") {
  FakeDns server;
  auto resolver = Resolver::create({DnsServer{"127.0.0.1", server.port()}});
  REQUIRE(resolver.has_value());
  // Everything answered: the batch returns at once, not at the deadline. No wall-clock bound here
  // (bench/bench_probe_deadlines.sh prints the time): a batch that waited for its deadline would not
  // return within ctest's timeout, which fails the test.
  auto batch =
      resolver->resolve({"Host.Test.", "missing.test"}, {"_autodiscover._tcp.test"}, Deadline(std::chrono::hours(1)));

  REQUIRE(batch.addresses.size() == 2);
  const auto& host = batch.addresses[0];
  CHECK(host.name == "host.test");
  CHECK(host.status == DnsStatus::Ok);
  CHECK(host.addresses == std::vector<std::string>{"192.0.2.7", "192.0.2.8"});
  CHECK(host.error.empty());
  CHECK(batch.addresses[1].status == DnsStatus::NxDomain);
  CHECK(batch.addresses[1].addresses.empty());

  REQUIRE(batch.srv.size() == 1);
  const auto& srv = batch.srv[0];
  CHECK(srv.name == "_autodiscover._tcp.test");
  CHECK(srv.status == DnsStatus::Ok);
  REQUIRE(srv.records.size() == 2);
  CHECK(srv.records[0].priority == 0);
  CHECK(srv.records[0].port == 8443);
  CHECK(srv.records[0].target == "autodiscover.test");
  CHECK(srv.records[1].priority == 10);
  CHECK(srv.records[1].port == 443);
  CHECK(srv.records[1].target == "mail.test");
}

TEST_CASE("probe dns: a question nobody answers ends as Timeout at the deadline, the others still answered") {
  // c-ares alone would wait 3 tries of 1.5 s; the batch's deadline (600 ms) ends it.
  FakeDns server;
  auto resolver = Resolver::create({DnsServer{"127.0.0.1", server.port()}});
  REQUIRE(resolver.has_value());
  auto start = std::chrono::steady_clock::now();
  auto batch = resolver->resolve({"host.test", "slow.test"}, {"_autodiscover._tcp.test"},
                                 Deadline(std::chrono::milliseconds(600)));
  CHECK(ms_since(start) >= 550);  // not before the deadline (an upper bound would be a race; the
                                  // bench prints the time)
  // The deadline ended the question, not c-ares: of its 3 tries (1.5 s each) of A and AAAA, the
  // later ones were never sent.
  CHECK(server.questions_about("slow.test") >= 1);
  CHECK(server.questions_about("slow.test") < 2 * 3);

  REQUIRE(batch.addresses.size() == 2);
  CHECK(batch.addresses[0].status == DnsStatus::Ok);
  CHECK(batch.addresses[0].addresses.size() == 2);
  CHECK(batch.addresses[1].name == "slow.test");
  CHECK(batch.addresses[1].status == DnsStatus::Timeout);
  CHECK_FALSE(batch.addresses[1].error.empty());
  CHECK(batch.addresses[1].ms >= 550);
  REQUIRE(batch.srv.size() == 1);
  CHECK(batch.srv[0].status == DnsStatus::Ok);
  CHECK(batch.srv[0].records.size() == 2);
}

namespace {

// A whole reply to `name`'s SRV question with `count` records at priorities 0 and 10.
std::string srv_reply(std::string_view name, int count) {
  std::string out;
  put16(out, 0x1234);
  put16(out, 0x8180);
  put16(out, 1);
  put16(out, static_cast<unsigned>(count));
  put16(out, 0);
  put16(out, 0);
  put_name(out, name);
  put16(out, k_srv);
  put16(out, 1);
  for (int i = 0; i < count; ++i) {
    put_answer(out, k_srv, srv_rdata(i % 2 ? 10 : 0, 0, 443, "Tarpit" + std::to_string(i) + ".test"));
  }
  return out;
}

}  // namespace

TEST_CASE("probe dns: a hostile SRV answer is parsed, ordered and capped: 4 per priority, the rest counted") {
  auto reply = srv_reply("_autodiscover._tcp.test", 1500);
  auto a = parse_answer(k_srv, reinterpret_cast<const unsigned char*>(reply.data()), static_cast<int>(reply.size()));
  CHECK(a.status == 0);
  REQUIRE(a.records.size() == 8);
  CHECK(a.ignored == 1492);
  CHECK(a.records[0].priority == 0);
  CHECK(a.records[0].target == "tarpit0.test");
  CHECK(a.records[4].priority == 10);
  SUBCASE("truncated: an error, nothing kept") {
    auto cut = parse_answer(k_srv, reinterpret_cast<const unsigned char*>(reply.data()), 40);
    CHECK(cut.status != 0);
    CHECK(cut.records.empty());
  }
  SUBCASE("a type the probes never ask: refused") {
    CHECK(
        parse_answer(99, reinterpret_cast<const unsigned char*>(reply.data()), static_cast<int>(reply.size())).status !=
        0);
  }
}

TEST_CASE("probe dns: descriptors above FD_SETSIZE (a run with many connections open) are polled, not select()ed") {
  // Before: ares_fds + select on an fd_set, which holds descriptors below 1024 only: glibc's
  // FD_SET aborts ("bit out of range 0 - FD_SETSIZE on fd_set") or writes past the set.
  rlimit lim{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &lim) == 0);
  if (lim.rlim_max < FD_SETSIZE + 64) {
    MESSAGE("skipped: RLIMIT_NOFILE hard limit " << lim.rlim_max << " is too low");
    return;
  }
  const rlimit saved = lim;
  lim.rlim_cur = std::max<rlim_t>(lim.rlim_cur, FD_SETSIZE + 64);
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &lim) == 0);
  std::vector<int> held;
  while (held.empty() || held.back() < FD_SETSIZE + 8) {
    int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    held.push_back(fd);
  }
  FakeDns server;
  auto resolver = Resolver::create({DnsServer{"127.0.0.1", server.port()}});
  REQUIRE(resolver.has_value());
  auto batch = resolver->resolve({"host.test"}, {"_autodiscover._tcp.test"}, Deadline(std::chrono::seconds(5)));
  for (int fd : held) ::close(fd);
  ::setrlimit(RLIMIT_NOFILE, &saved);
  CHECK(batch.addresses[0].status == DnsStatus::Ok);
  CHECK(batch.addresses[0].addresses == std::vector<std::string>{"192.0.2.7", "192.0.2.8"});
  CHECK(batch.srv[0].records.size() == 2);
}

namespace {

// A server that answers nothing while questions keep coming: once none has arrived for `quiet`, it
// answers every one it holds (NOERROR, no records). The most it ever held at once is how many the
// client had on the wire, as long as the client sends its window without a pause of `quiet`.
class HoldingDns {
 public:
  explicit HoldingDns(std::chrono::milliseconds quiet) : m_quiet(quiet) {
    m_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(m_fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
  }
  ~HoldingDns() {
    m_stop = true;
    m_thread.join();
    ::close(m_fd);
  }
  HoldingDns(const HoldingDns&) = delete;
  HoldingDns& operator=(const HoldingDns&) = delete;

  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] std::size_t most_held() const { return m_most_held; }
  [[nodiscard]] std::size_t questions() const { return m_questions; }

 private:
  struct Held {
    std::string query;
    sockaddr_in from{};
    socklen_t len = 0;
  };
  void serve() {
    std::vector<Held> held;
    while (!m_stop) {
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(m_quiet.count())) > 0) {
        Held h;
        char buf[512];
        h.len = sizeof h.from;
        auto n = ::recvfrom(m_fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&h.from), &h.len);
        if (n < 12) continue;
        h.query.assign(buf, static_cast<std::size_t>(n));
        held.push_back(std::move(h));
        m_most_held = std::max<std::size_t>(m_most_held, held.size());
        ++m_questions;
        continue;
      }
      for (auto& h : held) {  // quiet: the client waits for answers
        std::string reply = h.query;
        reply[2] = static_cast<char>(0x81);  // QR, RD
        reply[3] = static_cast<char>(0x80);  // RA, NOERROR
        ::sendto(m_fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&h.from), h.len);
      }
      held.clear();
    }
  }

  std::chrono::milliseconds m_quiet;
  int m_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<std::size_t> m_most_held{0};
  std::atomic<std::size_t> m_questions{0};
  std::thread m_thread;
};

}  // namespace

TEST_CASE("probe dns: a batch keeps k_max_dns_in_flight questions on the wire, no more, and loses none") {
  // Issue 25: a hoster's run is paced by the window over the round trip. 150 names are 300
  // questions (A and AAAA): the server holds them until the client stops sending, so the most it
  // held is the client's window.
  HoldingDns server(std::chrono::milliseconds(300));
  auto resolver = Resolver::create({DnsServer{"127.0.0.1", server.port()}});
  REQUIRE(resolver.has_value());
  std::vector<std::string> names;
  for (int i = 0; i < 150; ++i) names.push_back("tenant-" + std::to_string(i) + ".test");
  auto batch = resolver->resolve(names, {}, Deadline(std::chrono::seconds(60)));
  REQUIRE(batch.addresses.size() == names.size());
  for (const auto& l : batch.addresses) CHECK(l.status == DnsStatus::NoData);
  CHECK(server.most_held() == k_max_dns_in_flight);
  CHECK(server.questions() == 2 * names.size());  // each asked once: no answer lost, no retry
  static_assert(k_max_dns_in_flight < 2 * 150);
}

// Issue 25: a warm target (the exporter's) keeps positive answers to their TTL (300 s at most) on
// the probe's clock, which the test moves; failures are asked again every time.
TEST_CASE("probe dns: a warm memory keeps answers to their TTL, capped, and never a failure") {
  FakeDns server;
  auto resolver = Resolver::create({DnsServer{"127.0.0.1", server.port()}});
  REQUIRE(resolver.has_value());
  WarmMemory warm;
  const std::vector<std::string> names{"host.test", "missing.test"};
  const std::vector<std::string> srv{"_autodiscover._tcp.test"};
  auto run = [&](std::int64_t now) {
    return resolve_kept(*resolver, &warm, now, names, srv, Deadline(std::chrono::hours(1)));
  };
  const std::int64_t t0 = 1'800'000'000;

  auto first = run(t0);
  CHECK(server.questions_about("host.test") == 2);  // A and AAAA
  CHECK(server.questions_about("_autodiscover._tcp.test") == 1);
  CHECK_FALSE(first.addresses[0].cached);
  CHECK(first.address_ttls[0] == 60);
  CHECK(first.srv_ttls[0] == 7200);
  CHECK(first.address_ttls[1] == -1);  // NXDOMAIN: not kept

  auto second = run(t0 + 59);
  CHECK(server.questions_about("host.test") == 2);     // not asked again
  CHECK(server.questions_about("missing.test") == 4);  // a failure is asked every time
  CHECK(second.addresses[0].cached);
  CHECK(second.addresses[0].ttl_left == 1);
  CHECK(second.addresses[0].addresses == std::vector<std::string>{"192.0.2.7", "192.0.2.8"});
  CHECK(second.addresses[0].status == DnsStatus::Ok);
  CHECK_FALSE(second.addresses[1].cached);
  CHECK(second.addresses[1].status == DnsStatus::NxDomain);
  CHECK(second.srv[0].cached);
  CHECK(second.srv[0].ttl_left == 300 - 59);  // 7200 s capped at k_max_dns_keep
  REQUIRE(second.srv[0].records.size() == 2);
  CHECK(second.srv[0].records[0].target == "autodiscover.test");

  auto third = run(t0 + 60);  // host.test's TTL ran out; the SRV answer is kept
  CHECK(server.questions_about("host.test") == 4);
  CHECK_FALSE(third.addresses[0].cached);
  CHECK(third.srv[0].cached);
  CHECK(server.questions_about("_autodiscover._tcp.test") == 1);

  run(t0 + 300);  // the SRV answer's cap ran out (kept from t0)
  CHECK(server.questions_about("_autodiscover._tcp.test") == 2);
  CHECK(warm.srv("_autodiscover._tcp.test", t0 + 599));
  CHECK_FALSE(warm.srv("_autodiscover._tcp.test", t0 + 600));
  CHECK_FALSE(warm.address("missing.test", t0 + 300));

  SUBCASE("no memory: every question asked, as a single verify does") {
    resolve_kept(*resolver, nullptr, t0, names, srv, Deadline(std::chrono::hours(1)));
    resolve_kept(*resolver, nullptr, t0, names, srv, Deadline(std::chrono::hours(1)));
    CHECK(server.questions_about("host.test") == 6 + 4);  // t0 + 300 asked again too
  }
  SUBCASE("an unanswered question is not kept, nor the name's other answer") {
    auto batch = resolve_kept(*resolver, &warm, t0, {"slow.test"}, {}, Deadline(std::chrono::milliseconds(300)));
    CHECK(batch.addresses[0].status == DnsStatus::Timeout);
    CHECK_FALSE(warm.address("slow.test", t0));
  }
}

TEST_CASE("probe dns: the least TTL of an answer section, compression pointers and all") {
  std::string reply;
  put16(reply, 0x1234);
  put16(reply, 0x8180);
  put16(reply, 1);
  put16(reply, 2);
  put16(reply, 0);
  put16(reply, 0);
  put_name(reply, "www.test");
  put16(reply, k_a);
  put16(reply, 1);
  put_answer(reply, 5, std::string("\x03mail\xc0\x10", 7), 900);  // CNAME mail.test
  put_answer(reply, k_a, std::string("\xc0\x00\x02\x07", 4), 120);
  const auto* bytes = reinterpret_cast<const unsigned char*>(reply.data());
  CHECK(min_answer_ttl(bytes, static_cast<int>(reply.size())) == 120);
  CHECK(min_answer_ttl(bytes, static_cast<int>(reply.size()) - 3) == -1);  // cut short
  CHECK(min_answer_ttl(bytes, 11) == -1);
  std::string top_bit = reply;
  top_bit[top_bit.size() - 4 - 2 - 4] = static_cast<char>(0x80);  // the A record's TTL, top bit set
  CHECK(min_answer_ttl(reinterpret_cast<const unsigned char*>(top_bit.data()), static_cast<int>(top_bit.size())) == 0);
}

// Issue 25: the 401s a warm target met, by method and URL; forgotten on request, bounded.
TEST_CASE("probe warm memory: challenges are remembered per method and URL, forgotten, and bounded") {
  WarmMemory warm;
  const auto pox = WarmMemory::challenge_key("POST", "https://autodiscover.contoso.com/autodiscover/autodiscover.xml");
  const auto options = WarmMemory::challenge_key("OPTIONS", "https://mail.contoso.com/Microsoft-Server-ActiveSync");
  CHECK_FALSE(warm.challenge(pox));
  warm.remember(pox, {"192.0.2.10", "sha256//key", true});
  REQUIRE(warm.challenge(pox));
  CHECK(warm.challenge(pox)->address == "192.0.2.10");
  CHECK(warm.challenge(pox)->key_pin == "sha256//key");
  CHECK(warm.challenge(pox)->basic_only);
  CHECK_FALSE(warm.challenge(options));
  CHECK_FALSE(warm.challenge(WarmMemory::challenge_key(
      "GET", "https://autodiscover.contoso.com/autodiscover/autodiscover.xml")));  // another method
  warm.forget(pox);
  CHECK_FALSE(warm.challenge(pox));
  for (std::size_t i = 0; i <= k_max_warm_entries; ++i)
    warm.remember(WarmMemory::challenge_key("POST", "https://h" + std::to_string(i) + ".example/"),
                  {"192.0.2.1", "k", true});
  CHECK(warm.challenge(WarmMemory::challenge_key("POST", "https://h256.example/")));
  CHECK_FALSE(warm.challenge(WarmMemory::challenge_key("POST", "https://h0.example/")));  // full: emptied first
}
