#pragma once
// CAA look-ups for verify (RFC 8659): every search name of every certificate name asked at once
// through the probe's c-ares channel, the replies parsed here (c-ares hands the bytes), and each
// name's relevant RRset found by the walk of observe/caa.hpp.
#include <adplan/observe/caa.hpp>
#include <adplan/probe/internal/dns.hpp>

#include <string>
#include <vector>

namespace adplan::probe {

// At most this many names are asked (a plan's certificate names and their ancestors).
inline constexpr std::size_t k_max_caa_questions = 256;
// At most this many CAA records are kept from one reply.
inline constexpr std::size_t k_max_caa_records = 64;

// One reply to a CAA question (c-ares status, message bytes): the CAA records of the answer
// section at the name or at the end of its CNAME chain. Any bytes at all (a hostile server).
observe::CaaAnswer parse_caa_reply(int status, const unsigned char* reply, int length);

// The relevant CAA set of each name, asked through `resolver` under `deadline`.
std::vector<observe::CaaLookup> lookup_caa(Resolver& resolver, const std::vector<std::string>& names,
                                           const Deadline& deadline);

}  // namespace adplan::probe
