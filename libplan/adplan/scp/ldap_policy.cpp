#include <adplan/scp/ldap_policy.hpp>

#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/model/text.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace adplan {
namespace {

Error uri_error(std::string_view text, std::string message) {
  std::string shown(text.substr(0, 80));
  if (text.size() > 80) shown += "...";
  return {"input.ldap-uri", "", "\"" + shown + "\" " + std::move(message),
          "one URI with a host: ldap://dc01.contoso.com/ or ldaps://dc01.contoso.com/"};
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ascii_iequals(s.substr(0, prefix.size()), prefix);
}

std::string normal_host(std::string_view host) {
  std::string h = ascii_lower(host);
  if (h.size() > 1 && h.back() == '.') h.pop_back();
  return h;
}

bool is_forbidden_ip(std::string_view host) {
  auto ip = IpAddress::parse(host);
  if (!ip) return false;
  // Link-local (cloud metadata at 169.254.169.254), 0/8, multicast, broadcast: no directory
  // lives there (RFC 6890).
  return ip->scope() == IpScope::LinkLocal || ip->scope() == IpScope::Reserved;
}

}  // namespace

bool LdapUri::is_ip() const {
  return IpAddress::parse(host).has_value();
}

std::string LdapUri::str() const {
  bool v6 = host.find(':') != std::string::npos;
  std::string out = ldaps ? "ldaps://" : "ldap://";
  out += v6 ? "[" + host + "]" : host;
  if (port) out += ":" + std::to_string(*port);
  return out + "/";
}

Result<LdapUri> parse_ldap_uri(std::string_view text) {
  LdapUri u;
  std::string_view rest;
  if (istarts_with(text, "ldaps://")) {
    u.ldaps = true;
    rest = text.substr(8);
  } else if (istarts_with(text, "ldap://")) {
    rest = text.substr(7);
  } else {
    return std::unexpected(uri_error(text, "is not an ldap:// or ldaps:// URI"));
  }
  // libldap takes a list ("ldap://a ldap://b", "ldap://a,ldap://b") and tries each in turn: the
  // rules below decide about one host, so one URI it is.
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || static_cast<unsigned char>(c) < 0x20)
      return std::unexpected(uri_error(text, "holds a space, a comma or a control character (one URI only)"));
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos)
    return std::unexpected(uri_error(text, "holds user information (give the bind DN with --bind-dn)"));
  std::string_view host = authority, port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::unexpected(uri_error(text, "has an unclosed '['"));
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return std::unexpected(uri_error(text, "has junk after ']'"));
    if (!after.empty()) port = after.substr(1);
    auto ip = IpAddress::parse(host);
    if (!ip || !ip->is_v6()) return std::unexpected(uri_error(text, "has no IPv6 address in [...]"));
  } else {
    auto colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.find(':') != std::string_view::npos)
        return std::unexpected(uri_error(text, "has an IPv6 address without [...]"));
    }
    for (char c : host) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_')
        return std::unexpected(uri_error(text, "has a host that is not a DNS name or IP address"));
    }
  }
  if (host.empty() || host == ".")
    return std::unexpected(uri_error(text, "names no host (libldap would pick one from ldap.conf)"));
  if (!port.empty() || authority.ends_with(':')) {
    int p = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || p < 1 || p > 65535)
      return std::unexpected(uri_error(text, "has a port that is not 1..65535"));
    u.port = p;
  }
  u.host = normal_host(host);
  return u;
}

bool is_loopback_host(std::string_view host) {
  std::string h = normal_host(host);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h == "localhost") return true;
  auto ip = IpAddress::parse(h);
  return ip && ip->scope() == IpScope::Loopback;
}

std::string_view to_string(LdapTransport t) {
  switch (t) {
    case LdapTransport::Cleartext:
      return "cleartext ldap://";
    case LdapTransport::StartTls:
      return "StartTLS";
    case LdapTransport::Ldaps:
      return "LDAPS";
  }
  return "cleartext ldap://";
}

LdapTransport transport_of(const LdapUri& uri, bool start_tls) {
  if (uri.ldaps) return LdapTransport::Ldaps;
  return start_tls ? LdapTransport::StartTls : LdapTransport::Cleartext;
}

