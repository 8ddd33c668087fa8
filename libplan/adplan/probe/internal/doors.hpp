#pragma once
// Issue 23: the mail doors of one run (probe/mail_doors.cpp). DNS first, on the run's resolver:
// each domain's MX set and `_mta-sts` TXT record, then the addresses of every door host. Then one
// task per (door, host, address, port) -- each probed once per run -- and one per MTA-STS policy,
// queued after the Autodiscover endpoints on the same workers and under the same deadline.
#include <adplan/observe/doors.hpp>
#include <adplan/probe/internal/deadline.hpp>
#include <adplan/probe/internal/dns.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace adplan::probe {

struct Shared;
class TaskQueue;

inline constexpr std::size_t k_max_mx = 16;             // MX records kept per domain
inline constexpr std::size_t k_max_door_addresses = 4;  // addresses probed per door host
inline constexpr std::size_t k_max_txt_strings = 16;    // TXT records kept at _mta-sts.<domain>

struct DoorJobs {
  std::vector<std::pair<DoorTarget, std::string>> probes;  // target, address ("" none)
  std::vector<DoorProbe> results;                          // one slot per probe
  std::vector<std::size_t> policies;                       // indices into mail_domains to fetch
};

// The DNS part; fills `domains` (MX, TXT) and returns what the tasks will do.
DoorJobs prepare_doors(Resolver& resolver, const DoorPlan& plan, const Deadline& deadline,
                       std::vector<MailDomain>& domains);
// One task per probe and policy; they write only their own slots.
void queue_doors(Shared& s, TaskQueue& queue, DoorJobs& jobs, std::vector<MailDomain>& domains);
// After the queue ran: the probes, sorted by door, host, address, port.
std::vector<DoorProbe> collect_doors(DoorJobs& jobs);

// Pure, for tests: the MX set of a reply (RFC 5321 5.1: lowest preference first; "." is a null MX,
// RFC 7505) and the TXT strings of a reply, each record's strings joined (RFC 8461 3.1).
std::vector<MxRecord> parse_mx_reply(const unsigned char* reply, int length);
std::vector<std::string> parse_txt_reply(const unsigned char* reply, int length);

}  // namespace adplan::probe
