#include <adplan/probe/ldap.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/scp/ldap_policy.hpp>

#include <lber.h>
#include <ldap.h>

#include <memory>
#include <set>

namespace adplan {
namespace {

struct LdapCloser {
  void operator()(LDAP* ld) const { ldap_unbind_ext_s(ld, nullptr, nullptr); }
};
struct MessageFree {
  void operator()(LDAPMessage* m) const { ldap_msgfree(m); }
};
using LdapPtr = std::unique_ptr<LDAP, LdapCloser>;
using MessagePtr = std::unique_ptr<LDAPMessage, MessageFree>;

using Clock = std::chrono::steady_clock;

// An operation that failed: ldap.timeout when our bound ended it (the client's LDAP_TIMEOUT, the
// server's timeLimitExceeded at the time limit we sent, or a connection that failed only after
// the whole timeout), ldap.error otherwise.
Error ldap_error(const LdapOptions& o, const std::string& what, int rc, Clock::time_point started) {
  bool late = Clock::now() - started >= o.timeout;
  bool timeout = rc == LDAP_TIMEOUT || rc == LDAP_TIMELIMIT_EXCEEDED ||
                 (late && (rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR));
  if (timeout) {
    return {"ldap.timeout", o.uri,
            what + ": no answer within " + std::to_string(o.timeout.count()) + " ms (" + ldap_err2string(rc) + ")",
            "check that the directory answers on its LDAP port, or raise --timeout"};
  }
  return {"ldap.error", o.uri, what + ": " + ldap_err2string(rc), "check --ldap, the bind credentials and --ca-file"};
}

timeval to_timeval(std::chrono::milliseconds ms) {
  return {static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

// Caps every incoming LDAP message at the configured size as soon as a connection exists.
int on_connect(LDAP*, Sockbuf* sb, LDAPURLDesc*, sockaddr*, ldap_conncb* ctx) {
  ber_len_t max = static_cast<ber_len_t>(*static_cast<long*>(ctx->lc_arg));
  ber_sockbuf_ctrl(sb, LBER_SB_OPT_SET_MAX_INCOMING, &max);
  return 0;
}
void on_disconnect(LDAP*, Sockbuf*, ldap_conncb*) {}

std::vector<std::string> values(LDAP* ld, LDAPMessage* entry, const char* attr) {
  std::vector<std::string> out;
  berval** vals = ldap_get_values_len(ld, entry, attr);
  if (!vals) return out;
  for (berval** v = vals; *v; ++v) out.push_back(to_valid_utf8({(*v)->bv_val, (*v)->bv_len}));  // the server's bytes
  ldap_value_free_len(vals);
  return out;
}

Result<LdapPtr> connect(const LdapOptions& o, ldap_conncb& cb) {
  auto started = Clock::now();
  LDAP* raw = nullptr;
  int rc = ldap_initialize(&raw, o.uri.c_str());
  if (rc != LDAP_SUCCESS) return std::unexpected(ldap_error(o, "not an LDAP URI", rc, started));
  LdapPtr ld(raw);
  int version = LDAP_VERSION3;
  ldap_set_option(ld.get(), LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_option(ld.get(), LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  timeval tv = to_timeval(o.timeout);
  ldap_set_option(ld.get(), LDAP_OPT_NETWORK_TIMEOUT, &tv);
  ldap_set_option(ld.get(), LDAP_OPT_TIMEOUT, &tv);
  int limit = o.size_limit;
  ldap_set_option(ld.get(), LDAP_OPT_SIZELIMIT, &limit);
  int seconds = static_cast<int>(std::max<long long>(1, o.timeout.count() / 1000));
  ldap_set_option(ld.get(), LDAP_OPT_TIMELIMIT, &seconds);
  ldap_set_option(ld.get(), LDAP_OPT_CONNECT_CB, &cb);
  // The certificate is always checked (name and chain), whatever ldap.conf, ~/.ldaprc, ./ldaprc or
  // LDAPTLS_REQCERT say: the handle gets its own TLS context with these options.
  if (o.ca_file) ldap_set_option(ld.get(), LDAP_OPT_X_TLS_CACERTFILE, o.ca_file->c_str());
  int demand = LDAP_OPT_X_TLS_DEMAND;
  ldap_set_option(ld.get(), LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
  int fresh = 0;
  ldap_set_option(ld.get(), LDAP_OPT_X_TLS_NEWCTX, &fresh);
  if (o.start_tls) {
    rc = ldap_start_tls_s(ld.get(), nullptr, nullptr);
    if (rc != LDAP_SUCCESS) return std::unexpected(ldap_error(o, "StartTLS failed", rc, started));
  }
  berval cred{0, nullptr};
  std::string password = o.password.value_or("");
  if (o.bind_dn) cred = {password.size(), password.data()};
  rc = ldap_sasl_bind_s(ld.get(), o.bind_dn ? o.bind_dn->c_str() : nullptr, LDAP_SASL_SIMPLE, &cred, nullptr, nullptr,
                        nullptr);
  if (rc != LDAP_SUCCESS)
    return std::unexpected(ldap_error(o, o.bind_dn ? "simple bind failed" : "anonymous bind failed", rc, started));
  return ld;
}

}  // namespace

Result<DirectoryAnswer> read_scps(const LdapOptions& o) {
  auto start = Clock::now();
  long max_pdu = o.max_pdu_bytes;
  ldap_conncb cb{on_connect, on_disconnect, &max_pdu};
  auto ld = connect(o, cb);
  if (!ld) return std::unexpected(ld.error());
  DirectoryAnswer answer{o.uri, {}, {}, 0};
  timeval tv = to_timeval(o.timeout);
  auto searched = Clock::now();

  // RootDSE: the configuration naming context (MS-ADTS 3.1.1.3.2.3).
  char root_attr[] = "configurationNamingContext";
  char* root_attrs[] = {root_attr, nullptr};
  LDAPMessage* raw = nullptr;
  int rc = ldap_search_ext_s(ld->get(), "", LDAP_SCOPE_BASE, "(objectClass=*)", root_attrs, 0, nullptr, nullptr, &tv, 1,
                             &raw);
  MessagePtr root(raw);
  if (rc != LDAP_SUCCESS) return std::unexpected(ldap_error(o, "reading the RootDSE failed", rc, searched));
  if (LDAPMessage* e = ldap_first_entry(ld->get(), root.get())) {
    auto v = values(ld->get(), e, root_attr);
    if (!v.empty()) answer.configuration_nc = v.front();
  }
  if (answer.configuration_nc.empty()) {
    return std::unexpected(
        Error{"ldap.no-configuration", o.uri,
              "the RootDSE has no configurationNamingContext: not an Active Directory domain controller",
              "point --ldap at a domain controller"});
  }

  char a_keywords[] = "keywords", a_binding[] = "serviceBindingInformation", a_created[] = "whenCreated";
  char* attrs[] = {a_keywords, a_binding, a_created, nullptr};
  raw = nullptr;
  searched = Clock::now();
  std::string filter(k_scp_filter);
  rc = ldap_search_ext_s(ld->get(), answer.configuration_nc.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), attrs, 0,
                         nullptr, nullptr, &tv, o.size_limit, &raw);
  MessagePtr result(raw);
  // A size-limited answer still carries the entries that fit: use them, but say so.
  if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
    return std::unexpected(ldap_error(o, "searching " + answer.configuration_nc + " failed", rc, searched));
  }
  for (LDAPMessage* e = ldap_first_entry(ld->get(), result.get()); e; e = ldap_next_entry(ld->get(), e)) {
    ScpObject obj;
    if (char* dn = ldap_get_dn(ld->get(), e)) {
      obj.dn = to_valid_utf8(dn);
      ldap_memfree(dn);
    }
    obj.keywords = values(ld->get(), e, a_keywords);
    obj.bindings = values(ld->get(), e, a_binding);
    auto created = values(ld->get(), e, a_created);
    if (!created.empty()) obj.when_created = created.front();
    answer.objects.push_back(std::move(obj));
  }
  answer.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  return answer;
}

ScpLookup lookup_scps(const LdapOptions& options, std::string_view email_domain, std::string_view client_site) {
  ScpLookup out;
  // Decided before any connection (the CLI checks the same, to exit 2): where the password may go.
  auto first_uri = parse_ldap_uri(options.uri);
  if (!first_uri) {
    Error e = first_uri.error();
    e.field = "--ldap";
    out.errors.push_back(std::move(e));
    return out;
  }
  bool credentials = options.bind_dn.has_value();
  auto cleartext = check_cleartext_bind(*first_uri, options.start_tls, credentials, options.allow_cleartext_bind);
  if (!cleartext) {
    out.errors.push_back(cleartext.error());
    return out;
  }
  out.cleartext_bind = *cleartext;
  const FirstDirectory first{*first_uri, transport_of(*first_uri, options.start_tls), credentials,
                             options.trusted_hosts};

  std::set<std::string> asked;  // normalised URIs: "ldap://127.0.0.1:389/"
  LdapOptions o = options;
  LdapTransport transport = first.transport;
  std::optional<std::string> fallback;
  // A pointer's directory: the first one's transport security (same CA), the credentials only
  // where decide_pointer() allows. Returns false when the pointer is not asked at all.
  auto point_at = [&](const std::string& binding, const std::string& how) {
    auto d = decide_pointer(first, binding);
    if (d.access == PointerAccess::Refuse) {
      out.untrusted.push_back({d.host, d.uri.empty() ? binding : d.uri, d.reason, false});
      out.trace.push_back(how + " " + (d.uri.empty() ? binding : d.uri) + " refused: " + d.reason);
      return false;
    }
    o = options;
    o.uri = d.uri;
    o.start_tls = d.start_tls;
    transport = d.transport;
    if (d.access != PointerAccess::Bind) {
      o.bind_dn.reset();
      o.password.reset();
      if (!d.reason.empty()) out.untrusted.push_back({d.host, d.uri, d.reason, true});
    }
    out.trace.push_back(how + " " + d.uri + " (" + std::string(to_string(d.transport)) + ", " +
                        (d.access == PointerAccess::Bind ? "with the bind credentials" : "anonymously") + ")");
    return true;
  };
  // Each directory at most once: pointer loops end here (MS-OXDISCO 3.1.5.1).
  for (int hop = 0; hop < 8; ++hop) {
    if (!asked.insert(hop == 0 ? first_uri->str() : o.uri).second) {
      out.trace.push_back("not asking " + o.uri + " again (pointer loop)");
      break;
    }
    auto answer = read_scps(o);
    if (!answer) {
      Error e = answer.error();
      // A pointed-to directory that does not speak the required transport is reported, never
      // asked again with less.
      if (hop > 0 && transport != LdapTransport::Cleartext)
        e.message += " (asked with " + std::string(to_string(transport)) + " as the first directory: not downgraded)";
      out.errors.push_back(std::move(e));
      break;
    }
    auto decision = decide_scps(answer->objects, email_domain, client_site);
    out.answers.push_back(std::move(*answer));
    if (decision.follow) {
      auto uri = pointer_uri(*decision.follow);
      if (!uri) {
        out.trace.push_back("pointer Domain=" + std::string(email_domain) + " holds no LDAP URL: \"" +
                            *decision.follow + "\"");
        break;
      }
      if (!point_at(*uri, "followed pointer Domain=" + std::string(email_domain) + " to")) break;
      continue;
    }
    if (!fallback && decision.fallback) fallback = pointer_uri(*decision.fallback);
    if (!decision.urls.empty()) {
      out.urls = std::move(decision.urls);
      break;
    }
    if (fallback && !asked.contains(decide_pointer(first, *fallback).uri)) {
      if (!point_at(*fallback, "no SCP URL at " + o.uri + "; trying the fallback pointer")) break;
      continue;
    }
    break;
  }
  return out;
}

observe::ScpObservation observe_scps(const LdapOptions& options, std::string_view email_domain,
                                     std::string_view client_site) {
  auto start = std::chrono::steady_clock::now();
  auto found = lookup_scps(options, email_domain, client_site);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return observe::to_observation(found, options.uri, client_site, static_cast<int>(ms.count()));
}

}  // namespace adplan
