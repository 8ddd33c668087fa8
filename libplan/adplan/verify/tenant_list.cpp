#include <adplan/verify/tenant_list.hpp>

#include <adplan/model/email.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/verify/domain_lines.hpp>
#include <adplan/verify/walk.hpp>

#include <algorithm>
#include <charconv>

namespace adplan::verify {
namespace {

// The line number of a bad line's "SOURCE:N".
std::size_t line_of(const Error& e) {
  auto colon = e.field.rfind(':');
  std::size_t n = 0;
  if (colon != std::string::npos) std::from_chars(e.field.data() + colon + 1, e.field.data() + e.field.size(), n);
  return n;
}

std::string_view domain_of(std::string_view name) {
  auto at = name.find('@');
  return at == std::string_view::npos ? name : name.substr(at + 1);
}

}  // namespace

Result<Shard> parse_shard(std::string_view text) {
  Shard s;
  if (text.empty()) return s;  // no --shard: the whole list
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

TenantWalk tenant_walk(std::string_view name) {
  if (name.find('@') != std::string_view::npos) return {std::string(domain_of(name)), std::string(name)};
  return {std::string(name), std::string(k_walk_local_part) + "@" + std::string(name)};
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
  if (fnv1a64(domain_of(name)) % m_shard.count != m_shard.index) return true;
  if (m_seen.contains(name)) {
    ++m_duplicates;
    return true;
  }
  m_names.push_back(std::move(name));
  m_seen.insert(m_names.back());
  return true;
}

void TenantList::read(std::string_view text, const std::string& source) {
  auto split = split_domain_lines(text, source);
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

std::set<std::string, std::less<>> TenantList::domains() const {
  std::set<std::string, std::less<>> out;
  for (const auto& n : m_names) out.emplace(domain_of(n));
  return out;
}

}  // namespace adplan::verify
