#pragma once
// An IPv4 or IPv6 address in canonical text form, with the special-purpose ranges that
// decide whether it may face the Internet or appear in a public certificate
// (RFC 6890 registries; CA/B Forum BR 7.1.2.7.12 "Reserved IP Address").
#include <adplan/model/error.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <expected>
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

  [[nodiscard]] const std::string& str() const { return m_text; }
  [[nodiscard]] bool is_v6() const { return m_v6; }
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

}  // namespace adplan
