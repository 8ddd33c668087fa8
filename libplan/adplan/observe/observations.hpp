#pragma once
// What the probes saw, as plain data: no handles, no judgement. The judge (libplan/verify)
// reads these; unit tests build them by hand as recorded observations.
#include <adplan/model/error.hpp>
#include <adplan/scp/ldap_policy.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::observe {

// MS-OXDISCO 3.1.5.4 and Microsoft's reference client: at most 10 redirects.
inline constexpr int k_max_redirects = 10;

// How a DNS question ended (c-ares status, reduced to what a judge needs).
enum class DnsStatus { Ok, NoData, NxDomain, Timeout, ServerFailure, Refused, Error };

std::string_view to_string(DnsStatus s);

struct AddressLookup {
  std::string name;                     // the name asked for, lower case, no trailing dot
  DnsStatus status = DnsStatus::Error;  // of the A and AAAA questions together
  std::string canonical;                // where a CNAME chain ended ("" when no alias)
  std::vector<std::string> addresses;   // A then AAAA answers, in answer order
  std::string error;                    // c-ares' text when status is not Ok
  int ms = 0;
  bool cached = false;  // issue 25: an earlier scrape's answer, kept to its TTL (the exporter)
  int ttl_left = 0;     // seconds it is still kept, when cached
};

struct SrvRecord {
  int priority = 0;
  int weight = 0;
  int port = 0;
  std::string target;  // lower case, no trailing dot
};

struct SrvLookup {
  std::string name;  // _autodiscover._tcp.<domain>
  DnsStatus status = DnsStatus::Error;
  std::vector<SrvRecord> records;  // RFC 2782 order (see srv_order.hpp), capped (cap_srv)
  std::size_t ignored = 0;         // records beyond the cap: counted, never resolved or probed
  std::string error;
  int ms = 0;
  bool cached = false;  // issue 25: an earlier scrape's answer, kept to its TTL (the exporter)
  int ttl_left = 0;     // seconds it is still kept, when cached
};

// How far a connection got. Refused and reset are what a client treats like a 404.
enum class Transport {
  Ok,
  NoAddress,
  Refused,
  Unreachable,
  ConnectTimeout,  // TCP: nothing accepted the connection in time
  TlsTimeout,      // TCP connected; the TLS handshake did not finish in time
  TlsFailed,
  Timeout,  // connected (and TLS done): no HTTP response in time
  Reset,
  TooLarge,
  Forbidden,  // not connected: the address is one a probe never connects to (model/ip_address.hpp)
  Error
};

std::string_view to_string(Transport t);

struct CertificateFacts {
  std::string subject;  // one-line form
  std::string issuer;
  std::vector<std::string> dns_names;  // subjectAltName dNSName entries
  std::string common_name;
  std::int64_t not_before = 0;  // seconds since the epoch (UTC)
  std::int64_t not_after = 0;
  std::string key_type;  // "RSA", "EC", "ED25519", ...
  int key_bits = 0;
  std::string signature_algorithm;  // "sha256WithRSAEncryption"
  std::string signature_digest;     // "SHA256", "SHA1", "MD5" ("" when intrinsic, Ed25519)
  bool self_signed = false;
  std::string sha256;           // fingerprint, hex
  std::string thumbprint = {};  // issue 24: SHA-1, upper-case hex (Exchange's Thumbprint)
  std::string serial = {};      // issue 24: the serial number, upper-case hex
};

struct TlsFacts {
  std::vector<CertificateFacts> chain;    // as the server sent it, leaf first
  bool trusted = false;                   // X509_verify_cert (dates left to the judge)
  std::vector<std::string> trust_errors;  // every error the verification met, "depth N: text"
  bool name_matches = false;              // X509_check_host(leaf, host)
  std::string matched_name;               // the certificate name that matched ("*.contoso.com")
};

// The Autodiscover response (MS-OXDISCO 2.2.4), as far as the judge needs it.
struct PoxProtocol {
  std::string type;  // EXCH, EXPR, WEB; mapiHttp (the Type attribute, MS-OXDSCLI 2.2.4.1.1.2.6)
  std::string server;
  std::vector<std::pair<std::string, std::string>> urls;  // {"EwsUrl", "https://..."}, document order;
  // nested ones by path: "MailStore/ExternalUrl", "AddressBook/ExternalUrl" (mapiHttp),
  // "External/OWAUrl", "Internal/OWAUrl" (WEB)
};

