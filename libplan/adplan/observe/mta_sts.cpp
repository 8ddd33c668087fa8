#include <adplan/observe/mta_sts.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/model/text.hpp>

#include <algorithm>
#include <cctype>
#include <set>

namespace adplan::observe {
namespace {

bool is_wsp(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim_wsp(std::string_view v) {
  while (!v.empty() && is_wsp(v.front())) v.remove_prefix(1);
  while (!v.empty() && is_wsp(v.back())) v.remove_suffix(1);
  return v;
}

bool alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// sts-policy-ext-name = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
bool field_name(std::string_view n) {
  if (n.empty() || n.size() > 32 || !alnum(n.front())) return false;
  return std::ranges::all_of(n, [](char c) { return alnum(c) || c == '_' || c == '-' || c == '.'; });
}

// sts-policy-vchar = %x21-7E: printable ASCII, spaces only inside.
bool field_value(std::string_view v) {
  return !v.empty() && std::ranges::all_of(v, [](char c) { return c >= 0x20 && c <= 0x7e; });
}

// sts-policy-mx-value: a domain name, or "*." and one (RFC 8461 3.2; labels as RFC 5321's Domain).
bool mx_value(std::string_view v) {
  if (v.starts_with("*.")) v.remove_prefix(2);
  if (v.ends_with('.')) v.remove_suffix(1);
  if (v.empty() || v.size() > 253) return false;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = v.find('.', start);
    std::string_view label = v.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::ranges::all_of(label, [](char c) { return alnum(c) || c == '-'; })) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string lower_name(std::string_view v) {
  while (v.ends_with('.')) v.remove_suffix(1);
  return ascii_lower(std::string(v));
}

}  // namespace

MtaStsParse parse_mta_sts_policy(std::string_view text) {
  MtaStsParse out;
  MtaStsPolicy p;
  std::set<std::string> seen;
  bool version = false, mode = false, max_age = false;
  if (text.size() > 65536) out.problems.push_back("the policy is larger than 64 KiB");
  std::size_t line_no = 0;
  std::size_t at = 0;
  while (at < text.size() && out.problems.size() < 20) {
    std::size_t nl = text.find('\n', at);
    std::string_view line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    at = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (line.ends_with('\r')) line.remove_suffix(1);  // sts-policy-term-delim = CRLF / LF
    const std::string where = "line " + std::to_string(line_no) + ": ";
    if (trim_wsp(line).empty()) {
      if (at < text.size()) out.problems.push_back(where + "an empty line");
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      out.problems.push_back(where + "\"" + shown(line, 80) + "\" is not \"name: value\"");
      continue;
    }
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim_wsp(line.substr(colon + 1));
    if (!field_name(name)) {
      out.problems.push_back(where + "\"" + shown(name, 40) + "\" is not a field name");
      continue;
    }
    if (!field_value(value)) {
      out.problems.push_back(where + "the value of \"" + std::string(name) + "\" is empty or not printable ASCII");
      continue;
    }
    const std::string n(name);
    // Field names are case-sensitive (%s in RFC 8461 3.2); a repeated field counts once, the first.
    bool first = seen.insert(n).second;
    if (n == "version") {
      if (!first) continue;
      version = true;
      if (value != "STSv1") out.problems.push_back(where + "version is \"" + shown(value, 40) + "\", not STSv1");
    } else if (n == "mode") {
      if (!first) continue;
      mode = true;
      if (value != "enforce" && value != "testing" && value != "none")
        out.problems.push_back(where + "mode is \"" + shown(value, 40) + "\", not enforce, testing or none");
      else
        p.mode = value;
    } else if (n == "max_age") {
      if (!first) continue;
      max_age = true;
      // sts-policy-max-age-value = 1*10(DIGIT), at most 31557600
      bool digits = !value.empty() && value.size() <= 10 &&
                    std::ranges::all_of(value, [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) {
        out.problems.push_back(where + "max_age \"" + shown(value, 40) + "\" is not 1 to 10 digits");
      } else {
        p.max_age = std::stoll(std::string(value));
        if (p.max_age > k_mta_sts_max_age_limit)
          out.problems.push_back(where + "max_age " + std::string(value) + " is more than 31557600 (one year)");
      }
    } else if (n == "mx") {
      if (!mx_value(value))
        out.problems.push_back(where + "mx \"" + shown(value, 80) + "\" is not a host name or \"*.\" and one");
      else if (p.mx.size() < 64)
        p.mx.push_back(lower_name(value));
    }
  }
  if (!version) out.problems.push_back("no version field");
  if (!mode) out.problems.push_back("no mode field");
  if (!max_age) out.problems.push_back("no max_age field");
  // RFC 8461 3.2: "mx" patterns are required unless the mode is none.
  if (mode && p.mode != "none" && p.mx.empty() && !p.mode.empty()) out.problems.push_back("no mx field");
  if (out.problems.empty()) out.policy = std::move(p);
  return out;
}

MtaStsTxt parse_mta_sts_txt(std::string_view record) {
  MtaStsTxt out;
  // sts-text-record = sts-version 1*(*WSP %x3B *WSP sts-field) [%x3B]; sts-version = %s"v=STSv1"
  if (!record.starts_with("v=STSv1")) {
    out.problem = "does not start with v=STSv1";
    return out;
  }
  std::string_view rest = record.substr(7);
  bool id_seen = false;
  while (!rest.empty()) {
    rest = trim_wsp(rest);
    if (rest.empty()) break;
    if (rest.front() != ';') {
      out.problem = "fields must be separated by \";\"";
      return out;
    }
    rest.remove_prefix(1);
    rest = trim_wsp(rest);
    if (rest.empty()) break;
    std::string_view field = rest.substr(0, rest.find(';'));
    rest.remove_prefix(field.size());
    field = trim_wsp(field);
    auto eq = field.find('=');
    if (eq == std::string_view::npos) {
      out.problem = "\"" + shown(field, 40) + "\" is not name=value";
      return out;
    }
    std::string_view name = field.substr(0, eq), value = field.substr(eq + 1);
    if (name == "id" && !id_seen) {
      id_seen = true;
      // sts-id-value = 1*32(ALPHA / DIGIT)
      if (value.empty() || value.size() > 32 || !std::ranges::all_of(value, alnum)) {
        out.problem = "id \"" + shown(value, 40) + "\" is not 1 to 32 letters and digits";
        return out;
      }
      out.id = value;
    }
  }
  if (!id_seen) out.problem = "no id field";
  return out;
}

MtaStsTxt pick_mta_sts_txt(const std::vector<std::string>& records) {
  std::vector<const std::string*> sts;
  for (const auto& r : records) {
    if (r.starts_with("v=STSv1")) sts.push_back(&r);
  }
  if (sts.empty()) return {"", "no TXT record starting with v=STSv1"};
  // RFC 8461 3.1: more than one such record, and senders act as if there were none.
  if (sts.size() > 1) return {"", std::to_string(sts.size()) + " TXT records start with v=STSv1; senders ignore all"};
  return parse_mta_sts_txt(*sts.front());
}

bool mx_pattern_matches(std::string_view pattern, std::string_view host) {
  const std::string p = lower_name(pattern);
  const std::string h = lower_name(host);
  if (p.empty() || h.empty()) return false;
  if (!p.starts_with("*.")) return p == h;
  const std::string_view rest = std::string_view(p).substr(1);  // ".contoso.com"
  if (!h.ends_with(rest)) return false;
  std::string_view label = std::string_view(h).substr(0, h.size() - rest.size());
  return !label.empty() && label.find('.') == std::string_view::npos;  // exactly one label
}

}  // namespace adplan::observe
