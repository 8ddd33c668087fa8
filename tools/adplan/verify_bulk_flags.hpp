#pragma once
// verify's hoster flags (issue 13): --shard, --list-only, --json-lines, --deep, --max-rate,
// --prometheus-textfile (--domains-file is a probe flag, verify_options.hpp); the tenant list
// they make is libplan's (verify/tenant_list.hpp).
#include <adplan/model/error.hpp>

#include <CLI/CLI.hpp>
#include <string>

namespace adplan::cli {

struct BulkFlags {
  std::string domains_file;  // "-": stdin
  std::string shard;         // "I/N"
  bool list_only = false;
  bool json_lines = false;
  bool deep = false;
  double max_rate = 20;  // requests per second per endpoint; 0: no limit
  std::string prometheus_textfile;
  [[nodiscard]] bool any() const {
    return !domains_file.empty() || !shard.empty() || list_only || json_lines || !prometheus_textfile.empty();
  }
};

void add_bulk_flags(CLI::App& cmd, BulkFlags& flags);

// --domains-file's text, read with limits (issue 21): a regular file or "-" (standard input,
// given `stdin_seconds` to reach its end), at most verify::k_max_domains_file octets; the error
// names --domains-file and the fix.
Result<std::string> read_domains_file(const std::string& path, double stdin_seconds);

}  // namespace adplan::cli
