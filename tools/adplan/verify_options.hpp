#pragma once
// verify's options as typed and as checked (cmd_verify.cpp, and the exporter, which probes the
// same way: cmd_exporter.cpp): what to walk and how, every problem at once.
#include "common.hpp"
#include "context.hpp"
#include "ldap_flags.hpp"
#include "verify_bulk_flags.hpp"
#include "verify_dot_flags.hpp"

#include <adplan/probe/probe.hpp>
#include <adplan/verify/outlook2016.hpp>
#include <adplan/verify/verify.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan::cli {

// --exclude, --redirect-servers, --o365-endpoint as typed (issue 11; verify/outlook2016.hpp checks them).
struct OutlookFlags {
  std::vector<std::string> exclude;
  std::vector<std::string> redirect_servers;
  std::string o365_endpoint = "https://outlook.office365.com";
};

struct VerifyCmdOptions {
  std::string target, plan, email;
  std::vector<std::string> dns_servers;
  std::string ca_file, user, password_file;
  double timeout = 10;
  int parallel = static_cast<int>(probe::k_default_parallel);
  bool json = false, all_domains = false;
  std::string ldap, bind_dn, ldap_password_file, site;  // domain-joined clients: the SCPs in AD
  std::vector<std::string> allow_redirect;              // redirect targets approved for credentials
  LdapOptions ldap_security;                            // --starttls, --ldap-trust, --allow-cleartext-bind
  OutlookFlags outlook;                                 // --exclude, --o365-endpoint (issue 11)
  VerifyDotFlags dot;                                   // --dot FILE (verify_dot_flags.hpp)
  std::string html;                                     // --html FILE|-: one self-contained page (issue 26)
  BulkFlags bulk;                                       // hosters: --domains-file, --json-lines, ... (issue 13)
  bool no_doors = false;                                // issue 23: --no-doors skips the mail doors
  std::string cert;                                     // issue 23: --cert FILE every door must present
  std::string baseline;                                 // issue 24: --baseline REPORT.json (an earlier --json)
  std::string dnssec_trust_anchor;                      // issue 27: DS/DNSKEY lines instead of the root's key
  bool no_dane = false;                                 // issue 27: --no-dane skips the TLSA look-ups
  std::string pki = "pki";                              // issue 27: where csr --next-key put the next key
};

// The arguments, checked all at once: what to walk and how.
struct VerifyRun {
  std::optional<Loaded> loaded;
  std::string plan_file;
  probe::ProbeOptions po;
  std::optional<LdapOptions> ldap;
  std::optional<Error> cleartext_warning;                     // a cleartext bind --allow-cleartext-bind allowed
  std::optional<observe::CertificateFacts> door_certificate;  // --cert FILE (issue 23)
  verify::OutlookSimulation outlook;                          // --exclude, --redirect-servers
  observe::PoolPlan pool;                                     // issue 24: the plan's load-balanced pools
  std::optional<nlohmann::json> baseline;                     // issue 24: --baseline REPORT.json
  std::optional<TlsaDigests> dane_next_key;                   // issue 27: the next key, for a next-key rollover
  std::string dane_next_key_file;
  // What the judge is told: the time, today's Outlook's policies, the doors' certificate, DANE's next key.
  [[nodiscard]] verify::VerifyOptions judge_options(std::int64_t now) const {
    return {{now}, outlook.excluded, outlook.redirect_servers, door_certificate, dane_next_key, dane_next_key_file};
  }
};

// The probe flags verify and the exporter share, declared once: --plan, --domains-file,
// --dns-server, --ca-file, --user, --password-file, --allow-redirect, --timeout.
void add_probe_flags(CLI::App& cmd, VerifyCmdOptions& o);
// --exclude, --redirect-servers, --o365-endpoint (verify only).
void add_outlook_flags(CLI::App& cmd, OutlookFlags& f);

// Every flag checked (nothing probed yet).
Checked<VerifyRun> check_verify_options(Context& ctx, const VerifyCmdOptions& o);

}  // namespace adplan::cli
