#pragma once
// The domains of a run over many (verify --domains-file, --shard, --list-only; the exporter's
// allowed targets): the plan's domains and a file's, each once, only this shard's, names kept and
// nothing else. Pure: the caller reads the file (io::read_file, bounded) and hands the text here.
#include <adplan/model/error.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

namespace adplan::verify {

struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
};
// "I/N", 0 <= I < N <= 1000000 ("" the whole list, 0/1); the error (usage.shard) names --shard and shows the form.
Result<Shard> parse_shard(std::string_view text);
// FNV-1a, 64 bits: the same on every machine and in every release, so N processes split alike.
std::uint64_t fnv1a64(std::string_view text);

// What a walk of `name` (a domain, or an e-mail address) asks about: the SMTP domain and the
// address (k_walk_local_part@domain for a domain).
struct TenantWalk {
  std::string domain, email;
};
TenantWalk tenant_walk(std::string_view name);

// The domains of a run, in the order first seen, each once (a domain or an e-mail address, lower case).
class TenantList {
 public:
  explicit TenantList(Shard shard) : m_shard(shard) {}
  // One name (a plan's domain, or a line's); false when it is not a domain or e-mail address.
  bool add(std::string_view text, std::string* why = nullptr);
  // Lines of a file's text (verify/domain_lines.hpp): # comments, blank lines skipped; a bad
  // line is recorded with its number (input.domains-file, "SOURCE:N"), in line order.
  void read(std::string_view text, const std::string& source);
  [[nodiscard]] const std::deque<std::string>& names() const { return m_names; }
  [[nodiscard]] const Errors& bad_lines() const { return m_bad; }
  [[nodiscard]] std::size_t duplicates() const { return m_duplicates; }
  // Names read() accepted (in any shard, duplicates too): 0 means the file named no domain.
  [[nodiscard]] std::size_t read_names() const { return m_read; }
  // The SMTP domains of the names (an address counts by its domain), each once.
  [[nodiscard]] std::set<std::string, std::less<>> domains() const;

 private:
  Shard m_shard;
  std::deque<std::string> m_names;  // a deque: the views in m_seen stay valid as it grows
  std::unordered_set<std::string_view> m_seen;
  Errors m_bad;
  std::size_t m_duplicates = 0;
  std::size_t m_read = 0;
};

}  // namespace adplan::verify
