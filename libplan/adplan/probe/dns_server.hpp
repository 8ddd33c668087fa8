#pragma once
// The DNS server a run asks (--dns-server), as the user writes it; the resolver that asks it is
// internal/dns.hpp.
#include <adplan/model/error.hpp>

#include <expected>
#include <string>
#include <string_view>

namespace adplan::probe {

struct DnsServer {
  std::string address;  // IPv4 or IPv6 literal
  int port = 53;
  [[nodiscard]] std::string str() const;  // "127.0.0.1:5353", "[::1]:53"
};

// "IP", "IP:PORT", "[IPv6]:PORT" (a bare IPv6 literal means port 53).
Result<DnsServer> parse_dns_server(std::string_view text);

}  // namespace adplan::probe
