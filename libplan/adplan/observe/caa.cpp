#include <adplan/observe/caa.hpp>

#include <adplan/model/text.hpp>

#include <algorithm>
#include <optional>

namespace adplan::observe {
namespace {

bool alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// RFC 8659 4.2: issue-value = *WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]];
// the issuer domain name is LDH labels joined by dots. nullopt: the value does not parse.
std::optional<std::string> issuer_of(std::string_view value) {
  std::string name = trim(value.substr(0, value.find(';')));
  for (std::size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool dot = c == '.', hyphen = c == '-';
    if (!alnum(c) && !dot && !hyphen) return std::nullopt;
    if (dot && (i == 0 || i + 1 == name.size() || name[i + 1] == '.')) return std::nullopt;
  }
  return ascii_lower(name);
}

}  // namespace

std::string CaaRecord::str() const {
  std::string v;
  for (char c : value) v += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return std::to_string(flags) + " " + tag + " \"" + v + "\"";
}

Result<CaaRecord> parse_caa_rdata(std::span<const unsigned char> rdata) {
  auto bad = [](std::string why) { return std::unexpected(Error{"dns.caa-malformed", "", std::move(why), {}}); };
  // RFC 8659 4.1: Flags (1 octet), Tag Length (1 octet), Tag, Value (the rest).
  if (rdata.size() < 2) return bad("CAA RDATA of " + std::to_string(rdata.size()) + " octets (at least 3)");
  const std::size_t tag_length = rdata[1];
  // 4.1.1: the tag length is at least 1 and MUST NOT exceed 15.
  if (tag_length < 1 || tag_length > 15) return bad("CAA tag length " + std::to_string(tag_length) + " (1 to 15)");
  if (rdata.size() < 2 + tag_length) return bad("CAA tag runs past the end of the record");
  CaaRecord r;
  r.flags = rdata[0];
  for (std::size_t i = 0; i < tag_length; ++i) {
    unsigned char c = rdata[2 + i];
    if (!alnum(c)) return bad("CAA tag holds a character other than a letter or digit");
    r.tag += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  r.value.assign(rdata.begin() + static_cast<std::ptrdiff_t>(2 + tag_length), rdata.end());
  return r;
}

std::vector<std::string> caa_search_names(std::string_view name) {
  std::string n = ascii_lower(name);
  while (!n.empty() && n.back() == '.') n.pop_back();
  std::vector<std::string> out;
  // RFC 8659 3: climb from X up to but not including the root; at most 127 labels.
  for (std::string_view rest = n; !rest.empty() && out.size() < 127;) {
    out.emplace_back(rest);
    auto dot = rest.find('.');
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return out;
}

CaaLookup relevant_caa(std::string_view name, const std::function<CaaAnswer(const std::string&)>& query) {
  CaaLookup out;
  auto names = caa_search_names(name);
  out.name = names.empty() ? std::string() : names.front();
  for (const auto& x : names) {
    CaaAnswer a = query(x);
    if (a.status == DnsStatus::Ok && !a.records.empty()) {
      out.relevant = x;
      out.alias = a.alias;
      out.records = std::move(a.records);
      return out;
    }
    // NoData and NxDomain: nothing here, climb. Anything else: the set cannot be determined.
    if (a.status != DnsStatus::Ok && a.status != DnsStatus::NoData && a.status != DnsStatus::NxDomain) {
      out.status = a.status;
      out.failed_at = x;
      return out;
    }
  }
  return out;
}

CaaLookup relevant_caa(std::string_view name, const std::map<std::string, CaaAnswer>& answers) {
  return relevant_caa(name, [&](const std::string& x) {
    auto it = answers.find(x);
    return it == answers.end() ? CaaAnswer{DnsStatus::Timeout, {}, {}, 0} : it->second;
  });
}

CaaVerdict caa_permits(const std::vector<CaaRecord>& relevant, std::string_view issuer, bool wildcard) {
  const std::string want = ascii_lower(issuer);
  for (const auto& r : relevant) {
    // RFC 8659 4.1.1: a critical property the CA does not understand forbids issuance.
    if (r.critical() && r.tag != "issue" && r.tag != "issuewild" && r.tag != "iodef") {
      return {false, "the critical property " + r.str() + " is one no CA is known to process (RFC 8659 4.1.1)"};
    }
  }
  // RFC 8659 4.3: for a wildcard, issuewild properties take precedence over issue when present.
  const bool use_wild =
      wildcard && std::ranges::any_of(relevant, [](const CaaRecord& r) { return r.tag == "issuewild"; });
  const std::string tag = use_wild ? "issuewild" : "issue";
  std::vector<const CaaRecord*> props;
  for (const auto& r : relevant) {
    if (r.tag == tag) props.push_back(&r);
  }
  // RFC 8659 4.2: with no issue property in the set, the set does not restrict issuance.
  if (props.empty()) return {true, "the CAA set has no " + tag + " property, so it does not restrict issuance"};
  std::string seen;
  for (const auto* r : props) {
    auto name = issuer_of(r->value);
    if (name && !name->empty() && *name == want) return {true, "permitted by " + r->str()};
    seen += (seen.empty() ? "" : ", ") + r->str();
  }
  return {false, "no " + tag + " property names " + want + " (the set has " + seen + ")"};
}

}  // namespace adplan::observe
