// Issue 23: the mail-door probe against scripted peers on 127.0.0.1 in a thread of this process
// (plain-text paths: STARTTLS missing, refused, oversized replies, a silent server), and the
// pure parts (SMTP reply lines, capability lists, MX and TXT replies). TLS paths run against real
// Postfix and Dovecot (tests/e2e/verify_doors.sh) and hostile peers (tests/hostile/test_mail_*.sh).
#include <adplan/probe/internal/doors.hpp>
#include <adplan/probe/internal/mail_door.hpp>

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace adplan::probe;
using adplan::observe::DoorTarget;
using adplan::observe::Transport;

namespace {

// One connection, handled by `script` with blocking I/O; the commands the client sent are kept.
class ScriptedPeer {
 public:
  using Script = std::function<void(ScriptedPeer&, int fd)>;
  explicit ScriptedPeer(Script script) : m_script(std::move(script)) {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(m_fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(m_fd, 4) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] {
      int c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) return;
      m_script(*this, c);
      ::close(c);
    });
  }
  ~ScriptedPeer() {
    ::shutdown(m_fd, SHUT_RDWR);
    if (m_thread.joinable()) m_thread.join();
    ::close(m_fd);
  }
  ScriptedPeer(const ScriptedPeer&) = delete;
  ScriptedPeer& operator=(const ScriptedPeer&) = delete;

  [[nodiscard]] int port() const { return m_port; }
  // What the client sent, once the script has run to its end (the probe has closed the connection
  // when it returns, so the script's last read ends): without the wait, the last command may still
  // be on its way.
  [[nodiscard]] std::vector<std::string> commands() {
    if (m_thread.joinable()) m_thread.join();
    std::lock_guard lock(m_mutex);
    return m_commands;
  }
  static void send_all(int fd, const std::string& s) {
    std::size_t at = 0;
    while (at < s.size()) {
      ssize_t n = ::send(fd, s.data() + at, s.size() - at, MSG_NOSIGNAL);
      if (n <= 0) return;
      at += static_cast<std::size_t>(n);
    }
  }
  // One command line from the client ("" when it closed).
  std::string read_command(int fd) {
    std::string line;
    char c = 0;
    while (::recv(fd, &c, 1, 0) == 1) {
      if (c == '\n') break;
      if (c != '\r') line += c;
    }
    std::lock_guard lock(m_mutex);
    m_commands.push_back(line);
    return line;
  }

 private:
  Script m_script;
  int m_fd = -1;
  int m_port = 0;
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::vector<std::string> m_commands;
};

const TrustStore& trust() {
  static TrustStore t = *TrustStore::load({false, std::nullopt});
  return t;
}

DoorProbe knock(const ScriptedPeer& p, const std::string& door,
                std::chrono::milliseconds budget = std::chrono::seconds(10)) {
  return probe_door(DoorTarget{door, "mx1.contoso.com", p.port(), false}, "127.0.0.1", trust(), Deadline(budget));
}

}  // namespace

TEST_CASE("mail door: SMTP without STARTTLS stops politely after EHLO, never any AUTH") {
  ScriptedPeer peer([](ScriptedPeer& p, int fd) {
    ScriptedPeer::send_all(fd, "220-mx1.contoso.com ESMTP\r\n220 welcome\r\n");
    p.read_command(fd);
    ScriptedPeer::send_all(fd, "250-mx1.contoso.com\r\n250-AUTH LOGIN PLAIN\r\n250 SIZE 1000\r\n");
    p.read_command(fd);
  });
  auto d = knock(peer, "smtp");
  CHECK(d.transport == Transport::Ok);
  CHECK(d.stage == "capability");
  CHECK_FALSE(d.starttls_offered);
  CHECK_FALSE(d.tls_done);
  CHECK(d.greeting == "220-mx1.contoso.com ESMTP");
  auto cmds = peer.commands();
  REQUIRE(cmds.size() == 2);
  CHECK(cmds[0] == "EHLO [127.0.0.1]");
  CHECK(cmds[1] == "QUIT");
}

