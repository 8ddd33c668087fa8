#pragma once
// What the directory's SCPs say about a deployment, before any URL is probed: a directory that
// cannot be read, missing SCPs, URLs the plan does not know, no SCP for the client's site. (Reachability and
// certificate names of the SCP URLs are judged by verify, which probes them.)
#include <adplan/model/finding.hpp>
#include <adplan/observe/directory.hpp>
#include <adplan/observe/observations.hpp>
#include <adplan/scp/ldap_policy.hpp>
#include <adplan/scp/scp.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace adplan {

struct Plan;

struct DirectoryView {
  std::string directory;                    // the LDAP URI asked first
  std::size_t objects = 0;                  // SCP objects read, every directory
  std::vector<RankedUrl> ranked;            // the client's order
  std::string client_site;                  // empty when not given
  std::vector<Error> errors;                // directories that could not be read (ldap.timeout, ldap.error, ...)
  std::vector<UntrustedPointer> untrusted;  // pointers asked without the credentials, or refused
  bool cleartext_bind = false;              // the bind went over cleartext (--allow-cleartext-bind)
};

// The look-up of `directory` as the judge views it.
DirectoryView directory_view(const observe::ScpLookup& lookup, std::string_view directory,
                             std::string_view client_site);

// An SCP URL the plan does not have is judged by the one rule of issue 22 (verify/internal/
// url_drift.hpp) on what `observed` saw at it: scp.url-drift (a warning) where domain-joined
// Outlook is served there, scp.url-mismatch (an error) where it would fail or where nothing
// requested it (`observed` nullptr: adplan scp reads the directory only). `now`: seconds since the
// epoch, for the certificate's dates.
std::vector<Finding> judge_directory(const DirectoryView& view, const Plan* plan,
                                     const observe::Observations* observed = nullptr, std::int64_t now = 0);

}  // namespace adplan
