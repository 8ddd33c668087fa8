#pragma once
// verify's hoster flags (issue 13): --domains-file, --shard, --list-only, --json-lines, --deep,
// --max-rate, --prometheus-textfile; and the tenant list they make: the plan's domains and the
// file's, each once, only this shard's, names kept and nothing else.
#include "context.hpp"

#include <adplan/model/error.hpp>

#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <istream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

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

struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
};
// --domains-file's text, read with limits (issue 21): a regular file or "-" (standard input,
// given `stdin_seconds` to reach its end), at most verify::k_max_domains_file octets; the error
// names --domains-file and the fix.
Result<std::string> read_domains_file(const std::string& path, double stdin_seconds);

// "I/N", 0 <= I < N.
Result<Shard> parse_shard(std::string_view text);
// FNV-1a, 64 bits: the same on every machine and in every release, so N processes split alike.
std::uint64_t fnv1a64(std::string_view text);

// The domains of a run, in the order first seen, each once (a domain or an e-mail address, lower case).
class TenantList {
 public:
  explicit TenantList(Shard shard) : m_shard(shard) {}
  // One name (a plan's domain, or a line's); false when it is not a domain or e-mail address.
  bool add(std::string_view text, std::string* why = nullptr);
  // Lines of a file's text (verify/domain_lines.hpp): # comments, blank lines skipped; a bad
  // line is recorded with its number.
  void read(std::string_view text, const std::string& source);
  [[nodiscard]] const std::deque<std::string>& names() const { return m_names; }
  [[nodiscard]] const Errors& bad_lines() const { return m_bad; }
  [[nodiscard]] std::size_t duplicates() const { return m_duplicates; }
  // Names read() accepted (in any shard, duplicates too): 0 means the file named no domain.
  [[nodiscard]] std::size_t read_names() const { return m_read; }

 private:
  Shard m_shard;
  std::deque<std::string> m_names;  // a deque: the views in m_seen stay valid as it grows
  std::unordered_set<std::string_view> m_seen;
  Errors m_bad;
  std::size_t m_duplicates = 0;
  std::size_t m_read = 0;
};

}  // namespace adplan::cli
