#pragma once
// The SCP look-up against a real directory with the OpenLDAP client library: RootDSE
// configurationNamingContext, Outlook's filter, pointer SCPs followed at most once per
// target. Every call is bounded in time and in size.
#include <adplan/model/error.hpp>
#include <adplan/observe/directory.hpp>
#include <adplan/scp/scp.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace adplan {

struct LdapOptions {
  std::string uri;                     // ldap://host:port/ or ldaps://host/
  std::optional<std::string> bind_dn;  // simple bind; anonymous without
  std::optional<std::string> password;
  std::optional<std::string> ca_file;  // trust for ldaps:// and StartTLS
  bool start_tls = false;
  std::chrono::milliseconds timeout{5000};  // per operation, and for the connection
  // Where the bind credentials may go (scp/ldap_policy.hpp): pointed-to directories get them only
  // over TLS, in the first directory's forest or listed here (--ldap-trust).
  std::vector<std::string> trusted_hosts;
  bool allow_cleartext_bind = false;  // a simple bind over cleartext to a host not on loopback
  int size_limit = 500;               // entries per search
  long max_pdu_bytes = 1 << 20;       // largest LDAP message accepted
};

// The plain result types live in observe/ (verify and `adplan scp` read them).
using observe::DirectoryAnswer;
using observe::ScpLookup;

// Reads RootDSE and searches the configuration naming context.
Result<DirectoryAnswer> read_scps(const LdapOptions& options);

// The whole look-up as Outlook does it for `email_domain` in `client_site`. Pointer SCPs are
// followed with the first directory's transport security and the credentials only where
// decide_pointer() allows; a cleartext bind check_cleartext_bind() refuses is an error before
// any connection.
ScpLookup lookup_scps(const LdapOptions& options, std::string_view email_domain, std::string_view client_site);

// The look-up as verify observes it (observe::to_observation), timed.
observe::ScpObservation observe_scps(const LdapOptions& options, std::string_view email_domain,
                                     std::string_view client_site);

}  // namespace adplan
