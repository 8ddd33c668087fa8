#pragma once
// DNS with c-ares against chosen servers (or the system's): A, AAAA (with the CNAME chain
// they follow) and SRV, all questions of a batch in flight at once. The sockets are polled
// (poll(2)), never put in an fd_set: a run with many connections open has descriptors above
// FD_SETSIZE, where select() and FD_SET overflow.
#include <adplan/model/error.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/probe/dns_server.hpp>
#include <adplan/probe/internal/deadline.hpp>

#include <cstddef>
#include <cstdint>
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

// One reply to an A (1), AAAA (28) or SRV (33) question, as the probes keep it: c-ares parses the
// wire format, then names are lower-cased and SRV records put in RFC 2782 order and capped
// (cap_srv). Any bytes at all: a hostile server writes them (tests/fuzz/fuzz_dns.cpp).
struct DnsAnswer {
  int status = 0;                      // ARES_SUCCESS or the c-ares error the parse ended with
  std::vector<std::string> addresses;  // A or AAAA, in answer order
  std::string canonical;               // where a CNAME chain ended ("" when none)
  std::vector<SrvRecord> records;      // SRV, ordered and capped
  std::size_t ignored = 0;             // SRV records beyond the cap
  int ttl = -1;                        // the least TTL of the answer section's records (-1: none)
};
DnsAnswer parse_answer(int type, const unsigned char* reply, int length);
// The least TTL of the records in a reply's answer section (a CNAME chain's included); -1 when
// it has none or the bytes end early.
int min_answer_ttl(const unsigned char* reply, int length);

// A c-ares status as the judge reads it.
DnsStatus status_of(int ares_status);

// At most this many questions of a batch on the wire at once; each answer sends the next. A burst
// of thousands (a hoster's run) overflows a server's or our own socket buffer on loopback, and
// every lost answer costs a c-ares retry time-out (on the hoster lab 256 in flight lost answers and
// waited 1.5 s for the retries). The pace is the window over the round trip: 128 lost none and
// ran 20-35% faster than 64 on the hoster lab with 10,000 tenants (issue 25, bench/README.md);
// dnsperf's default is 100.
inline constexpr std::size_t k_max_dns_in_flight = 128;

struct DnsBatch {
  std::vector<AddressLookup> addresses;  // in the order asked
  std::vector<SrvLookup> srv;            // records in RFC 2782 order
  // Issue 25: how long each answer may be kept (its least TTL), -1 when it may not: a failure, no
  // record, or one of a name's two questions (A, AAAA) unanswered or failed.
  std::vector<int> address_ttls;
  std::vector<int> srv_ttls;
};

class Resolver {
 public:
  // No servers: the system's resolv.conf.
  static Result<Resolver> create(const std::vector<DnsServer>& servers);

  // One question of `type` per name, all at once, the reply kept as bytes for the caller to
  // parse (CAA: probe/caa.cpp); unanswered by the deadline: status ARES_ETIMEOUT, no bytes.
  struct RawAnswer {
    int status = 0;
    std::vector<unsigned char> reply;
  };
  std::vector<RawAnswer> query_raw(const std::vector<std::string>& names, int type, const Deadline& deadline);

  // Every question at once; returns when all are answered or the deadline has passed
  // (unanswered questions then end as Timeout).
  DnsBatch resolve(const std::vector<std::string>& names, const std::vector<std::string>& srv_names,
                   const Deadline& deadline);

 private:
  struct ChannelFree {
    void operator()(ares_channeldata* c) const;
  };
  struct Sockets;  // what c-ares wants watched (ARES_OPT_SOCK_STATE_CB), polled by resolve()
  struct SocketsFree {
    void operator()(Sockets* s) const;
  };
  Resolver(std::unique_ptr<Sockets, SocketsFree> sockets, ares_channeldata* c);
  // Declared last, destroyed first: ares_destroy reports its sockets closed to m_sockets.
  std::unique_ptr<Sockets, SocketsFree> m_sockets;
  std::unique_ptr<ares_channeldata, ChannelFree> m_channel;
};

class WarmMemory;  // adplan/probe/warm.hpp

// Issue 25: resolver.resolve for the names `warm` holds no answer for within its TTL at `now`
// (seconds since the epoch); the kept ones come back cached, the new positive ones are kept.
// Without a memory, the same as resolver.resolve.
DnsBatch resolve_kept(Resolver& resolver, WarmMemory* warm, std::int64_t now, const std::vector<std::string>& names,
                      const std::vector<std::string>& srv_names, const Deadline& deadline);

}  // namespace adplan::probe
