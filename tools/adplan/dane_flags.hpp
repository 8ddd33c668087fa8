#pragma once
// renew's DANE flags (issue 27): declared here, checked by probe/dane_flags.hpp, judged by
// verify/renewal_dane.hpp.
#include <adplan/model/error.hpp>
#include <adplan/planner/plan.hpp>
#include <adplan/probe/dane_flags.hpp>
#include <adplan/verify/renewal_dane.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

namespace adplan::cli {

void add_renew_dane_flags(CLI::App& cmd, probe::RenewDaneFlags& flags);

// Where the plan has DANE for the renewed certificate (`planned_key`): the TLSA records of its MX
// hosts looked up with DNSSEC validation and judged against `pem` (the certificate, then its
// chain); no look-up and no finding otherwise. An unreadable certificate is an Error.
Result<verify::RenewalDane> renewal_dane(const Plan& plan, const std::string& planned_key, std::string_view pem,
                                         std::string_view place, const probe::RenewDaneRun& run);

}  // namespace adplan::cli
