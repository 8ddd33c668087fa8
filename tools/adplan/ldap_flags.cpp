#include "ldap_flags.hpp"

#include <adplan/scp/ldap_policy.hpp>

namespace adplan::cli {

void add_ldap_security_flags(CLI::App& cmd, LdapOptions& lo) {
  cmd.add_flag("--starttls", lo.start_tls, "use StartTLS on ldap:// (pointed-to directories are asked the same way)");
  cmd.add_option("--ldap-trust", lo.trusted_hosts,
                 "a directory host a pointer SCP may name that gets the bind credentials (over TLS) although it is "
                 "not in the first directory's forest (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_flag("--allow-cleartext-bind", lo.allow_cleartext_bind,
               "allow a simple bind over cleartext ldap:// to a host that is not loopback (the password is sent "
               "unencrypted)");
}

std::optional<Error> check_ldap_security(LdapOptions& lo, Errors& errors) {
  return check_ldap_flags(lo.uri, lo.trusted_hosts, lo.start_tls, lo.bind_dn.has_value(), lo.allow_cleartext_bind,
                          errors);
}

}  // namespace adplan::cli
