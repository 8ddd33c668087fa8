#include "verify_bulk_flags.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/verify/domain_lines.hpp>

#include <algorithm>
#include <chrono>

namespace adplan::cli {

void add_bulk_flags(CLI::App& cmd, BulkFlags& f) {
  cmd.add_option("--shard", f.shard, "I/N: only the domains whose stable hash falls in shard I of N (I from 0)");
  cmd.add_flag("--list-only", f.list_only,
               "print the domains a run would check (de-duplicated, sharded); probe nothing");
  cmd.add_flag("--json-lines", f.json_lines, "one JSON object per domain as it is judged, then a summary object");
  cmd.add_flag("--deep", f.deep,
               "probe every tenant in full (the POST with credentials, Exchange Online, v2 per address), not only "
               "its DNS answers against the shared endpoints");
  cmd.add_option(
      "--max-rate", f.max_rate,
      "every HTTP request the run sends: at most N a second to each endpoint (host, address, port), the rest "
      "wait their turn; 0: no limit (default 20)");
  cmd.add_option("--prometheus-textfile", f.prometheus_textfile,
                 "write the run's metrics for node_exporter's textfile collector to FILE (replaced atomically)");
}

Result<std::string> read_domains_file(const std::string& path, double stdin_seconds) {
  const auto wait = std::chrono::milliseconds(static_cast<long>(std::clamp(stdin_seconds, 1.0, 600.0) * 1000));
  auto text = read_file(path, verify::k_max_domains_file, wait);
  if (text) return text;
  return std::unexpected(verify::domains_file_error(text.error(), path));
}

}  // namespace adplan::cli
