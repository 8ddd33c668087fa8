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
  int size_limit = 500;                     // entries per search
  long max_pdu_bytes = 1 << 20;             // largest LDAP message accepted
};

// The plain result types live in observe/ (verify and `adplan scp` read them).
using observe::DirectoryAnswer;
using observe::ScpLookup;

// Reads RootDSE and searches the configuration naming context.
Result<DirectoryAnswer> read_scps(const LdapOptions& options);

// The whole look-up as Outlook does it for `email_domain` in `client_site`.
ScpLookup lookup_scps(const LdapOptions& options, std::string_view email_domain, std::string_view client_site);

// The look-up as verify observes it (observe::to_observation), timed.
observe::ScpObservation observe_scps(const LdapOptions& options, std::string_view email_domain,
                                     std::string_view client_site);

}  // namespace adplan
