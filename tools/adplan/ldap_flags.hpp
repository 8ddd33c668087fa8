#pragma once
// The LDAP flags scp and verify share that decide where the bind password may go:
// --starttls, --ldap-trust HOST (repeatable), --allow-cleartext-bind; checked before any
// connection (scp/ldap_policy.hpp has the rules).
#include "context.hpp"

#include <adplan/model/error.hpp>
#include <adplan/probe/ldap.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan::cli {

void add_ldap_security_flags(CLI::App& cmd, LdapOptions& lo);

// Checks --ldap (one URI with a host), the --ldap-trust hosts and a simple bind over cleartext
// (usage.cleartext-bind unless --allow-cleartext-bind), adding problems to `errors`. Returns
// the warning to print when a cleartext bind to a host not on loopback was allowed.
std::optional<Error> check_ldap_security(LdapOptions& lo, Errors& errors);

}  // namespace adplan::cli
