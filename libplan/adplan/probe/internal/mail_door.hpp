#pragma once
// Issue 23: one mail door, one address: a TCP connection with plain sockets and OpenSSL, every
// read and write non-blocking and waited for with poll(2) (never select), under the run's one
// deadline. SMTP and submission: greeting, EHLO, STARTTLS, the handshake, EHLO again (RFC 3207
// 4.2); IMAP: greeting, CAPABILITY, STARTTLS, CAPABILITY again (RFC 3501 6.2.1, RFC 2595); POP:
// greeting, CAPA, STLS, CAPA again (RFC 2449, RFC 2595); implicit TLS (993, 995) starts with the
// handshake (RFC 8314). Never AUTH, LOGIN, USER or PASS: a mail door never gets a credential.
// Every line, reply and total is bounded, so an endless banner or a 1 MB line ends the door's
// probe (Transport::TooLarge), not the run.
#include <adplan/observe/doors.hpp>
#include <adplan/probe/internal/certificate.hpp>
#include <adplan/probe/internal/deadline.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::probe {

inline constexpr std::size_t k_max_door_line = 4096;          // bytes in one line, CRLF included
inline constexpr std::size_t k_max_door_reply_lines = 64;     // lines in one (multiline) reply
inline constexpr std::size_t k_max_door_reply_bytes = 32768;  // bytes in one reply
inline constexpr std::size_t k_max_door_bytes = 131072;       // bytes read on one connection

// The SNI and certificate name of a door are `target.host`; `address` is where to connect.
DoorProbe probe_door(const DoorTarget& target, const std::string& address, const TrustStore& trust,
                     const Deadline& deadline);

// Pure parts, exposed for tests.
// An SMTP reply line (RFC 5321 4.2): its code (0 when not three digits) and whether more lines follow.
struct SmtpLine {
  int code = 0;
  bool more = false;
  std::string_view text;  // after the code and separator
};
SmtpLine parse_smtp_line(std::string_view line);
// Whether a capability list names `keyword` (EHLO: a line's first word; IMAP: an atom of the
// CAPABILITY response; POP: a CAPA line's first word). Case-insensitive.
bool names_capability(const std::vector<std::string>& lines, std::string_view keyword, bool imap);

}  // namespace adplan::probe
