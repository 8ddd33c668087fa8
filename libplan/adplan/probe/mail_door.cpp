#include <adplan/probe/internal/mail_door.hpp>

#include <adplan/model/ip_address.hpp>
#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>
#include <adplan/openssl/tlsa.hpp>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <memory>

namespace adplan::probe {
namespace {

using observe::Transport;

struct SslCtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
struct SslFree {
  void operator()(SSL* s) const { SSL_free(s); }
};

struct Fd {
  int fd = -1;
  Fd() = default;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Why an I/O step stopped: the door probe's transport for it.
struct Fault {
  Transport transport = Transport::Ok;
  std::string error;
  [[nodiscard]] bool ok() const { return transport == Transport::Ok; }
};

std::string tls_error_text() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "the handshake failed";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

// One connection: a non-blocking socket, TLS once started, and the unread bytes. Every wait is
// poll(2) on the one descriptor with what is left of the deadline.
class Conn {
 public:
  Conn(const Deadline& deadline, Transport timeout) : m_deadline(deadline), m_timeout(timeout) {}

  Fault connect_to(const std::string& address, int port) {
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (getaddrinfo(address.c_str(), service.c_str(), &hints, &found) != 0 || !found)
      return {Transport::Error, "\"" + address + "\" is not an address"};
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> own(found, freeaddrinfo);
    m_fd.fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd.fd < 0) return {Transport::Error, std::string("socket: ") + std::strerror(errno)};
    if (::connect(m_fd.fd, found->ai_addr, found->ai_addrlen) != 0 && errno != EINPROGRESS) return connect_fault(errno);
    m_timeout = Transport::ConnectTimeout;
    if (auto f = wait(POLLOUT); !f.ok()) return f;
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(m_fd.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return connect_fault(err);
    m_timeout = Transport::Timeout;
    return {};
  }

  // "[192.0.2.1]" or "[IPv6:2001:db8::1]": our own address, the EHLO argument (RFC 5321 4.1.3).
  [[nodiscard]] std::string local_literal() const {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    char text[INET6_ADDRSTRLEN] = {};
    if (getsockname(m_fd.fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "[127.0.0.1]";
    if (ss.ss_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr, text, sizeof text);
      return std::string("[IPv6:") + text + "]";
    }
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, text, sizeof text);
    return std::string("[") + text + "]";
  }

