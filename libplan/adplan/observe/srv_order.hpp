#pragma once
// RFC 2782 ordering of SRV records, made deterministic for a verifier.
#include <adplan/observe/observations.hpp>

#include <vector>

namespace adplan::observe {

// RFC 2782: lowest priority first; among equal priorities the weight decides (a client picks
// by weighted chance, so the order a verifier reports is heavier weight first, then the
// target name, which keeps output stable).
void order_srv(std::vector<SrvRecord>& records);

}  // namespace adplan::observe
