#pragma once
// How a bulk run reads (verify --domains-file, --all-domains): --json-lines (one object per domain
// as it is judged, then a summary; schema/verify-lines.schema.json), or the human form (failures
// as they happen, a summary at the end); a progress line on a terminal's stderr.
#include "context.hpp"

#include <adplan/model/error.hpp>
#include <adplan/verify/verify.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace adplan::cli {

struct BulkTotals {
  std::size_t total = 0;  // domains the run checks
  std::size_t done = 0;
  std::size_t failed = 0;
  std::size_t bad_lines = 0;
  std::size_t shared = 0, full = 0, endpoints = 0;  // probe/bulk.hpp's BulkStats
  double seconds = 0;
};

class BulkWriter {
 public:
  BulkWriter(Context& ctx, bool json_lines, bool progress);
  void bad_line(const Error& e);
  // One domain judged (or its probes could not run: `error`).
  void domain(const std::string& domain, const verify::VerifyResult* result, const std::string& error, int ms);
  void summary(BulkTotals totals);
  [[nodiscard]] const BulkTotals& totals() const { return m_totals; }
  void set_total(std::size_t total) { m_totals.total = total; }

 private:
  void progress();
  Context& m_ctx;
  bool m_json;
  bool m_progress;
  BulkTotals m_totals;
  std::chrono::steady_clock::time_point m_start, m_last;
  std::string m_line;  // reused for every line
};

// "outlook-external: srv, outlook-2016: srv, activesync: srv, autodiscover-v2: none": every client.
std::string clients_summary(const verify::VerifyResult& r);

}  // namespace adplan::cli
