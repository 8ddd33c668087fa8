#pragma once
// Where the LDAP bind credentials may go, decided before any connection. Pure: URIs and flags
// in, decisions out; probe/ldap.cpp applies them.
//
// - The first directory: a simple bind sends the password as it is (RFC 4513 5.1.2, "simple
//   authentication ... without confidentiality protection" is discouraged; 6.3.1: clients
//   should refuse it without TLS), so over cleartext ldap:// to anything but loopback it needs
//   --allow-cleartext-bind.
// - A pointer SCP (MS-OXDISCO 3.1.5.1) is data any writer of the configuration naming context
//   controls: the directory it names is asked with the first directory's transport security
//   (LDAPS, or StartTLS, with the same CA), never less, and gets the bind DN and password
//   only over TLS and only when its host is in the first directory's forest or listed with
//   --ldap-trust. Otherwise it is asked anonymously.
#include <adplan/model/error.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// One ldap:// or ldaps:// URI as the OpenLDAP client takes it, reduced to what it connects to.
struct LdapUri {
  bool ldaps = false;
  std::string host;  // lower case, no trailing dot, IPv6 without brackets
  std::optional<int> port;

  [[nodiscard]] bool is_ip() const;
  // "ldaps://dc1.contoso.com:3269/", "ldap://[::1]/".
  [[nodiscard]] std::string str() const;
};

// One URI with a host (no list, no user info, no spaces). Errors: code "input.ldap-uri".
Result<LdapUri> parse_ldap_uri(std::string_view text);

// 127.0.0.0/8, ::1 or "localhost": the bind password does not leave the machine.
bool is_loopback_host(std::string_view host);

enum class LdapTransport { Cleartext, StartTls, Ldaps };
std::string_view to_string(LdapTransport t);
LdapTransport transport_of(const LdapUri& uri, bool start_tls);

// The first directory's bind, before any connection: an Error (code "usage.cleartext-bind",
// field "--bind-dn") for a simple bind over cleartext to a host that is not loopback without
// `allow_cleartext_bind`; true when such a bind is allowed by the flag (warn and record it);
// false otherwise.
Result<bool> check_cleartext_bind(const LdapUri& uri, bool start_tls, bool binds, bool allow_cleartext_bind);

// The checks of scp's and verify's LDAP flags before any connection, every problem added to
// `errors`: --ldap (one URI with a host), --ldap-trust's hosts (rewritten canonical: an IP as it
// is written, a name lower case) and a cleartext simple bind (usage.cleartext-bind unless
// --allow-cleartext-bind). Returns the warning to print when a cleartext bind to a host not on
// loopback was allowed.
std::optional<Error> check_ldap_flags(std::string_view uri, std::vector<std::string>& trusted_hosts, bool start_tls,
                                      bool binds, bool allow_cleartext_bind, Errors& errors);

// The DNS suffix that stands for the first directory's forest: the parent domain of its host
// ("contoso.com" for dc1.contoso.com), when that has two labels or more and is not a public
// suffix. None for an IP address, a single label or a host right under a public suffix.
std::optional<std::string> forest_suffix(std::string_view first_host);

// Whether `host` is in the forest of `first_host`: its parent domain equals the first host's
// parent domain or lies under it (dc2.emea.contoso.com is in dc1.contoso.com's forest).
bool same_forest(std::string_view first_host, std::string_view host);

struct FirstDirectory {
  LdapUri uri;
  LdapTransport transport = LdapTransport::Cleartext;
  bool credentials = false;          // a bind DN (and password) was given
  std::vector<std::string> trusted;  // --ldap-trust hosts
};

enum class PointerAccess { Bind, Anonymous, Refuse };
std::string_view to_string(PointerAccess a);

struct PointerDecision {
  PointerAccess access = PointerAccess::Refuse;
  std::string host;
  std::string uri;         // what to connect to: the pointer's host and port, the first's transport
  bool start_tls = false;  // with StartTLS on `uri`
  LdapTransport transport = LdapTransport::Cleartext;
  std::string reason;  // why the credentials are withheld or the pointer is refused; "" otherwise
};

// How to follow the pointer SCP whose serviceBindingInformation is `pointer` ("LDAP://dc2").
PointerDecision decide_pointer(const FirstDirectory& first, std::string_view pointer);

// A pointer whose directory did not get the credentials (or was not asked): for the report.
struct UntrustedPointer {
  std::string host;
  std::string uri;
  std::string reason;
  bool followed = true;  // asked anonymously; false: refused
};

}  // namespace adplan