  Fault write_all(std::string_view data) {
    while (!data.empty()) {
      if (m_ssl) {
        std::size_t n = 0;
        int r = SSL_write_ex(m_ssl.get(), data.data(), data.size(), &n);
        if (r == 1) {
          data.remove_prefix(n);
          continue;
        }
        if (auto f = ssl_wait(r); !f.ok()) return f;
        continue;
      }
      ssize_t n = ::send(m_fd.fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n > 0) {
        data.remove_prefix(static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        if (auto f = wait(POLLOUT); !f.ok()) return f;
        continue;
      }
      return {Transport::Reset, std::string("send: ") + std::strerror(errno)};
    }
    return {};
  }

  // One line without its CRLF (a bare LF ends a line too); at most k_max_door_line bytes.
  Fault read_line(std::string& line) {
    for (;;) {
      auto nl = m_buf.find('\n');
      if (nl != std::string::npos && nl < k_max_door_line) {
        line.assign(m_buf, 0, nl);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        m_buf.erase(0, nl + 1);
        return {};
      }
      if (m_buf.size() >= k_max_door_line)
        return {Transport::TooLarge, "a line longer than " + std::to_string(k_max_door_line) + " bytes"};
      if (m_total >= k_max_door_bytes)
        return {Transport::TooLarge, "more than " + std::to_string(k_max_door_bytes) + " bytes on one connection"};
      if (auto f = fill(); !f.ok()) return f;
    }
  }

  // Bytes the server sent ahead of the handshake (RFC 3207 5: never carried into TLS).
  [[nodiscard]] bool pending() const { return !m_buf.empty(); }
  void discard() { m_buf.clear(); }

  Fault start_tls(const std::string& host, const TrustStore& trust, observe::DoorProbe& out) {
    m_ctx.reset(SSL_CTX_new(TLS_client_method()));
    if (!m_ctx) return {Transport::Error, tls_error_text()};
    // RFC 8996: nothing older than TLS 1.2. The chain is judged afterwards (judge_chain), so the
    // handshake itself verifies nothing and every problem gets reported by name.
    SSL_CTX_set_min_proto_version(m_ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_verify(m_ctx.get(), SSL_VERIFY_NONE, nullptr);
    m_ssl.reset(SSL_new(m_ctx.get()));
    if (!m_ssl || SSL_set_fd(m_ssl.get(), m_fd.fd) != 1) return {Transport::Error, tls_error_text()};
    if (!IpAddress::parse_host(host)) SSL_set_tlsext_host_name(m_ssl.get(), host.c_str());
    const Transport saved = m_timeout;
    m_timeout = Transport::TlsTimeout;
    for (;;) {
      int r = SSL_connect(m_ssl.get());
      if (r == 1) break;
      int e = SSL_get_error(m_ssl.get(), r);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
        std::string text = tls_error_text();
        m_ssl.reset();
        return {Transport::TlsFailed, text};
      }
      if (auto f = wait(e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT); !f.ok()) {
        m_ssl.reset();
        return f;
      }
    }
    m_timeout = saved;
    std::vector<std::string> pems;
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(m_ssl.get());  // the client's view: leaf first
    for (int i = 0; chain && i < sk_X509_num(chain) && i < 10; ++i) {
      std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
      PEM_write_bio_X509(bio.get(), sk_X509_value(chain, i));
      char* data = nullptr;
      long n = BIO_get_mem_data(bio.get(), &data);
      pems.emplace_back(data, static_cast<std::size_t>(n));
    }
    auto facts = judge_chain(pems, host, trust);
    if (facts) out.tls = std::move(*facts);
    // Issue 27: what DANE compares with the MX host's TLSA records (openssl/tlsa.hpp).
    if (out.target.door == "smtp") out.dane_chain = ossl::chain_digests(chain);
    ERR_clear_error();
    if (!facts) return {Transport::TlsFailed, facts.error().message};
    return {};
  }

  void close_politely(std::string_view bye) {
    // The goodbye is a courtesy: sent if the socket takes it at once, never waited for.
    if (m_ssl) {
      std::size_t n = 0;
      if (!bye.empty()) SSL_write_ex(m_ssl.get(), bye.data(), bye.size(), &n);
      SSL_shutdown(m_ssl.get());
    } else if (m_fd.fd >= 0) {
      (void)::send(m_fd.fd, bye.data(), bye.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    ERR_clear_error();
  }

 private:
  Fault connect_fault(int err) {
    Transport t = err == ECONNREFUSED                         ? Transport::Refused
                  : err == EHOSTUNREACH || err == ENETUNREACH ? Transport::Unreachable
                  : err == ETIMEDOUT                          ? Transport::ConnectTimeout
                                                              : Transport::Error;
    return {t, std::string("connect: ") + std::strerror(err)};
  }

  Fault wait(short events) {
    for (;;) {
      if (m_deadline.passed()) return {m_timeout, "no answer before the deadline"};
      pollfd p{m_fd.fd, events, 0};
      int ms = static_cast<int>(std::min<long long>(m_deadline.remaining().count(), 60000));
      int r = ::poll(&p, 1, ms);
      if (r > 0) return {};
      if (r < 0 && errno != EINTR) return {Transport::Error, std::string("poll: ") + std::strerror(errno)};
    }
  }

  Fault ssl_wait(int r) {
    int e = SSL_get_error(m_ssl.get(), r);
    if (e == SSL_ERROR_WANT_READ) return wait(POLLIN);
    if (e == SSL_ERROR_WANT_WRITE) return wait(POLLOUT);
    if (e == SSL_ERROR_ZERO_RETURN) return {Transport::Reset, "the server closed the TLS connection"};
    return {Transport::Reset, "TLS: " + tls_error_text()};
  }

  Fault fill() {
    char chunk[4096];
    for (;;) {
      if (m_ssl) {
        std::size_t n = 0;
        int r = SSL_read_ex(m_ssl.get(), chunk, sizeof chunk, &n);
        if (r == 1) {
          m_buf.append(chunk, n);
          m_total += n;
          return {};
        }
        if (auto f = ssl_wait(r); !f.ok()) return f;
        continue;
      }
      ssize_t n = ::recv(m_fd.fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        m_buf.append(chunk, static_cast<std::size_t>(n));
        m_total += static_cast<std::size_t>(n);
        return {};
      }
      if (n == 0) return {Transport::Reset, "the server closed the connection"};
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        if (auto f = wait(POLLIN); !f.ok()) return f;
        continue;
      }
      return {Transport::Reset, std::string("recv: ") + std::strerror(errno)};
    }
  }

  const Deadline& m_deadline;
  Transport m_timeout;
  Fd m_fd;
  std::string m_buf;
  std::size_t m_total = 0;
  std::unique_ptr<SSL_CTX, SslCtxFree> m_ctx;
  std::unique_ptr<SSL, SslFree> m_ssl;
};

// A reply: its lines, bounded in number and bytes.
struct Reply {
  std::vector<std::string> lines;
  int code = 0;        // SMTP
  std::string status;  // IMAP tagged status (OK, NO, BAD) or POP +OK / -ERR
};

std::string kept(std::string_view line) {
  return shown(line, 300);
}

Fault bounded_add(Reply& r, std::string line, std::size_t& bytes) {
  bytes += line.size() + 2;
  if (r.lines.size() >= k_max_door_reply_lines)
    return {Transport::TooLarge, "a reply of more than " + std::to_string(k_max_door_reply_lines) + " lines"};
  if (bytes > k_max_door_reply_bytes)
    return {Transport::TooLarge, "a reply of more than " + std::to_string(k_max_door_reply_bytes) + " bytes"};
  r.lines.push_back(std::move(line));
  return {};
}

// RFC 5321 4.2.1: "250-..." lines, then "250 ...".
Fault read_smtp(Conn& c, Reply& r) {
  std::size_t bytes = 0;
  for (;;) {
    std::string line;
    if (auto f = c.read_line(line); !f.ok()) return f;
    SmtpLine l = parse_smtp_line(line);
    if (l.code == 0) return {Transport::Error, "not an SMTP reply: " + kept(line)};
    if (!r.lines.empty() && l.code != r.code)
      return {Transport::Error, "a multiline reply changed its code: " + kept(line)};
    r.code = l.code;
    if (auto f = bounded_add(r, line, bytes); !f.ok()) return f;
    if (!l.more) return {};
  }
}

// IMAP: untagged "* ..." lines until the tagged one (`tag` "" : the greeting, one untagged line).
Fault read_imap(Conn& c, Reply& r, std::string_view tag) {
  std::size_t bytes = 0;
  for (;;) {
    std::string line;
    if (auto f = c.read_line(line); !f.ok()) return f;
    if (auto f = bounded_add(r, line, bytes); !f.ok()) return f;
    std::string_view v = r.lines.back();
    if (tag.empty() || (v.starts_with(tag) && v.size() > tag.size() && v[tag.size()] == ' ')) {
      std::string_view rest = tag.empty() ? (v.starts_with("* ") ? v.substr(2) : v) : v.substr(tag.size() + 1);
      r.status = ascii_lower(std::string(rest.substr(0, rest.find(' '))));
      return {};
    }
    if (!v.starts_with("* ")) return {Transport::Error, "not an IMAP response: " + kept(v)};
  }
}

// POP3 (RFC 1939 3): "+OK ..." or "-ERR ..."; a multiline answer ends with ".".
Fault read_pop(Conn& c, Reply& r, bool multiline) {
  std::size_t bytes = 0;
  std::string line;
  if (auto f = c.read_line(line); !f.ok()) return f;
  r.status = line.starts_with("+OK") ? "+ok" : line.starts_with("-ERR") ? "-err" : "";
  if (r.status.empty()) return {Transport::Error, "not a POP3 response: " + kept(line)};
  if (auto f = bounded_add(r, line, bytes); !f.ok()) return f;
  if (!multiline || r.status != "+ok") return {};
  for (;;) {
    if (auto f = c.read_line(line); !f.ok()) return f;
    if (line == ".") return {};
    if (auto f = bounded_add(r, line, bytes); !f.ok()) return f;
  }
}

std::string first_line(const Reply& r) {
  return r.lines.empty() ? std::string{} : kept(r.lines.front());
}

// The door's dialogue, step by step; each step records its stage first, so a failure names it.
class Dialogue {
 public:
  Dialogue(const DoorTarget& t, const TrustStore& trust, const Deadline& deadline, observe::DoorProbe& out)
      : m_t(t), m_trust(trust), m_out(out), m_conn(deadline, Transport::Timeout) {}

  void run() {
    m_out.stage = "connect";
    if (!step(m_conn.connect_to(m_out.address, m_t.port))) return;
    if (m_t.implicit_tls) {
      m_out.starttls_offered = true;
      if (!handshake()) return;
    }
    if (m_t.door == "https") {
      // Issue 24: a pool member's web door; the certificate is all the comparison needs.
      if (m_t.implicit_tls) done("");
      return;
    }
    if (m_t.door == "smtp" || m_t.door == "submission") {
      smtp();
    } else if (m_t.door == "imap") {
      imap();
    } else {
      pop();
    }
  }

 private:
  bool step(Fault f) {
    if (f.ok()) return true;
    m_out.transport = f.transport;
    m_out.error = std::move(f.error);
    return false;
  }
  bool refuse(const std::string& what, const Reply& r) {
    m_out.reply = first_line(r);
    return step({Transport::Error, what});
  }
  bool handshake() {
    m_out.stage = "tls";
    // RFC 3207 5, RFC 2595 3.1: nothing the server sent before the handshake is believed.
    m_conn.discard();
    if (!step(m_conn.start_tls(m_t.host, m_trust, m_out))) return false;
    m_out.tls_done = true;
    return true;
  }
  void done(std::string_view bye) {
    m_out.stage = "done";
    m_out.transport = Transport::Ok;
    m_conn.close_politely(bye);
  }
  // Stopped politely at the capability step: STARTTLS not offered or refused.
  void stop_plain(std::string_view bye) {
    m_out.transport = Transport::Ok;
    m_conn.close_politely(bye);
  }

  void smtp() {
    m_out.stage = "greeting";
    Reply g;
    if (!step(read_smtp(m_conn, g))) return;
    m_out.greeting = first_line(g);
    if (g.code != 220) {
      refuse("the greeting is not 220", g);
      return;
    }
    const std::string ehlo = "EHLO " + m_conn.local_literal() + "\r\n";
    m_out.stage = "capability";
    if (!step(m_conn.write_all(ehlo))) return;
    Reply caps;
    if (!step(read_smtp(m_conn, caps))) return;
    if (caps.code != 250) {
      refuse("EHLO was refused", caps);
      return;
    }
    if (m_t.implicit_tls) {
      m_out.capability_after_tls = true;
      return done("QUIT\r\n");
    }
    m_out.starttls_offered = names_capability(caps.lines, "STARTTLS", false);
    if (!m_out.starttls_offered) return stop_plain("QUIT\r\n");
    m_out.stage = "starttls";
    if (!step(m_conn.write_all("STARTTLS\r\n"))) return;
    Reply st;
    if (!step(read_smtp(m_conn, st))) return;
    if (st.code != 220) {
      m_out.reply = first_line(st);
      m_out.error = "STARTTLS was offered, then refused";
      return stop_plain("QUIT\r\n");
    }
    if (!handshake()) return;
    m_out.stage = "capability-after-tls";  // RFC 3207 4.2: EHLO again, the earlier answer is void
    if (!step(m_conn.write_all(ehlo))) return;
    Reply again;
    if (!step(read_smtp(m_conn, again))) return;
    if (again.code != 250) {
      refuse("EHLO after the handshake was refused", again);
      return;
    }
    m_out.capability_after_tls = true;
    done("QUIT\r\n");
  }

  void imap() {
    m_out.stage = "greeting";
    Reply g;
    if (!step(read_imap(m_conn, g, ""))) return;
    m_out.greeting = first_line(g);
    if (g.status != "ok" && g.status != "preauth") {  // RFC 3501 7.1: OK, PREAUTH or BYE
      refuse("the greeting is not OK", g);
      return;
    }
    m_out.stage = "capability";
    if (!step(m_conn.write_all("a1 CAPABILITY\r\n"))) return;
    Reply caps;
    if (!step(read_imap(m_conn, caps, "a1"))) return;
    if (caps.status != "ok") {
      refuse("CAPABILITY was refused", caps);
      return;
    }
    if (m_t.implicit_tls) {
      m_out.capability_after_tls = true;
      return done("a9 LOGOUT\r\n");
    }
    m_out.starttls_offered = names_capability(caps.lines, "STARTTLS", true);
    if (!m_out.starttls_offered) return stop_plain("a9 LOGOUT\r\n");
    m_out.stage = "starttls";
    if (!step(m_conn.write_all("a2 STARTTLS\r\n"))) return;
    Reply st;
    if (!step(read_imap(m_conn, st, "a2"))) return;
    if (st.status != "ok") {
      m_out.reply = first_line(st);
      m_out.error = "STARTTLS was offered, then refused";
      return stop_plain("a9 LOGOUT\r\n");
    }
    if (!handshake()) return;
    m_out.stage = "capability-after-tls";  // RFC 3501 6.2.1: capabilities asked again after TLS
    if (!step(m_conn.write_all("a3 CAPABILITY\r\n"))) return;
    Reply again;
    if (!step(read_imap(m_conn, again, "a3"))) return;
    if (again.status != "ok") {
      refuse("CAPABILITY after the handshake was refused", again);
      return;
    }
    m_out.capability_after_tls = true;
    done("a9 LOGOUT\r\n");
  }

  void pop() {
    m_out.stage = "greeting";
    Reply g;
    if (!step(read_pop(m_conn, g, false))) return;
    m_out.greeting = first_line(g);
    if (g.status != "+ok") {
      refuse("the greeting is not +OK", g);
      return;
    }
    m_out.stage = "capability";
    if (!step(m_conn.write_all("CAPA\r\n"))) return;
    Reply caps;
    if (!step(read_pop(m_conn, caps, true))) return;
    if (m_t.implicit_tls) {
      m_out.capability_after_tls = caps.status == "+ok";
      return done("QUIT\r\n");
    }
    // RFC 2449: no CAPA means no STLS to find out about (RFC 2595 4: STLS is named by CAPA).
    m_out.starttls_offered = caps.status == "+ok" && names_capability(caps.lines, "STLS", false);
    if (!m_out.starttls_offered) return stop_plain("QUIT\r\n");
    m_out.stage = "starttls";
    if (!step(m_conn.write_all("STLS\r\n"))) return;
    Reply st;
    if (!step(read_pop(m_conn, st, false))) return;
    if (st.status != "+ok") {
      m_out.reply = first_line(st);
      m_out.error = "STLS was offered, then refused";
      return stop_plain("QUIT\r\n");
    }
    if (!handshake()) return;
    m_out.stage = "capability-after-tls";
    if (!step(m_conn.write_all("CAPA\r\n"))) return;
    Reply again;
    if (!step(read_pop(m_conn, again, true))) return;
    m_out.capability_after_tls = again.status == "+ok";
    done("QUIT\r\n");
  }

  const DoorTarget& m_t;
  const TrustStore& m_trust;
  observe::DoorProbe& m_out;
  Conn m_conn;
};

}  // namespace

SmtpLine parse_smtp_line(std::string_view line) {
  SmtpLine l;
  if (line.size() < 3 || line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '9' || line[2] < '0' ||
      line[2] > '9')
    return l;
  if (line.size() > 3 && line[3] != ' ' && line[3] != '-') return l;
  l.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  l.more = line.size() > 3 && line[3] == '-';
  l.text = line.size() > 4 ? line.substr(4) : std::string_view{};
  return l;
}

bool names_capability(const std::vector<std::string>& lines, std::string_view keyword, bool imap) {
  const std::string want = ascii_lower(std::string(keyword));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    if (imap) {
      // "* CAPABILITY IMAP4rev1 STARTTLS ..." or a greeting's "[CAPABILITY ...]" code.
      std::string low = ascii_lower(std::string(l));
      auto at = low.find("capability ");
      if (at == std::string::npos) continue;
      std::string_view rest = std::string_view(low).substr(at + 11);
      while (!rest.empty()) {
        auto sp = rest.find_first_of(" ]");
        if (rest.substr(0, sp) == want) return true;
        if (sp == std::string_view::npos || rest[sp] == ']') break;
        rest.remove_prefix(sp + 1);
      }
      continue;
    }
    // SMTP: the first line is the greeting ("250-mail.contoso.com Hello"), the rest keywords.
    if (l.size() >= 4 && parse_smtp_line(l).code != 0) {
      if (i == 0) continue;
      l.remove_prefix(4);
    } else if (i == 0 && l.starts_with("+OK")) {
      continue;  // POP's "+OK" line before the CAPA list
    }
    if (ascii_lower(std::string(l.substr(0, l.find(' ')))) == want) return true;
  }
  return false;
}

DoorProbe probe_door(const DoorTarget& target, const std::string& address, const TrustStore& trust,
                     const Deadline& deadline) {
  auto start = Deadline::Clock::now();
  DoorProbe out;
  out.target = target;
  out.address = address;
  if (address.empty()) {
    out.transport = Transport::NoAddress;
    out.stage = "connect";
    out.error = "\"" + target.host + "\" has no address";
    return out;
  }
  // The gate of issue 10 holds for mail doors too: an MX may point anywhere.
  if (auto ip = IpAddress::parse_host(address)) {
    if (auto forbidden = forbidden_target(*ip)) {
      out.transport = Transport::Forbidden;
      out.stage = "connect";
      out.error = ip->str() + " is in " + forbidden->range + ", " + forbidden->why;
      return out;
    }
  }
  Dialogue(target, trust, deadline, out).run();
  out.ms = elapsed_ms(start);
  return out;
}

}  // namespace adplan::probe
