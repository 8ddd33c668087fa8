#pragma once
// The SCP look-up against a real directory with the OpenLDAP client library: RootDSE
// configurationNamingContext, Outlook's filter, pointer SCPs followed at most once per
// target. Every call is bounded in time and in size.
#include <adplan/scp/scp.hpp>
#include <adplan/model/error.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace adplan {

struct LdapOptions {
  std::string uri;                          // ldap://host:port/ or ldaps://host/
  std::optional<std::string> bind_dn;       // simple bind; anonymous without
  std::optional<std::string> password;
  std::optional<std::string> ca_file;       // trust for ldaps:// and StartTLS
  bool start_tls = false;
  std::chrono::milliseconds timeout{5000};  // per operation, and for the connection
  int size_limit = 500;                     // entries per search
  long max_pdu_bytes = 1 << 20;             // largest LDAP message accepted
};

// One directory's answer.
struct DirectoryAnswer {
  std::string uri;
  std::string configuration_nc;
  std::vector<ScpObject> objects;
  long ms = 0;
};

// Reads RootDSE and searches the configuration naming context.
Result<DirectoryAnswer> read_scps(const LdapOptions& options);

struct ScpLookup {
  std::vector<DirectoryAnswer> answers;     // every directory asked, in order
  std::vector<std::string> trace;           // "followed pointer Domain=fabrikam.com to ldap://dc2/"
  std::vector<RankedUrl> urls;              // the final ranked list
  std::vector<Error> errors;                // directories that did not answer
};

// The whole look-up as Outlook does it for `email_domain` in `client_site`.
ScpLookup lookup_scps(const LdapOptions& options, std::string_view email_domain, std::string_view client_site);

}  // namespace adplan