TEST_CASE("mail door: STARTTLS offered, then refused: recorded, no plaintext goes on") {
  ScriptedPeer peer([](ScriptedPeer& p, int fd) {
    ScriptedPeer::send_all(fd, "220 mx1 ESMTP\r\n");
    p.read_command(fd);
    ScriptedPeer::send_all(fd, "250-mx1\r\n250 STARTTLS\r\n");
    p.read_command(fd);
    ScriptedPeer::send_all(fd, "454 4.7.0 TLS not available\r\n");
    p.read_command(fd);
  });
  auto d = knock(peer, "submission");
  CHECK(d.transport == Transport::Ok);
  CHECK(d.starttls_offered);
  CHECK_FALSE(d.tls_done);
  CHECK(d.stage == "starttls");
  CHECK(d.reply == "454 4.7.0 TLS not available");
  auto cmds = peer.commands();
  REQUIRE(cmds.size() == 3);
  CHECK(cmds[1] == "STARTTLS");
  CHECK(cmds[2] == "QUIT");
}

TEST_CASE("mail door: an endless multiline banner ends as TooLarge at the line bound") {
  ScriptedPeer peer([](ScriptedPeer&, int fd) {
    for (int i = 0; i < 1000; ++i) ScriptedPeer::send_all(fd, "220-still greeting you\r\n");
  });
  auto d = knock(peer, "smtp");
  CHECK(d.transport == Transport::TooLarge);
  CHECK(d.stage == "greeting");
  CHECK(d.error.find("lines") != std::string::npos);
}

TEST_CASE("mail door: a line longer than 4 KiB ends as TooLarge, the text kept short") {
  ScriptedPeer peer([](ScriptedPeer&, int fd) { ScriptedPeer::send_all(fd, "220 " + std::string(100000, 'x')); });
  auto d = knock(peer, "smtp");
  CHECK(d.transport == Transport::TooLarge);
  CHECK(d.greeting.empty());
}

TEST_CASE("mail door: a silent server ends at the deadline as Timeout") {
  ScriptedPeer peer([](ScriptedPeer& p, int fd) { p.read_command(fd); });
  auto d = knock(peer, "imap", std::chrono::milliseconds(300));
  CHECK(d.transport == Transport::Timeout);
  CHECK(d.stage == "greeting");
}

