#pragma once
// A DNS host name that cannot hold an invalid value: LDH labels of 1..63 octets, at most
// 253 octets in all (RFC 1035 2.3.4, RFC 1123 2.1), lower case, IDNs in their ASCII form
// (IDNA 2008 via libidn2), no trailing dot.
#include <adplan/model/error.hpp>

#include <compare>
#include <string>
#include <string_view>

namespace adplan {

class HostName {
 public:
  // Parses user input. Accepts one trailing dot and Unicode labels (converted to A-labels).
  // `allow_single_label` admits NetBIOS-style names such as "cas01".
  // Errors have the code "input.host-name", no field, and the reason as message ("empty label").
  static Result<HostName> parse(std::string_view text, bool allow_single_label = false);
  // The same where one real host is expected (a server, a mail domain, a name server): a
  // wildcard ("*.contoso.com") is refused.
  static Result<HostName> parse_host(std::string_view text);

  [[nodiscard]] const std::string& str() const { return m_name; }
  [[nodiscard]] std::string fqdn() const { return m_name + "."; }  // absolute form for zone files
  // The Unicode form (A-labels decoded, RFC 5890 2.3.2.1): "почта.contoso.com" for
  // "xn--80a1acny.contoso.com"; the ASCII form when it has no A-label or one does not decode.
  [[nodiscard]] std::string unicode() const;
  [[nodiscard]] std::size_t label_count() const;
  [[nodiscard]] std::string_view first_label() const;
  [[nodiscard]] std::string_view parent() const;  // "contoso.com" for "mail.contoso.com"
  [[nodiscard]] bool is_wildcard() const { return m_name.starts_with("*."); }
  // True when this name equals `zone` or lies below it.
  [[nodiscard]] bool is_within(const HostName& zone) const;
  // Prefixes a label: HostName("contoso.com").child("autodiscover").
  [[nodiscard]] Result<HostName> child(std::string_view label) const;

  auto operator<=>(const HostName&) const = default;

 private:
  explicit HostName(std::string name) : m_name(std::move(name)) {}
  std::string m_name;
};

// Whether a name would be refused by a public CA as an "Internal Name" (CA/Browser Forum
// Baseline Requirements 1.6.1 and 7.1.2.7.12): a single label, or a name whose rightmost
// label is not a top-level domain in the ICANN section of the Public Suffix List
// (".local", ".corp", ".lan", ".internal", ...).
bool is_internal_name(std::string_view ascii_name);

// Whether `name` is itself a public suffix ("com", "co.uk"): a wildcard directly under one
// is forbidden (BR 3.2.2.6).
bool is_public_suffix(std::string_view ascii_name);

}  // namespace adplan
