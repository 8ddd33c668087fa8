#pragma once
// An IPv4 or IPv6 address in canonical text form, with the special-purpose ranges that
// decide whether it may face the Internet or appear in a public certificate
// (RFC 6890 registries; CA/B Forum BR 7.1.2.7.12 "Reserved IP Address").
#include <adplan/model/error.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace adplan {

enum class IpScope {
  Public,
  Private,        // RFC 1918, RFC 4193 (fc00::/7)
  Loopback,       // 127.0.0.0/8, ::1
  LinkLocal,      // 169.254.0.0/16, fe80::/10
  Documentation,  // RFC 5737, RFC 3849
  SharedCgnat,    // RFC 6598 100.64.0.0/10
  Reserved,       // 0/8, 240/4, multicast, broadcast, benchmarking, ...
};

std::string_view to_string(IpScope scope);

class IpAddress {
 public:
  // Errors have the code "input.ip-address", no field, and the reason as message ("is empty").
  static Result<IpAddress> parse(std::string_view text);
  // The address a URL host or a resolver's input names, read as clients read it: IPv4 the way
  // inet_aton(3) and the WHATWG URL standard do (1 to 4 parts, each decimal, 0x-hex or 0-octal,
  // the last part filling the remaining bytes: 2852039166, 0xa9fea9fe, 0251.0376.0251.0376 and
  // 169.254.43518 are all 169.254.169.254), IPv6 as inet_pton does, in [brackets] or bare.
  // nullopt: not an address (a host name). Nothing is ignored: "1.2.3.4 x" is not an address.
  static std::optional<IpAddress> parse_host(std::string_view text);

  [[nodiscard]] const std::string& str() const { return m_text; }
  [[nodiscard]] bool is_v6() const { return m_v6; }
  // Network byte order; IPv4 uses the first 4.
  [[nodiscard]] const std::array<std::uint8_t, 16>& bytes() const { return m_bytes; }
  [[nodiscard]] IpScope scope() const;
  // A PTR-free, zone-file ready form: "A" or "AAAA".
  [[nodiscard]] std::string_view record_type() const { return m_v6 ? "AAAA" : "A"; }
  // Host form for a URL or a listen directive: "[::1]" for IPv6.
  [[nodiscard]] std::string url_host() const { return m_v6 ? "[" + m_text + "]" : m_text; }

  bool operator==(const IpAddress& o) const { return m_v6 == o.m_v6 && m_bytes == o.m_bytes; }
  std::strong_ordering operator<=>(const IpAddress& o) const;

 private:
  bool m_v6 = false;
  std::array<std::uint8_t, 16> m_bytes{};
  std::string m_text;
};

// Why a probe must never connect to an address a server or a DNS answer named (issue 10, SSRF):
// the range and what lives there. Loopback and private ranges are allowed (labs and internal
// networks use them); IPv4-mapped, -compatible and NAT64 (RFC 6052) IPv6 forms are judged by the
// IPv4 address they carry.
struct ForbiddenAddress {
  std::string range;  // "169.254.0.0/16"
  std::string why;    // "link-local: cloud metadata services (169.254.169.254) live here"
};
// 169.254.0.0/16 and fe80::/10 (link-local, RFC 3927, RFC 4291), 0.0.0.0/8 and :: ("this host",
// RFC 1122 3.2.1.3: Linux connects it to the local host), 224.0.0.0/4 and ff00::/8 (multicast),
// 255.255.255.255 (limited broadcast), and the named cloud metadata addresses outside those
// (fd00:ec2::254 AWS, 100.100.100.200 Alibaba Cloud).
std::optional<ForbiddenAddress> forbidden_target(const IpAddress& ip);

}  // namespace adplan
