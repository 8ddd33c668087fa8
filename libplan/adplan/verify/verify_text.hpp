#pragma once
// The human report of a verification (issue 22): the same result object --json renders, as text
// for a terminal (`color`: SGR attributes) or a file. Text from servers is shown with
// escape_controls, so no byte of it drives a terminal.
#include <adplan/verify/verify_json.hpp>

#include <string>
#include <vector>

namespace adplan::verify {

// What the title and the last line of one domain's report say.
struct ReportHeader {
  std::string domain, email;
  std::string against;  // "scenario 1, adplan.json"; "" without a plan (discovery only)
  int total_ms = 0, timeout_ms = 0;
};

// One domain in full: checks (the mail doors' among them), findings, clients, the pools and DANE
// where the plan has them, the verdict line.
std::string report_text(const VerifyResult& r, const ReportHeader& h, bool color);
// "outlook-external: srv, outlook-2016: srv, activesync: srv (failed)": every client, or "no client".
std::string clients_summary(const VerifyResult& r);
// One line of a run over many domains: "PASS d  (clients)" or "FAIL d  (clients; errors: ids)".
std::string domain_text(const DomainRun& run, bool color);
// --all-domains: every domain's line and the count.
std::string domains_text(const std::vector<DomainRun>& runs, bool color);
// The last line of a --domains-file run: counts, time, rate and how the endpoints were shared.
std::string bulk_summary_text(const BulkTotals& t);

}  // namespace adplan::verify