TEST_CASE("mail door: IMAP and POP ask CAPABILITY / CAPA, never LOGIN, USER or PASS") {
  SUBCASE("imap") {
    ScriptedPeer peer([](ScriptedPeer& p, int fd) {
      ScriptedPeer::send_all(fd, "* OK [CAPABILITY IMAP4rev1 LOGINDISABLED] ready\r\n");
      p.read_command(fd);
      ScriptedPeer::send_all(fd, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK done\r\n");
      p.read_command(fd);
    });
    auto d = knock(peer, "imap");
    CHECK(d.transport == Transport::Ok);
    CHECK_FALSE(d.starttls_offered);
    auto cmds = peer.commands();
    REQUIRE(cmds.size() == 2);
    CHECK(cmds[0] == "a1 CAPABILITY");
    CHECK(cmds[1] == "a9 LOGOUT");
  }
  SUBCASE("pop") {
    ScriptedPeer peer([](ScriptedPeer& p, int fd) {
      ScriptedPeer::send_all(fd, "+OK ready\r\n");
      p.read_command(fd);
      ScriptedPeer::send_all(fd, "+OK list follows\r\nUSER\r\nSASL PLAIN\r\n.\r\n");
      p.read_command(fd);
    });
    auto d = knock(peer, "pop");
    CHECK(d.transport == Transport::Ok);
    CHECK_FALSE(d.starttls_offered);
    auto cmds = peer.commands();
    REQUIRE(cmds.size() == 2);
    CHECK(cmds[0] == "CAPA");
    CHECK(cmds[1] == "QUIT");
  }
}

TEST_CASE("mail door: not the protocol, a refusal, and no address") {
  ScriptedPeer peer([](ScriptedPeer&, int fd) { ScriptedPeer::send_all(fd, "554 5.3.2 go away\r\n"); });
  auto d = knock(peer, "smtp");
  CHECK(d.transport == Transport::Error);
  CHECK(d.reply == "554 5.3.2 go away");
  auto none =
      probe_door(DoorTarget{"pop", "pop.contoso.com", 110, false}, "", trust(), Deadline(std::chrono::seconds(1)));
  CHECK(none.transport == Transport::NoAddress);
  auto meta = probe_door(DoorTarget{"smtp", "mx.contoso.com", 25, false}, "169.254.169.254", trust(),
                         Deadline(std::chrono::seconds(1)));
  CHECK(meta.transport == Transport::Forbidden);
}

TEST_CASE("mail door: SMTP reply lines and capability lists") {
  CHECK(parse_smtp_line("250-STARTTLS").code == 250);
  CHECK(parse_smtp_line("250-STARTTLS").more);
  CHECK_FALSE(parse_smtp_line("250 OK").more);
  CHECK(parse_smtp_line("220").code == 220);
  CHECK(parse_smtp_line("2500 x").code == 0);
  CHECK(parse_smtp_line("hello").code == 0);
  CHECK(parse_smtp_line("199 x").code == 0);
  CHECK(names_capability({"250-mx1 hello", "250-SIZE 10", "250 starttls"}, "STARTTLS", false));
  CHECK_FALSE(names_capability({"250-STARTTLS is my name", "250 SIZE"}, "STARTTLS", false));  // the greeting line
  CHECK_FALSE(names_capability({"250-mx1", "250 XSTARTTLS"}, "STARTTLS", false));
  CHECK(names_capability({"* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED", "a1 OK"}, "STARTTLS", true));
  CHECK(names_capability({"* OK [CAPABILITY IMAP4rev1 STARTTLS] hi"}, "STARTTLS", true));
  CHECK_FALSE(names_capability({"* CAPABILITY IMAP4rev1 AUTH=STARTTLS"}, "STARTTLS", true));
  CHECK(names_capability({"+OK", "TOP", "STLS", "UIDL"}, "STLS", false));
}

TEST_CASE("mail doors: MX and TXT replies") {
  // contoso.com MX 20 b.contoso.com, MX 10 a.contoso.com (a reply built by hand).
  std::vector<unsigned char> msg{0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0};
  auto name = [&](std::initializer_list<std::string> labels) {
    for (const auto& l : labels) {
      msg.push_back(static_cast<unsigned char>(l.size()));
      msg.insert(msg.end(), l.begin(), l.end());
    }
    msg.push_back(0);
  };
  name({"contoso", "com"});
  msg.insert(msg.end(), {0, 15, 0, 1});
  auto mx = [&](int pref, const std::string& host) {
    msg.insert(msg.end(), {0xc0, 12, 0, 15, 0, 1, 0, 0, 0, 60});
    std::size_t len_at = msg.size();
    msg.insert(msg.end(), {0, 0, 0, static_cast<unsigned char>(pref)});
    name({host, "contoso", "com"});
    auto len = msg.size() - len_at - 2;
    msg[len_at + 1] = static_cast<unsigned char>(len);
  };
  mx(20, "b");
  mx(10, "a");
  auto records = parse_mx_reply(msg.data(), static_cast<int>(msg.size()));
  REQUIRE(records.size() == 2);
  CHECK(records[0].host == "a.contoso.com");
  CHECK(records[0].preference == 10);
  CHECK(records[1].host == "b.contoso.com");
  CHECK(parse_mx_reply(msg.data(), 5).empty());
}