struct PoxResponse {
  bool valid = false;                     // well-formed and in the expected namespaces
  std::string problem;                    // why not valid
  std::string action;                     // settings | redirectAddr | redirectUrl ("" when absent)
  std::string redirect;                   // RedirectAddr or RedirectUrl
  std::optional<std::string> error_code;  // Error/ErrorCode
  std::string error_message;
  std::vector<PoxProtocol> protocols;
};

// One HTTP request on the wire.
struct HttpExchange {
  std::string method;  // GET, POST
  std::string url;
  std::string address;  // the IP we pinned the host to (CURLOPT_RESOLVE)
  int port = 0;
  Transport transport = Transport::Error;
  std::string error;  // libcurl's message when transport is not Ok
  long status = 0;
  std::vector<std::string> auth_schemes;  // WWW-Authenticate schemes on 401
  std::string location;                   // Location on 3xx
  std::string content_type;
  bool authenticated = false;  // sent with credentials
  // A 401 answered without credentials although the user gave some: why verify withheld them
  // (observe/credentials.hpp; code "plain-http", "certificate" or "redirect-not-approved").
  std::string withheld_code;
  std::string withheld;
  std::optional<TlsFacts> tls;     // https: the chain this connection presented
  std::optional<PoxResponse> pox;  // parsed body of a 200 to the POST
  int connect_ms = 0;
  int ms = 0;
};

// Which discovery method an endpoint belongs to. One host can serve several roles.
enum class Role { RootHttps, AutodiscoverHttps, SrvHttps, PlannedHttps, HttpRedirect, Scp };

// The directory look-up domain-joined Outlook makes first (SCP, MS-OXDISCO 3.1.5.1), done by
// the caller (libplan/directory) before the probes; its URLs are probed as Role::Scp.
struct ScpUrlObservation {
  std::string url;  // lower case, as ranked
  std::string host;
  int priority = 2;                // 1 the client's site, 2 no site, 3 another site
  std::vector<std::string> sites;  // Site= keywords
  std::string dn;
};

struct ScpObservation {
  std::string directory;                    // the LDAP URI asked first
  std::string client_site;                  // "" when not given
  std::size_t objects = 0;                  // SCP objects read, every directory
  std::vector<ScpUrlObservation> urls;      // in the order the client tries them
  std::vector<std::string> trace;           // pointers followed
  std::vector<Error> errors;                // directories that did not answer (ldap.timeout, ldap.error, ...)
  std::vector<UntrustedPointer> untrusted;  // pointers asked without the credentials, or refused
  bool cleartext_bind = false;              // the first bind went over cleartext (--allow-cleartext-bind)
  int ms = 0;
};

struct MobileObservation;  // observe/mobile.hpp (issue 12)

struct Endpoint {
  std::vector<Role> roles;
  std::string host;
  std::vector<HttpExchange> exchanges;        // https: the POST, then the POST with credentials;
                                              // http redirect: each hop, in order
  bool loop = false;                          // the redirect chain came back to a URL it had seen
  bool too_many_hops = false;                 // more than 10 redirects (MS-OXDISCO client rule)
  std::vector<HttpExchange> other_addresses;  // https: one POST to each further address of the host
                                              // (DNS round robin: a dead node fails some clients)
  std::vector<MobileObservation> mobile;      // https: what phones and Teams see (at most one; issue 12)

  [[nodiscard]] bool has(Role role) const {
    for (Role r : roles) {
      if (r == role) return true;
    }
    return false;
  }
  // The certificate of the first request (https endpoints).
  [[nodiscard]] const TlsFacts* tls() const {
    return exchanges.empty() || !exchanges.front().tls ? nullptr : &*exchanges.front().tls;
  }
};

// Issue 11: a service URL the Autodiscover response handed out (EWS, OAB, UM, mapiHttp, OWA),
// requested once without credentials: is it alive, and is its certificate one clients accept?
// Issue 22: after a 401, again with the user's credentials where observe/credentials.hpp allows
// (behind IIS a wrong path answers the anonymous request with 401 too; only this one tells).
struct ServiceProbe {
  std::string url;                    // as the response gave it
  std::string host;                   // lower case
  std::vector<std::string> services;  // every element that named this URL: "EXPR EwsUrl", "mapiHttp MailStore"
  bool scp_only = false;              // handed out only by SCP URLs (the domain-joined client's trust exception)
  bool internal_only = false;         // named only as an InternalUrl (mapiHttp): judged where it differs from the plan
  HttpExchange exchange;              // GET without credentials (withheld_code/withheld: why not with them)
  std::optional<HttpExchange> authenticated;  // the GET with credentials, when one was sent
};

