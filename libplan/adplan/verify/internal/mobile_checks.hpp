#pragma once
// The check table's lines for the mobilesync POST, OPTIONS and Autodiscover v2 GETs (issue 12).
#include <adplan/observe/observations.hpp>
#include <adplan/verify/result.hpp>

#include <vector>

namespace adplan::verify {

void add_mobile_checks(const observe::Observations& obs, std::vector<Check>& out);

}  // namespace adplan::verify
