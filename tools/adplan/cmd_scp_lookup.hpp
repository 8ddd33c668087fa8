#pragma once
// adplan scp --ldap: what the live directory look-up found — the directories asked, the trace,
// the SCP URLs in the order Outlook tries them — and the findings, as text or JSON.
#include "common.hpp"

#include <adplan/observe/directory.hpp>

#include <string>
#include <vector>

namespace adplan::cli {

void print_scp_lookup(Context& ctx, const observe::ScpLookup& result, const std::vector<Finding>& findings,
                      const std::string& site, bool json);

}  // namespace adplan::cli
