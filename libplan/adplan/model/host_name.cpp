#include <adplan/model/host_name.hpp>

#include <adplan/model/registrable_domain.hpp>
#include <adplan/model/text.hpp>

#include <idn2.h>
#include <libpsl.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace adplan {
namespace {

bool is_ldh(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool is_ascii(std::string_view s) {
  return std::ranges::all_of(s, [](unsigned char c) { return c < 0x80; });
}

Result<std::string> to_ascii(std::string_view text) {
  if (is_ascii(text)) return ascii_lower(text);
  std::string input(text);
  char* out = nullptr;
  // IDNA 2008 with UTS#46 non-transitional mapping (the browsers' behaviour: "ß" stays).
  int rc = idn2_to_ascii_8z(input.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
  std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
  if (rc != IDN2_OK) {
    return std::unexpected(Error{
        "input.host-name", {}, std::string("not a valid internationalised name (") + idn2_strerror(rc) + ")", {}});
  }
  return ascii_lower(owned.get());
}

std::string check_label(std::string_view label, bool wildcard_ok) {
  if (label.empty()) return "empty label";
  if (label.size() > 63) {
    return "label \"" + std::string(label.substr(0, 20)) + "...\" is longer than 63 octets";
  }
  if (label == "*" && wildcard_ok) return {};
  for (char c : label) {
    if (!is_ldh(c)) {
      if (c == ' ') return "contains a space";
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "contains a control character";
      return std::string("character '") + c + "' is not allowed (letters, digits, hyphen)";
    }
  }
  if (label.front() == '-' || label.back() == '-') {
    return "label \"" + std::string(label) + "\" starts or ends with a hyphen";
  }
  if (label.size() >= 4 && label.substr(2, 2) == "--" && !label.starts_with("xn--")) {
    return "label \"" + std::string(label) + "\" has hyphens in positions 3 and 4";
  }
  return {};
}

}  // namespace

Result<HostName> HostName::parse(std::string_view text, bool allow_single_label) {
  auto fail = [](std::string why) { return std::unexpected(Error{"input.host-name", {}, std::move(why), {}}); };
  if (text.empty()) return fail("is empty");
  if (text.size() > 1024) return fail("is far too long for a host name");
  // libidn2 takes C strings: a NUL would silently cut the name ("mail.evil.com\0.contoso.com").
  if (text.find('\0') != std::string_view::npos) return fail("contains a NUL character");
  if (text.ends_with('.')) text.remove_suffix(1);
  if (text.empty()) return fail("empty label");
  auto ascii = to_ascii(text);
  if (!ascii) return std::unexpected(ascii.error());
  const std::string& name = *ascii;
  if (name.size() > 253) return fail("is longer than 253 octets");
  std::size_t labels = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    std::string_view label =
        std::string_view(name).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    // A wildcard is allowed only as the whole leftmost label.
    std::string problem = check_label(label, labels == 0);
    if (!problem.empty()) return fail(problem);
    ++labels;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (labels == 1 && !allow_single_label) {
    return fail("is a single label, not a fully qualified name");
  }
  if (name == "*" || (name.starts_with("*.") && labels < 3)) {
    return fail("wildcard must stand over at least two labels");
  }
  // The rightmost label of a real name is never all digits (RFC 3696 2): catches IPs typed here.
  std::string_view tld = std::string_view(name).substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
  if (labels > 1 && std::ranges::all_of(tld, [](char c) { return c >= '0' && c <= '9'; })) {
    return fail("looks like an IP address, not a host name");
  }
  return HostName(name);
}

Result<HostName> HostName::parse_host(std::string_view text) {
  auto h = parse(text);
  if (h && h->is_wildcard()) {
    return std::unexpected(Error{"input.host-name", {}, "is a wildcard; a real host name belongs here", {}});
  }
  return h;
}

std::string HostName::unicode() const {
  if (m_name.find("xn--") == std::string::npos) return m_name;
  char* out = nullptr;
  int rc = idn2_to_unicode_8z8z(m_name.c_str(), &out, 0);
  std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
  if (rc != IDN2_OK || out == nullptr) return m_name;
  return owned.get();
}

std::size_t HostName::label_count() const {
  return static_cast<std::size_t>(std::ranges::count(m_name, '.')) + 1;
}

std::string_view HostName::first_label() const {
  return std::string_view(m_name).substr(0, m_name.find('.'));
}

std::string_view HostName::parent() const {
  auto dot = m_name.find('.');
  return dot == std::string::npos ? std::string_view{} : std::string_view(m_name).substr(dot + 1);
}

bool HostName::is_within(const HostName& zone) const {
  if (m_name == zone.m_name) return true;
  return m_name.size() > zone.m_name.size() && m_name.ends_with(zone.m_name) &&
         m_name[m_name.size() - zone.m_name.size() - 1] == '.';
}

Result<HostName> HostName::child(std::string_view label) const {
  return parse(std::string(label) + "." + m_name);
}

bool is_internal_name(std::string_view ascii_name) {
  auto dot = ascii_name.rfind('.');
  if (dot == std::string_view::npos) return true;  // single label (NetBIOS style)
  std::string tld(ascii_name.substr(dot + 1));
  // PSL without its implicit "*" rule: an unknown TLD is not public.
  return psl_is_public_suffix2(psl_builtin(), tld.c_str(), PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE) == 0;
}

bool is_public_suffix(std::string_view ascii_name) {
  std::string name(ascii_name);
  return psl_is_public_suffix2(psl_builtin(), name.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

std::optional<std::string> registrable_domain(std::string_view ascii_name) {
  std::string name(ascii_name);
  if (name.ends_with('.')) name.pop_back();
  if (name.empty() || is_public_suffix(name)) return std::nullopt;
  const char* r = psl_registrable_domain(psl_builtin(), name.c_str());
  if (r == nullptr) return std::nullopt;
  return std::string(r);
}

}  // namespace adplan
