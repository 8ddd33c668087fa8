#include <adplan/model/ip_address.hpp>

#include <arpa/inet.h>

#include <algorithm>

namespace adplan {

std::string_view to_string(IpScope scope) {
  switch (scope) {
    case IpScope::Public:
      return "public";
    case IpScope::Private:
      return "private";
    case IpScope::Loopback:
      return "loopback";
    case IpScope::LinkLocal:
      return "link-local";
    case IpScope::Documentation:
      return "documentation";
    case IpScope::SharedCgnat:
      return "shared (CGNAT)";
    case IpScope::Reserved:
      return "reserved";
  }
  return "reserved";
}

Result<IpAddress> IpAddress::parse(std::string_view text) {
  auto fail = [](std::string why) { return std::unexpected(Error{"input.ip-address", {}, std::move(why), {}}); };
  if (text.empty()) return fail("is empty");
  if (text.size() > 45) return fail("is too long for an IP address");
  std::string input(text);
  IpAddress ip;
  char buf[INET6_ADDRSTRLEN] = {};
  if (input.find(':') == std::string::npos) {
    // inet_pton accepts only dotted quads: no octal, no short forms, no leading zeros games.
    if (inet_pton(AF_INET, input.c_str(), ip.m_bytes.data()) != 1) {
      return fail("is not an IPv4 address (four numbers 0-255, dotted)");
    }
    if (input.find("0") != std::string::npos) {
      // "010.0.0.1" parses on some systems as octal; refuse leading zeros outright.
      for (std::size_t i = 0; i + 1 < input.size(); ++i) {
        bool starts = i == 0 || input[i - 1] == '.';
        if (starts && input[i] == '0' && input[i + 1] != '.') {
          return fail("has a leading zero in an octet");
        }
      }
    }
    inet_ntop(AF_INET, ip.m_bytes.data(), buf, sizeof buf);
  } else {
    if (inet_pton(AF_INET6, input.c_str(), ip.m_bytes.data()) != 1) {
      return fail("is not an IPv6 address");
    }
    ip.m_v6 = true;
    inet_ntop(AF_INET6, ip.m_bytes.data(), buf, sizeof buf);
  }
  ip.m_text = buf;
  return ip;
}

IpScope IpAddress::scope() const {
  const auto& b = m_bytes;
  if (!m_v6) {
    if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) || (b[0] == 192 && b[1] == 168)) {
      return IpScope::Private;
    }
    if (b[0] == 127) return IpScope::Loopback;
    if (b[0] == 169 && b[1] == 254) return IpScope::LinkLocal;
    if ((b[0] == 192 && b[1] == 0 && b[2] == 2) || (b[0] == 198 && b[1] == 51 && b[2] == 100) ||
        (b[0] == 203 && b[1] == 0 && b[2] == 113)) {
      return IpScope::Documentation;
    }
    if (b[0] == 100 && (b[1] & 0xc0) == 64) return IpScope::SharedCgnat;
    if (b[0] == 0 || b[0] >= 224 || (b[0] == 192 && b[1] == 0 && b[2] == 0) || (b[0] == 198 && (b[1] & 0xfe) == 18)) {
      return IpScope::Reserved;
    }
    return IpScope::Public;
  }
  bool zero_prefix = std::all_of(b.begin(), b.begin() + 15, [](auto x) { return x == 0; });
  if (zero_prefix && b[15] == 1) return IpScope::Loopback;
  if (zero_prefix) return IpScope::Reserved;
  if ((b[0] & 0xfe) == 0xfc) return IpScope::Private;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return IpScope::LinkLocal;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return IpScope::Documentation;
  if (b[0] == 0xff) return IpScope::Reserved;
  if ((b[0] & 0xe0) != 0x20) return IpScope::Reserved;  // outside 2000::/3 global unicast
  return IpScope::Public;
}

std::strong_ordering IpAddress::operator<=>(const IpAddress& o) const {
  if (m_v6 != o.m_v6) return m_v6 ? std::strong_ordering::greater : std::strong_ordering::less;
  return std::lexicographical_compare_three_way(m_bytes.begin(), m_bytes.end(), o.m_bytes.begin(), o.m_bytes.end());
}

}  // namespace adplan
