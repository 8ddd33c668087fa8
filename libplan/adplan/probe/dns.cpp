#include <adplan/probe/internal/dns.hpp>

#include <adplan/model/ip_address.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/srv_order.hpp>

#include <ares.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <map>
#include <mutex>

namespace adplan::probe {
namespace {

constexpr int k_type_a = 1;      // RFC 1035
constexpr int k_type_aaaa = 28;  // RFC 3596
constexpr int k_type_srv = 33;   // RFC 2782
constexpr int k_class_in = 1;

}  // namespace

DnsStatus status_of(int ares_status) {
  switch (ares_status) {
    case ARES_SUCCESS:
      return DnsStatus::Ok;
    case ARES_ENODATA:
      return DnsStatus::NoData;
    case ARES_ENOTFOUND:
      return DnsStatus::NxDomain;
    case ARES_ETIMEOUT:
    case ARES_ECANCELLED:
    case ARES_EDESTRUCTION:
      return DnsStatus::Timeout;
    case ARES_ESERVFAIL:
      return DnsStatus::ServerFailure;
    case ARES_EREFUSED:
    case ARES_ECONNREFUSED:
      return DnsStatus::Refused;
    default:
      return DnsStatus::Error;
  }
}

namespace {

struct Window;

// One outstanding question; the callback fills its lookup.
struct Question {
  Window* window = nullptr;  // where the next question comes from when this one is answered
  AddressLookup* address = nullptr;
  SrvLookup* srv = nullptr;
  int type = 0;
  std::size_t* pending = nullptr;  // questions of the batch not yet called back
  Deadline::Clock::time_point start;
  bool done = false;
  int ms = 0;
  DnsAnswer answer;
};

void on_answer(void* arg, int status, int timeouts, unsigned char* abuf, int alen);

struct Window {
  ares_channel channel = nullptr;
  std::vector<Question>* questions = nullptr;
  std::vector<const std::string*> names;  // per question
  std::size_t next = 0;
  void send() {
    auto& q = (*questions)[next];
    q.start = Deadline::Clock::now();
    const std::string& name = *names[next++];
    ares_query(channel, name.c_str(), k_class_in, q.type, on_answer, &q);
  }
  void fill() {
    while (next < questions->size() && next < k_max_dns_in_flight) send();
  }
};

void on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
  auto* q = static_cast<Question*>(arg);
  q->done = true;
  --*q->pending;
  q->ms = elapsed_ms(q->start);
  q->answer.status = status;
  if (status == ARES_SUCCESS) q->answer = parse_answer(q->type, abuf, alen);
  // c-ares allows a new query from a callback; a cancelled batch sends nothing more.
  if (q->window && status != ARES_ECANCELLED && status != ARES_EDESTRUCTION &&
      q->window->next < q->window->questions->size())
    q->window->send();
}

}  // namespace

// Every socket c-ares has open, with what it waits for (ARES_OPT_SOCK_STATE_CB keeps it current).
struct Resolver::Sockets {
  std::map<ares_socket_t, short> watch;  // POLLIN, POLLOUT
};

void Resolver::SocketsFree::operator()(Sockets* s) const {
  delete s;
}

