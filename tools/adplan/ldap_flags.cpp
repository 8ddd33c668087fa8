#include "ldap_flags.hpp"

#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/model/text.hpp>
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
  for (auto& host : lo.trusted_hosts) {
    std::string h = ascii_lower(host);
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (IpAddress::parse(h)) {
      host = IpAddress::parse(h)->str();
    } else if (auto name = HostName::parse(h, true)) {
      host = name->str();
    } else {
      std::string shown = host.substr(0, 80);
      errors.push_back(Error{"usage.ldap-trust", "--ldap-trust", "\"" + shown + "\" is not a host name or IP address",
                             "the host as the pointer SCP names it: --ldap-trust dc1.fabrikam.com"});
    }
  }
  auto uri = parse_ldap_uri(lo.uri);
  if (!uri) {
    Error e = uri.error();
    e.code = "usage.ldap";
    e.field = "--ldap";
    errors.push_back(std::move(e));
    return std::nullopt;
  }
  auto cleartext = check_cleartext_bind(*uri, lo.start_tls, lo.bind_dn.has_value(), lo.allow_cleartext_bind);
  if (!cleartext) {
    errors.push_back(cleartext.error());
    return std::nullopt;
  }
  if (!*cleartext) return std::nullopt;
  return Error{
      "warning.cleartext-bind", "--allow-cleartext-bind",
      "the bind DN and password go unencrypted to " + uri->host + " (simple bind over ldap:// without StartTLS)",
      "use ldaps:// or --starttls with --ca-file"};
}

}  // namespace adplan::cli