Result<bool> check_cleartext_bind(const LdapUri& uri, bool start_tls, bool binds, bool allow_cleartext_bind) {
  if (!binds || transport_of(uri, start_tls) != LdapTransport::Cleartext || is_loopback_host(uri.host)) return false;
  if (allow_cleartext_bind) return true;
  return std::unexpected(Error{
      "usage.cleartext-bind", "--bind-dn",
      "a simple bind over cleartext " + uri.str() + " would send the bind DN and password unencrypted to " + uri.host,
      "use ldaps://" + uri.host +
          "/ or --starttls (with --ca-file), or accept the risk "
          "with --allow-cleartext-bind"});
}

std::optional<std::string> forest_suffix(std::string_view first_host) {
  if (IpAddress::parse(first_host)) return std::nullopt;
  auto name = HostName::parse(first_host);
  if (!name) return std::nullopt;
  std::string parent(name->parent());
  if (std::ranges::count(parent, '.') < 1 || is_public_suffix(parent)) return std::nullopt;
  return parent;
}

bool same_forest(std::string_view first_host, std::string_view host) {
  auto suffix = forest_suffix(first_host);
  if (!suffix || IpAddress::parse(host)) return false;
  auto name = HostName::parse(host);
  auto zone = HostName::parse(*suffix);
  if (!name || !zone || name->label_count() < 2) return false;
  // The host's parent domain equals the suffix or lies under it.
  auto parent = HostName::parse(name->parent());
  return parent && parent->is_within(*zone);
}

std::string_view to_string(PointerAccess a) {
  switch (a) {
    case PointerAccess::Bind:
      return "bind";
    case PointerAccess::Anonymous:
      return "anonymous";
    case PointerAccess::Refuse:
      return "refuse";
  }
  return "refuse";
}

PointerDecision decide_pointer(const FirstDirectory& first, std::string_view pointer) {
  PointerDecision d;
  auto uri = parse_ldap_uri(pointer);
  if (!uri) {
    d.reason = "the pointer's serviceBindingInformation is not one LDAP URI: " + uri.error().message;
    return d;
  }
  d.host = uri->host;
  if (is_forbidden_ip(uri->host)) {
    d.uri = uri->str();
    d.reason = uri->host + " is a link-local, unspecified, multicast or reserved address, where no directory lives";
    return d;
  }
  // The first directory's transport security, never less: LDAPS stays LDAPS (on the pointer's
  // port when it names one); StartTLS stays StartTLS unless the pointer asks for LDAPS itself.
  switch (first.transport) {
    case LdapTransport::Ldaps:
      uri->ldaps = true;
      break;
    case LdapTransport::StartTls:
      d.start_tls = !uri->ldaps;
      break;
    case LdapTransport::Cleartext:
      break;
  }
  d.uri = uri->str();
  d.transport = transport_of(*uri, d.start_tls);
  d.access = PointerAccess::Anonymous;
  if (!first.credentials) return d;
  if (d.transport == LdapTransport::Cleartext) {
    d.reason = "credentials go to a pointed-to directory only over TLS, and " + d.uri +
               " is asked in cleartext (as the first directory, ldap:// without --starttls)";
    return d;
  }
  bool listed = std::ranges::any_of(first.trusted, [&](const std::string& t) { return normal_host(t) == d.host; });
  if (listed || same_forest(first.uri.host, d.host)) {
    d.access = PointerAccess::Bind;
    return d;
  }
  auto suffix = forest_suffix(first.uri.host);
  d.reason = d.host + " is not listed with --ldap-trust and " +
             (suffix ? "not in the first directory's forest (" + *suffix + ")"
                     : "the first directory's host " + first.uri.host +
                           " implies no forest (an IP address, a single "
                           "label or a name right under a public suffix)");
  return d;
}

std::optional<Error> check_ldap_flags(std::string_view uri_text, std::vector<std::string>& trusted_hosts,
                                      bool start_tls, bool binds, bool allow_cleartext_bind, Errors& errors) {
  for (auto& host : trusted_hosts) {
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
  auto uri = parse_ldap_uri(uri_text);
  if (!uri) {
    Error e = uri.error();
    e.code = "usage.ldap";
    e.field = "--ldap";
    errors.push_back(std::move(e));
    return std::nullopt;
  }
  auto cleartext = check_cleartext_bind(*uri, start_tls, binds, allow_cleartext_bind);
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

}  // namespace adplan
