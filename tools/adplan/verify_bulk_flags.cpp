#include "verify_bulk_flags.hpp"

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/email.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/verify/domain_lines.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>

namespace adplan::cli {
namespace {

// The line number of a bad line's "SOURCE:N".
std::size_t line_of(const Error& e) {
  auto colon = e.field.rfind(':');
  std::size_t n = 0;
  if (colon != std::string::npos) std::from_chars(e.field.data() + colon + 1, e.field.data() + e.field.size(), n);
  return n;
}

}  // namespace

void add_bulk_flags(CLI::App& cmd, BulkFlags& f) {
  cmd.add_option("--domains-file", f.domains_file,
                 "hosters: FILE of tenant domains (or e-mail addresses), one a line, # comments, - for stdin; each "
                 "judged as a tenant of the plan's primary domain, beside the plan's domains");
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

Result<Shard> parse_shard(std::string_view text) {
  Shard s;
  auto slash = text.find('/');
  auto number = [](std::string_view t, std::uint64_t& v) {
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return ec == std::errc{} && end == t.data() + t.size() && !t.empty();
  };
  if (slash == std::string_view::npos || !number(text.substr(0, slash), s.index) ||
      !number(text.substr(slash + 1), s.count) || s.count == 0 || s.index >= s.count || s.count > 1000000) {
    return std::unexpected(Error{"usage.shard", "--shard",
                                 "\"" + std::string(text) + "\" is not I/N with 0 <= I < N (N at most 1000000)",
                                 "for example --shard 0/4 ... --shard 3/4, or --shard \"$JOB_COMPLETION_INDEX/4\""});
  }
  return s;
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;  // FNV offset basis
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;  // FNV prime
  }
  return h;
}

bool TenantList::add(std::string_view text, std::string* why) {
  std::string name;
  if (text.find('@') != std::string_view::npos) {
    auto e = EmailAddress::parse(text);
    if (!e) {
      if (why) *why = "\"" + std::string(text) + "\" " + e.error().message;
      return false;
    }
    name = e->str();
  } else {
    auto h = HostName::parse(text);
    if (!h) {
      if (why) *why = "\"" + std::string(text) + "\" is not a domain or e-mail address (" + h.error().message + ")";
      return false;
    }
    name = h->str();
  }
  // The shard goes by the domain, so a tenant's addresses all land in one shard.
  auto at = name.find('@');
  std::string_view domain = at == std::string::npos ? std::string_view(name) : std::string_view(name).substr(at + 1);
  if (fnv1a64(domain) % m_shard.count != m_shard.index) return true;
  if (m_seen.contains(name)) {
    ++m_duplicates;
    return true;
  }
  m_names.push_back(std::move(name));
  m_seen.insert(m_names.back());
  return true;
}

void TenantList::read(std::string_view text, const std::string& source) {
  auto split = verify::split_domain_lines(text, source);
  for (auto& e : split.bad) m_bad.push_back(std::move(e));
  for (const auto& line : split.lines) {
    std::string why;
    if (add(line.text, &why)) {
      ++m_read;
      continue;
    }
    m_bad.push_back(Error{"input.domains-file", source + ":" + std::to_string(line.number), why,
                          "one domain or e-mail address a line; # starts a comment"});
  }
  std::ranges::stable_sort(m_bad, [](const Error& a, const Error& b) { return line_of(a) < line_of(b); });
}

Result<std::string> read_domains_file(const std::string& path, double stdin_seconds) {
  const auto wait = std::chrono::milliseconds(static_cast<long>(std::clamp(stdin_seconds, 1.0, 600.0) * 1000));
  auto text = read_file(path, verify::k_max_domains_file, wait);
  if (text) return text;
  Error e = text.error();
  e.message = (path == "-" ? std::string("standard input ") : "\"" + path + "\" ") + e.message;
  e.field = "--domains-file";
  if (e.code == "io.too-large")
    e.hint = "split the list (--shard I/N splits one list between runs) or give one of at most " +
             std::to_string(verify::k_max_domains_file / (1024 * 1024)) + " MiB";
  else if (e.code == "io.timeout")
    e.hint = "give a regular file, or make the pipe end within --timeout (the time to read - follows it)";
  else
    e.hint = "give a regular file of domains, one a line, or - for standard input";
  e.code = "usage.domains-file";
  return std::unexpected(e);
}

}  // namespace adplan::cli
