#pragma once
// The mail doors of a plan (issue 23): planner.cpp calls these; lint reads the result.
#include <adplan/planner/internal/names.hpp>
#include <adplan/planner/plan.hpp>

namespace adplan {

// The MTA-STS policy hosts' certificate, Plan::doors, Plan::mx and Plan::mta_sts. Runs after the
// scenario's certificates are planned (a door is answered by the first one naming its host).
void plan_mail_doors(Plan& p, const Deployment& d);
// The DNS records the doors need, into both views: MX per accepted domain, an address for each
// door host that has none yet, and per MTA-STS domain its policy host and two TXT records.
void plan_mail_records(Plan& p, const Deployment& d, const ZoneIndex& zones);
// A TXT record's value in zone-file presentation form: one quoted <character-string> (RFC 1035
// 5.1), '"' and '\' escaped.
std::string txt_value(std::string_view text);

}  // namespace adplan
