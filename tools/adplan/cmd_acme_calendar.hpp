#pragma once
// adplan acme --calendar / --ics: the renewal dates SC-081 forces, from the plan or from the
// certificates in service (--cert), printed or written as an iCalendar file.
#include "common.hpp"

#include <optional>
#include <string>
#include <vector>

namespace adplan::cli {

struct AcmeCalendarOptions {
  std::vector<std::string> certs;  // --cert FILE: the calendar starts at these certificates' renewal days
  std::optional<std::string> ics;  // --ics FILE
  bool calendar = false;           // --calendar: print it
  bool force = false;              // replace an existing --ics file
};

int run_acme_calendar(Context& ctx, const Plan& p, const AcmeCalendarOptions& o);

}  // namespace adplan::cli
