#pragma once
// RFC 2782 ordering of SRV records, made deterministic for a verifier.
#include <adplan/observe/observations.hpp>

#include <cstddef>
#include <vector>

namespace adplan::observe {

// RFC 2782: lowest priority first; among equal priorities the weight decides (a client picks
// by weighted chance, so the order a verifier reports is heavier weight first, then the
// target name, which keeps output stable).
void order_srv(std::vector<SrvRecord>& records);

// How many SRV targets a client tries, and so how many the probes resolve and connect to. A
// client works through the records in order and stops at the first that answers; a verifier
// that followed a hostile zone's 1,500 records would open 1,500 connections. A few per
// priority level cover a real zone's fail-over; the rest are counted, not probed.
inline constexpr std::size_t k_srv_per_priority = 4;
inline constexpr std::size_t k_srv_total = 16;

// Keeps, of records already in order_srv order, the first `per_priority` of each priority level
// and at most `total` in all; returns how many it dropped (SrvLookup::ignored).
std::size_t cap_srv(std::vector<SrvRecord>& records, std::size_t per_priority = k_srv_per_priority,
                    std::size_t total = k_srv_total);

}  // namespace adplan::observe
