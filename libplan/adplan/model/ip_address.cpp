#include <adplan/model/ip_address.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <cstdint>
#include <vector>

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

namespace {

// One part of an inet_aton/WHATWG IPv4 address: 0x-hex, 0-octal or decimal, digits only.
std::optional<std::uint64_t> ipv4_part(std::string_view part) {
  if (part.empty()) return std::nullopt;
  unsigned base = 10;
  if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    base = 16;
    part.remove_prefix(2);  // "0x" alone is 0, as inet_aton and the URL standard read it
  } else if (part.size() >= 2 && part[0] == '0') {
    base = 8;
    part.remove_prefix(1);
  }
  std::uint64_t value = 0;
  for (char c : part) {
    unsigned digit = 0;
    if (c >= '0' && c <= '9')
      digit = static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f')
      digit = static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      digit = static_cast<unsigned>(c - 'A' + 10);
    else
      return std::nullopt;
    if (digit >= base) return std::nullopt;
    value = value * base + digit;
    if (value > 0xffffffffULL) return std::nullopt;  // no address, and no overflow
  }
  return value;
}

std::optional<std::uint32_t> ipv4_aton(std::string_view text) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);  // "1.2.3.4." (URL standard)
  std::vector<std::uint64_t> parts;
  while (true) {
    auto dot = text.find('.');
    auto part = ipv4_part(text.substr(0, dot));
    if (!part || parts.size() == 4) return std::nullopt;
    parts.push_back(*part);
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  // a.b.c.d; a.b.c (c: 16 bits); a.b (b: 24 bits); a (32 bits).
  std::uint64_t value = 0;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] > 255) return std::nullopt;
    value |= parts[i] << (8 * (3 - i));
  }
  const unsigned last_bits = static_cast<unsigned>(8 * (5 - parts.size()));
  if (parts.back() >= (std::uint64_t{1} << last_bits)) return std::nullopt;
  return static_cast<std::uint32_t>(value | parts.back());
}

}  // namespace

std::optional<IpAddress> IpAddress::parse_host(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
    if (text.find(':') == std::string_view::npos) return std::nullopt;  // brackets hold IPv6 only
  }
  if (text.empty() || text.size() > 64) return std::nullopt;
  IpAddress ip;
  char buf[INET6_ADDRSTRLEN] = {};
  if (text.find(':') != std::string_view::npos) {
    std::string input(text);
    if (inet_pton(AF_INET6, input.c_str(), ip.m_bytes.data()) != 1) return std::nullopt;
    ip.m_v6 = true;
    inet_ntop(AF_INET6, ip.m_bytes.data(), buf, sizeof buf);
  } else {
    auto v4 = ipv4_aton(text);
    if (!v4) return std::nullopt;
    for (int i = 0; i < 4; ++i)
      ip.m_bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(*v4 >> (24 - 8 * i));
    inet_ntop(AF_INET, ip.m_bytes.data(), buf, sizeof buf);
  }
  ip.m_text = buf;
  return ip;
}

std::optional<ForbiddenAddress> forbidden_target(const IpAddress& ip) {
  const auto& b = ip.bytes();
  std::array<std::uint8_t, 4> v4{b[0], b[1], b[2], b[3]};
  bool has_v4 = !ip.is_v6();
  if (ip.is_v6()) {
    auto zero = [&](std::size_t from, std::size_t to) {
      return std::all_of(b.begin() + static_cast<long>(from), b.begin() + static_cast<long>(to),
                         [](auto x) { return x == 0; });
    };
    bool mapped = zero(0, 10) && b[10] == 0xff && b[11] == 0xff;                               // ::ffff:a.b.c.d
    bool compatible = zero(0, 12) && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1);  // ::a.b.c.d
    bool nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zero(4, 12);  // 64:ff9b::/96
    if (mapped || compatible || nat64) {
      v4 = {b[12], b[13], b[14], b[15]};
      has_v4 = true;
    } else {
      if (zero(0, 16)) return ForbiddenAddress{"::/128", "unspecified (\"this host\"): connects to the local host"};
      if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        return ForbiddenAddress{"fe80::/10", "link-local: reaches the local link only (RFC 4291)"};
      if (b[0] == 0xff) return ForbiddenAddress{"ff00::/8", "multicast (RFC 4291): a group, not a server"};
      // fd00:ec2::254: the AWS instance metadata service over IPv6.
      if (b[0] == 0xfd && b[1] == 0x00 && b[2] == 0x0e && b[3] == 0xc2 && zero(4, 14) && b[14] == 0x02 && b[15] == 0x54)
        return ForbiddenAddress{"fd00:ec2::254/128", "cloud metadata service (AWS instance metadata, IPv6)"};
    }
  }
  if (!has_v4) return std::nullopt;
  if (v4[0] == 169 && v4[1] == 254) {
    return ForbiddenAddress{"169.254.0.0/16",
                            "link-local (RFC 3927): cloud metadata services (169.254.169.254) live here"};
  }
  if (v4[0] == 0) return ForbiddenAddress{"0.0.0.0/8", "\"this host\" (RFC 1122): connects to the local host"};
  if ((v4[0] & 0xf0) == 224) return ForbiddenAddress{"224.0.0.0/4", "multicast (RFC 5771): a group, not a server"};
  if (v4 == std::array<std::uint8_t, 4>{255, 255, 255, 255})
    return ForbiddenAddress{"255.255.255.255/32", "limited broadcast (RFC 919)"};
  if (v4 == std::array<std::uint8_t, 4>{100, 100, 100, 200})
    return ForbiddenAddress{"100.100.100.200/32", "cloud metadata service (Alibaba Cloud)"};
  return std::nullopt;
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
