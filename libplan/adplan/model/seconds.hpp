#pragma once
// One check for every seconds value a flag takes (issue 22): --timeout of verify, the exporter,
// renew, scp and acme alike.
#include <adplan/model/error.hpp>

#include <string_view>

namespace adplan {

// 0 < seconds <= max (NaN fails), else usage.<flag without dashes> naming the flag and the range,
// added to `errors`.
void check_seconds(double seconds, std::string_view flag, double max, Errors& errors);

}  // namespace adplan