// Issue 11: Exchange Online's claim on the address, as Outlook 2016+ asks it first (anonymous
// Autodiscover v2: GET <endpoint>/autodiscover/autodiscover.json/v1.0/<address>?Protocol=AutodiscoverV1).
struct O365Probe {
  std::string endpoint;     // the base asked; "" when skipped (--o365-endpoint none)
  HttpExchange exchange;    // the GET
  std::string claimed_url;  // "Url" of a 200 JSON answer ("" when none)
  std::string problem;      // why a 200 body is no claim (not JSON, wrong types, too large)
};

struct Observations;
struct DoorProbe;        // observe/doors.hpp (issue 23)
struct PoolObservation;  // observe/pool.hpp (issue 24)
struct MailDomain;       // observe/doors.hpp (issue 23)
struct TlsaLookup;       // observe/doors.hpp (issue 27)

// Issue 11: a POX Action the client follows (MS-OXDISCO 3.1.5.7): redirectUrl (POST again there)
// or redirectAddr (discovery again for the new address, its domain's methods).
struct PoxRedirect {
  std::string from;                     // the URL whose answer carried the Action
  std::string action;                   // redirectUrl | redirectAddr
  std::string target;                   // the URL or the address
  std::vector<HttpExchange> exchanges;  // redirectUrl: the POST to the target (and with credentials)
  std::vector<Observations> discovery;  // redirectAddr: the new address's discovery (at most one)
  std::string refused;                  // why it was not followed ("" when it was)
  int hop = 1;                          // 1 for the first redirect of the run
};

// CAA (RFC 8659 4.1): one property of a CAA record.
struct CaaRecord {
  std::uint8_t flags = 0;  // bit 0 (128): Issuer Critical
  std::string tag;         // "issue", "issuewild", "iodef", ... lower case
  std::string value;
  [[nodiscard]] bool critical() const { return (flags & 0x80) != 0; }
  [[nodiscard]] std::string str() const;  // 0 issue "letsencrypt.org"
};

// verify: the relevant CAA RRset of a certificate name as a CA finds it (RFC 8659 3;
// observe/caa.hpp walks and judges it).
struct CaaLookup {
  std::string name;      // asked for, lower case, no trailing dot
  std::string relevant;  // where the set was found ("" none: any CA may issue)
  std::string alias;     // when the set came through a CNAME at `relevant`
  std::vector<CaaRecord> records;
  DnsStatus status = DnsStatus::Ok;  // a failure on the way (a CA then refuses to issue, RFC 8659 3)
  std::string failed_at;             // the name whose question failed
};

struct Observations {
  std::string domain;  // the SMTP domain discovery walked
  std::string email;   // the address the POST asked about
  bool credentials = false;
  int timeout_ms = 0;
  std::vector<AddressLookup> lookups;
  SrvLookup srv;
  std::vector<Endpoint> endpoints;
  std::optional<ScpObservation> scp;  // present when a directory was asked (--ldap)
  int total_ms = 0;
  std::vector<ServiceProbe> services;      // issue 11: sorted by URL
  std::optional<O365Probe> o365;           // issue 11: absent when not asked at all
  std::vector<PoxRedirect> pox_redirects;  // issue 11: POX redirects followed, in hop order
  std::vector<CaaLookup> caa;              // the plan's certificate names (verify with a plan and caa_issuers)
  std::vector<DoorProbe> doors;            // issue 23: every mail door probed, sorted by door, host, address
  std::vector<MailDomain> mail_domains;    // issue 23: MX and MTA-STS per domain with doors
  std::vector<PoolObservation> pools;      // issue 24: every member of each load-balanced namespace
  std::vector<TlsaLookup> tlsa;            // issue 27: each smtp door host's TLSA records, sorted by host

  [[nodiscard]] const AddressLookup* lookup(std::string_view name) const {
    for (const auto& l : lookups) {
      if (l.name == name) return &l;
    }
    return nullptr;
  }
  [[nodiscard]] const Endpoint* endpoint(Role role, std::string_view host = {}) const {
    for (const auto& e : endpoints) {
      if ((host.empty() || e.host == host) && e.has(role)) return &e;
    }
    return nullptr;
  }
};

}  // namespace adplan::observe

// Complete MobileObservation for every user of Endpoint.
#include <adplan/observe/mobile.hpp>
// Complete DoorProbe and MailDomain likewise.
#include <adplan/observe/doors.hpp>
// And PoolObservation (issue 24).
#include <adplan/observe/pool.hpp>
