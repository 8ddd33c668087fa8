#include <adplan/probe/ldap.hpp>

#include <adplan/model/sanitize.hpp>

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

Error ldap_error(const std::string& uri, const std::string& what, int rc) {
  return {"ldap.error", uri, what + ": " + ldap_err2string(rc), "check --ldap, the bind credentials and --ca-file"};
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
  LDAP* raw = nullptr;
  int rc = ldap_initialize(&raw, o.uri.c_str());
  if (rc != LDAP_SUCCESS) return std::unexpected(ldap_error(o.uri, "not an LDAP URI", rc));
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
  if (o.ca_file) {
    ldap_set_option(ld.get(), LDAP_OPT_X_TLS_CACERTFILE, o.ca_file->c_str());
    int demand = LDAP_OPT_X_TLS_DEMAND;
    ldap_set_option(ld.get(), LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
    int fresh = 0;
    ldap_set_option(ld.get(), LDAP_OPT_X_TLS_NEWCTX, &fresh);
  }
  if (o.start_tls) {
    rc = ldap_start_tls_s(ld.get(), nullptr, nullptr);
    if (rc != LDAP_SUCCESS) return std::unexpected(ldap_error(o.uri, "StartTLS failed", rc));
  }
  berval cred{0, nullptr};
  std::string password = o.password.value_or("");
  if (o.bind_dn) cred = {password.size(), password.data()};
  rc = ldap_sasl_bind_s(ld.get(), o.bind_dn ? o.bind_dn->c_str() : nullptr, LDAP_SASL_SIMPLE, &cred, nullptr, nullptr,
                        nullptr);
  if (rc != LDAP_SUCCESS)
    return std::unexpected(ldap_error(o.uri, o.bind_dn ? "simple bind failed" : "anonymous bind failed", rc));
  return ld;
}

}  // namespace

Result<DirectoryAnswer> read_scps(const LdapOptions& o) {
  auto start = std::chrono::steady_clock::now();
  long max_pdu = o.max_pdu_bytes;
  ldap_conncb cb{on_connect, on_disconnect, &max_pdu};
  auto ld = connect(o, cb);
  if (!ld) return std::unexpected(ld.error());
  DirectoryAnswer answer{o.uri, {}, {}, 0};
  timeval tv = to_timeval(o.timeout);

  // RootDSE: the configuration naming context (MS-ADTS 3.1.1.3.2.3).
  char root_attr[] = "configurationNamingContext";
  char* root_attrs[] = {root_attr, nullptr};
  LDAPMessage* raw = nullptr;
  int rc = ldap_search_ext_s(ld->get(), "", LDAP_SCOPE_BASE, "(objectClass=*)", root_attrs, 0, nullptr, nullptr, &tv, 1,
                             &raw);
  MessagePtr root(raw);
  if (rc != LDAP_SUCCESS) return std::unexpected(ldap_error(o.uri, "reading the RootDSE failed", rc));
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
  std::string filter(k_scp_filter);
  rc = ldap_search_ext_s(ld->get(), answer.configuration_nc.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(), attrs, 0,
                         nullptr, nullptr, &tv, o.size_limit, &raw);
  MessagePtr result(raw);
  // A size-limited answer still carries the entries that fit: use them, but say so.
  if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
    return std::unexpected(ldap_error(o.uri, "searching " + answer.configuration_nc + " failed", rc));
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
  std::set<std::string> asked;
  LdapOptions o = options;
  std::optional<std::string> fallback;
  // Each directory at most once: pointer loops end here (MS-OXDISCO 3.1.5.1).
  for (int hop = 0; hop < 8; ++hop) {
    if (!asked.insert(o.uri).second) {
      out.trace.push_back("not asking " + o.uri + " again (pointer loop)");
      break;
    }
    auto answer = read_scps(o);
    if (!answer) {
      out.errors.push_back(answer.error());
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
      out.trace.push_back("followed pointer Domain=" + std::string(email_domain) + " to " + *uri);
      o.uri = *uri;
      continue;
    }
    if (!fallback && decision.fallback) fallback = pointer_uri(*decision.fallback);
    if (!decision.urls.empty()) {
      out.urls = std::move(decision.urls);
      break;
    }
    if (fallback && !asked.contains(*fallback)) {
      out.trace.push_back("no SCP URL at " + o.uri + "; trying the fallback pointer " + *fallback);
      o.uri = *fallback;
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
