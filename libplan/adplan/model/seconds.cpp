#include <adplan/model/seconds.hpp>

#include <sstream>
#include <string>

namespace adplan {

void check_seconds(double seconds, std::string_view flag, double max, Errors& errors) {
  if (seconds > 0 && seconds <= max) return;  // NaN fails both
  std::ostringstream range;
  range << "must be between 0 and " << max << " seconds";
  errors.push_back(
      {"usage." + std::string(flag.substr(flag.find_first_not_of('-'))), std::string(flag), range.str(), ""});
}

}  // namespace adplan
