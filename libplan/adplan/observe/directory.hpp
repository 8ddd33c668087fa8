#pragma once
// What an SCP look-up in Active Directory returned, as plain data (probe/ldap.hpp fills it;
// verify and `adplan scp` read it), and the look-up as verify's observation.
#include <adplan/model/error.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/scp/ldap_policy.hpp>
#include <adplan/scp/scp.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace adplan::observe {

// One directory's answer.
struct DirectoryAnswer {
  std::string uri;
  std::string configuration_nc;
  std::vector<ScpObject> objects;
  long ms = 0;
};

struct ScpLookup {
  std::vector<DirectoryAnswer> answers;     // every directory asked, in order
  std::vector<std::string> trace;           // "followed pointer Domain=fabrikam.com to ldap://dc2/"
  std::vector<RankedUrl> urls;              // the final ranked list
  std::vector<Error> errors;                // directories that did not answer
  std::vector<UntrustedPointer> untrusted;  // pointers asked without the credentials, or refused
  bool cleartext_bind = false;              // the first bind went over cleartext to a host not on loopback

  // SCP objects read, every directory.
  [[nodiscard]] std::size_t objects() const;
};

// The look-up of `directory` for a client in `client_site`, as verify observes it: a URL that is
// not https is an error of the look-up (Outlook only posts to https), not a URL to probe.
ScpObservation to_observation(const ScpLookup& lookup, std::string_view directory, std::string_view client_site,
                              int ms);

// Hosts of the observation's URLs, each once, in order: the probes POST to them.
std::vector<std::string> scp_hosts(const ScpObservation& scp);

}  // namespace adplan::observe
