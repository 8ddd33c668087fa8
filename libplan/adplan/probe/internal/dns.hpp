#pragma once
// DNS with c-ares against chosen servers (or the system's): A, AAAA (with the CNAME chain
// they follow) and SRV, all questions of a batch in flight at once.
#include <adplan/model/error.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/probe/internal/deadline.hpp>

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct ares_channeldata;

namespace adplan::probe {

// A DNS name as the probes key it: lower case, no trailing dot.
std::string normal_name(std::string_view name);

// The probe fills the plain observation types of observe/ (the judge reads them).
using namespace adplan::observe;

struct DnsServer {
  std::string address;  // IPv4 or IPv6 literal
  int port = 53;
  [[nodiscard]] std::string str() const;  // "127.0.0.1:5353", "[::1]:53"
};

// "IP", "IP:PORT", "[IPv6]:PORT" (a bare IPv6 literal means port 53).
Result<DnsServer> parse_dns_server(std::string_view text);

struct DnsBatch {
  std::vector<AddressLookup> addresses;  // in the order asked
  std::vector<SrvLookup> srv;            // records in RFC 2782 order
};

class Resolver {
 public:
  // No servers: the system's resolv.conf.
  static Result<Resolver> create(const std::vector<DnsServer>& servers);

  // Every question at once; returns when all are answered or the deadline has passed
  // (unanswered questions then end as Timeout).
  DnsBatch resolve(const std::vector<std::string>& names, const std::vector<std::string>& srv_names,
                   const Deadline& deadline);

 private:
  struct ChannelFree {
    void operator()(ares_channeldata* c) const;
  };
  explicit Resolver(ares_channeldata* c) : m_channel(c) {}
  std::unique_ptr<ares_channeldata, ChannelFree> m_channel;
};

}  // namespace adplan::probe
