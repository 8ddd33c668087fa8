#pragma once
// The one JSON form of a verification (issue 22): `verify --json` (adplan-verify/1), each line of
// `verify --json-lines` (adplan-verify-lines/1), `verify --all-domains --json`
// (adplan-verify-domains/1) and the exporter's /probe?format=json are built from these pieces
// alone, and leave through model/json_text.hpp (valid UTF-8, controls escaped).
#include <adplan/model/error.hpp>
#include <adplan/model/json_text.hpp>
#include <adplan/observe/connections.hpp>
#include <adplan/verify/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace adplan::verify {

nlohmann::ordered_json to_json(const Check& c);
nlohmann::ordered_json to_json(const ClientResult& c);
nlohmann::ordered_json to_json(const DoorResult& d);
nlohmann::ordered_json to_json(const MailDomainResult& m);
nlohmann::ordered_json to_json(const PoolMemberResult& m);
nlohmann::ordered_json to_json(const PoolResult& p);
// match: true, false, or null where no key was compared.
nlohmann::ordered_json to_json(const DaneResult& d);
// The whole result: verdict, findings, checks, clients, doors, mail domains, pools, DANE
// (schema/verify.schema.json).
nlohmann::ordered_json to_json(const VerifyResult& r, int total_ms);
// `verify --json`: the same with the run's "connections" last (issue 25: verify/connections_json.hpp).
nlohmann::ordered_json to_json(const VerifyResult& r, int total_ms, const observe::ConnectionSummary& connections);

// One domain of a run over many (--all-domains, --domains-file, the exporter): judged, or with
// `error` when its probes could not run at all.
struct DomainRun {
  std::string domain;
  std::string error;
  VerifyResult result;
  int ms = 0;
  [[nodiscard]] bool pass() const { return error.empty() && result.pass(); }
};

// What a bulk run counted (verify --domains-file).
struct BulkTotals {
  std::size_t total = 0;  // domains the run checks
  std::size_t done = 0;
  std::size_t failed = 0;
  std::size_t bad_lines = 0;
  std::size_t shared = 0, full = 0, endpoints = 0;  // probe/bulk.hpp's BulkStats
  double seconds = 0;
  [[nodiscard]] bool pass() const { return failed == 0 && bad_lines == 0; }
};

// --json-lines (schema/verify-lines.schema.json): a domain, a bad --domains-file line, the summary.
nlohmann::ordered_json domain_line_json(const DomainRun& run);
nlohmann::ordered_json input_error_json(const Error& bad_line);
nlohmann::ordered_json summary_json(const BulkTotals& t);
// --all-domains --json (schema/verify-domains.schema.json).
nlohmann::ordered_json domains_json(const std::vector<DomainRun>& runs);

}  // namespace adplan::verify