namespace {

void on_socket_state(void* data, ares_socket_t fd, int readable, int writable) {
  auto& watch = *static_cast<std::map<ares_socket_t, short>*>(data);
  if (!readable && !writable) {
    watch.erase(fd);
    return;
  }
  watch[fd] = static_cast<short>((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
}

// Runs the channel until `pending` questions are all called back or the deadline passes.
void pump(ares_channel channel, const std::map<ares_socket_t, short>& watch, const std::size_t& pending,
          const Deadline& deadline) {
  std::vector<pollfd> fds;
  while (pending > 0) {
    if (deadline.passed()) break;
    auto left = deadline.remaining();
    timeval max{static_cast<time_t>(left.count() / 1000), static_cast<suseconds_t>((left.count() % 1000) * 1000)};
    timeval tv{};
    const timeval* wait = ares_timeout(channel, &max, &tv);
    const int wait_ms = static_cast<int>(wait->tv_sec * 1000 + (wait->tv_usec + 999) / 1000);
    fds.clear();
    for (const auto& [fd, events] : watch) fds.push_back(pollfd{fd, events, 0});
    const int ready = ::poll(fds.data(), fds.size(), wait_ms);
    if (ready < 0 && errno != EINTR) break;
    bool any = false;
    for (const auto& p : fds) {
      if (p.revents == 0) continue;
      any = true;
      // An error or hang-up is read: c-ares then sees the failure and moves to the next server.
      const bool read = (p.revents & (POLLIN | POLLERR | POLLHUP)) != 0;
      const bool write = (p.revents & POLLOUT) != 0;
      ares_process_fd(channel, read ? p.fd : ARES_SOCKET_BAD, write ? p.fd : ARES_SOCKET_BAD);
    }
    if (!any) ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // time-outs and retries
  }
  // The deadline passed (or poll failed): no callback may outlive the batch's questions.
  if (pending > 0) ares_cancel(channel);  // callbacks run with ARES_ECANCELLED: reported as Timeout
}

std::once_flag g_ares_init;

}  // namespace

DnsAnswer parse_answer(int type, const unsigned char* reply, int length) {
  DnsAnswer out;
  if (type == k_type_srv) {
    ares_srv_reply* srv = nullptr;
    out.status = ares_parse_srv_reply(reply, length, &srv);
    for (auto* r = srv; r != nullptr; r = r->next) {
      out.records.push_back({r->priority, r->weight, r->port, normal_name(r->host)});
    }
    if (srv) ares_free_data(srv);
    order_srv(out.records);
    out.ignored = cap_srv(out.records);
    if (out.status == ARES_SUCCESS) out.ttl = min_answer_ttl(reply, length);
    return out;
  }
  hostent* host = nullptr;
  char text[INET6_ADDRSTRLEN] = {};
  if (type == k_type_a) {
    ares_addrttl ttls[64];
    int n = 64;
    out.status = ares_parse_a_reply(reply, length, &host, ttls, &n);
    for (int i = 0; out.status == ARES_SUCCESS && i < n; ++i) {
      if (inet_ntop(AF_INET, &ttls[i].ipaddr, text, sizeof text)) out.addresses.emplace_back(text);
    }
  } else if (type == k_type_aaaa) {
    ares_addr6ttl ttls[64];
    int n = 64;
    out.status = ares_parse_aaaa_reply(reply, length, &host, ttls, &n);
    for (int i = 0; out.status == ARES_SUCCESS && i < n; ++i) {
      if (inet_ntop(AF_INET6, &ttls[i].ip6addr, text, sizeof text)) out.addresses.emplace_back(text);
    }
  } else {
    out.status = ARES_ENOTIMP;
  }
  if (out.status == ARES_SUCCESS) out.ttl = min_answer_ttl(reply, length);
  if (host) {
    // c-ares puts the end of a CNAME chain in h_name, the names that led there in h_aliases.
    if (host->h_name) out.canonical = normal_name(host->h_name);
    ares_free_hostent(host);
  }
  return out;
}

namespace {

// Past a name at `at` (labels, or a compression pointer ending it); `length` when it runs off.
std::size_t skip_name(const unsigned char* reply, std::size_t length, std::size_t at) {
  while (at < length) {
    const unsigned char len = reply[at];
    if (len == 0) return at + 1;
    if ((len & 0xc0) == 0xc0) return at + 2;
    if ((len & 0xc0) != 0) return length;  // an extended label type: not parsed
    at += 1 + len;
  }
  return length;
}

unsigned read16(const unsigned char* p) {
  return (static_cast<unsigned>(p[0]) << 8) | p[1];
}

}  // namespace

// RFC 1035 4.1: a 12-octet header (QDCOUNT, ANCOUNT at 4 and 6), the questions (a name, type and
// class), then each answer: a name, type, class, a 32-bit TTL, RDLENGTH and the data. c-ares 1.18
// gives the TTL of A and AAAA records but not of SRV ones, so the answer section is read here.
int min_answer_ttl(const unsigned char* reply, int length) {
  if (!reply || length < 12) return -1;
  const auto n = static_cast<std::size_t>(length);
  const unsigned questions = read16(reply + 4);
  const unsigned answers = read16(reply + 6);
  std::size_t at = 12;
  for (unsigned i = 0; i < questions; ++i) {
    at = skip_name(reply, n, at) + 4;
    if (at > n) return -1;
  }
  std::int64_t least = -1;
  for (unsigned i = 0; i < answers; ++i) {
    at = skip_name(reply, n, at);
    if (at + 10 > n) return -1;
    // RFC 2181 8: a TTL with the top bit set is read as 0.
    std::int64_t ttl = (static_cast<std::int64_t>(read16(reply + at + 4)) << 16) | read16(reply + at + 6);
    if (ttl > 0x7fffffff) ttl = 0;
    least = least < 0 ? ttl : std::min(least, ttl);
    at += 10 + read16(reply + at + 8);
    if (at > n) return -1;
  }
  return static_cast<int>(least);
}

std::string DnsServer::str() const {
  return (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

Result<DnsServer> parse_dns_server(std::string_view text) {
  auto fail = [](std::string why) {
    return std::unexpected(Error{"input.dns-server", "dns_server", std::move(why), {}});
  };
  DnsServer s;
  std::string_view host = text;
  std::string_view port;
  if (text.starts_with("[")) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return fail("\"" + std::string(text) + "\": missing ']'");
    host = text.substr(1, close - 1);
    auto rest = text.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(":")) return fail("\"" + std::string(text) + "\": expected :PORT after ']'");
    if (!rest.empty()) port = rest.substr(1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    auto colon = text.find(':');
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  auto ip = IpAddress::parse(host);
  if (!ip) return fail("\"" + std::string(text) + "\" is not IP[:PORT] (" + ip.error().message + ")");
  s.address = ip->str();
  if (!port.empty()) {
    int p = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc{} || end != port.data() + port.size() || p < 1 || p > 65535) {
      return fail("\"" + std::string(text) + "\": port must be 1-65535");
    }
    s.port = p;
  }
  return s;
}

void Resolver::ChannelFree::operator()(ares_channeldata* c) const {
  ares_destroy(c);
}

Resolver::Resolver(std::unique_ptr<Sockets, SocketsFree> sockets, ares_channeldata* c)
    : m_sockets(std::move(sockets)), m_channel(c) {}

Result<Resolver> Resolver::create(const std::vector<DnsServer>& servers) {
  std::call_once(g_ares_init, [] { ares_library_init(ARES_LIB_INIT_ALL); });
  std::unique_ptr<Sockets, SocketsFree> sockets(new Sockets);
  ares_options opts{};
  opts.flags = ARES_FLAG_NOSEARCH;
  opts.timeout = 1500;  // ms per try (ARES_OPT_TIMEOUTMS); the deadline bounds the whole batch
  opts.tries = 3;
  opts.sock_state_cb = on_socket_state;
  opts.sock_state_cb_data = &sockets->watch;
  ares_channel channel = nullptr;
  int rc =
      ares_init_options(&channel, &opts, ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_SOCK_STATE_CB);
  if (rc != ARES_SUCCESS)
    return std::unexpected(Error{"internal.c-ares", {}, std::string("c-ares: ") + ares_strerror(rc), {}});
  Resolver r(std::move(sockets), channel);
  if (!servers.empty()) {
    std::string csv;
    for (const auto& s : servers) csv += (csv.empty() ? "" : ",") + s.str();
    rc = ares_set_servers_ports_csv(channel, csv.c_str());
    if (rc != ARES_SUCCESS)
      return std::unexpected(
          Error{"input.dns-server", "dns_server", "c-ares: dns servers \"" + csv + "\": " + ares_strerror(rc), {}});
  }
  return r;
}

DnsBatch Resolver::resolve(const std::vector<std::string>& names, const std::vector<std::string>& srv_names,
                           const Deadline& deadline) {
  DnsBatch batch;
  batch.addresses.resize(names.size());
  batch.srv.resize(srv_names.size());
  std::vector<Question> questions(names.size() * 2 + srv_names.size());
  auto now = Deadline::Clock::now();
  std::size_t pending = questions.size();
  for (auto& q : questions) q.pending = &pending;
  std::size_t qi = 0;
  Window window{m_channel.get(), &questions, {}, 0};
  window.names.reserve(questions.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    batch.addresses[i].name = normal_name(names[i]);
    for (int type : {k_type_a, k_type_aaaa}) {
      auto& q = questions[qi++];
      q.address = &batch.addresses[i];
      q.type = type;
      q.start = now;
      q.window = &window;
      window.names.push_back(&batch.addresses[i].name);
    }
  }
  for (std::size_t i = 0; i < srv_names.size(); ++i) {
    batch.srv[i].name = normal_name(srv_names[i]);
    auto& q = questions[qi++];
    q.srv = &batch.srv[i];
    q.type = k_type_srv;
    q.start = now;
    q.window = &window;
    window.names.push_back(&batch.srv[i].name);
  }
  window.fill();
  pump(m_channel.get(), m_sockets->watch, pending, deadline);
  const int ms = elapsed_ms(now);

  // Merge A and AAAA: addresses from either make the name resolve.
  batch.address_ttls.assign(names.size(), -1);
  batch.srv_ttls.assign(srv_names.size(), -1);
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto& l = batch.addresses[i];
    // Kept only when both questions were answered (records or none) and one gave records.
    int ttl = -1;
    bool whole = true;
    for (int k = 0; k < 2; ++k) {
      const auto& q = questions[i * 2 + k];
      if (!q.done || (q.answer.status != ARES_SUCCESS && q.answer.status != ARES_ENODATA)) whole = false;
      if (q.done && q.answer.status == ARES_SUCCESS && !q.answer.addresses.empty() && q.answer.ttl >= 0)
        ttl = ttl < 0 ? q.answer.ttl : std::min(ttl, q.answer.ttl);
    }
    if (whole) batch.address_ttls[i] = ttl;
    l.ms = std::max(questions[i * 2].done ? questions[i * 2].ms : ms,
                    questions[i * 2 + 1].done ? questions[i * 2 + 1].ms : ms);
    DnsStatus worst = DnsStatus::NxDomain;
    bool nodata = false;
    for (int k = 0; k < 2; ++k) {
      const auto& q = questions[i * 2 + k];
      l.addresses.insert(l.addresses.end(), q.answer.addresses.begin(), q.answer.addresses.end());
      if (!q.answer.canonical.empty() && q.answer.canonical != l.name) l.canonical = q.answer.canonical;
      DnsStatus s = q.done ? status_of(q.answer.status) : DnsStatus::Timeout;
      if (s == DnsStatus::NoData) nodata = true;
      if (s != DnsStatus::Ok && s != DnsStatus::NoData && s != DnsStatus::NxDomain) {
        worst = s;
        l.error = q.done ? ares_strerror(q.answer.status) : "no answer before the deadline";
      }
    }
    if (!l.addresses.empty()) {
      l.status = DnsStatus::Ok;
      l.error.clear();
    } else if (worst != DnsStatus::NxDomain) {
      l.status = worst;
    } else {
      l.status = nodata ? DnsStatus::NoData : DnsStatus::NxDomain;
    }
  }
  for (std::size_t i = 0; i < srv_names.size(); ++i) {
    auto& l = batch.srv[i];
    const auto& q = questions[names.size() * 2 + i];
    l.ms = q.done ? q.ms : ms;
    l.status = q.done ? status_of(q.answer.status) : DnsStatus::Timeout;
    if (l.status != DnsStatus::Ok) l.error = q.done ? ares_strerror(q.answer.status) : "no answer before the deadline";
    l.records = q.answer.records;
    l.ignored = q.answer.ignored;
    if (l.status == DnsStatus::Ok && !l.records.empty()) batch.srv_ttls[i] = q.answer.ttl;
  }
  return batch;
}

namespace {

struct RawQuestion {
  Resolver::RawAnswer* answer = nullptr;
  std::size_t* pending = nullptr;
};

void on_raw_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
  auto* q = static_cast<RawQuestion*>(arg);
  --*q->pending;
  q->answer->status = status;
  // A DNS message over TCP is at most 65535 octets; c-ares never hands more.
  if (status == ARES_SUCCESS && abuf && alen > 0) q->answer->reply.assign(abuf, abuf + std::min(alen, 65535));
}

}  // namespace

std::vector<Resolver::RawAnswer> Resolver::query_raw(const std::vector<std::string>& names, int type,
                                                     const Deadline& deadline) {
  std::vector<RawAnswer> out(names.size(), RawAnswer{ARES_ETIMEOUT, {}});
  std::vector<RawQuestion> questions(names.size());
  std::size_t pending = names.size();
  for (std::size_t i = 0; i < names.size(); ++i) {
    questions[i] = {&out[i], &pending};
    ares_query(m_channel.get(), names[i].c_str(), k_class_in, type, on_raw_answer, &questions[i]);
  }
  pump(m_channel.get(), m_sockets->watch, pending, deadline);
  return out;
}

std::string normal_name(std::string_view s) {
  std::string out = ascii_lower(s);
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace adplan::probe
