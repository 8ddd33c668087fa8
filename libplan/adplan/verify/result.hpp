#pragma once
// What verification concludes: findings (data), the checks it ran with their timings, and
// what each kind of client would experience. The CLI decides how to print them.
#include <adplan/model/finding.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace adplan::verify {

// How one check ended; to_string gives the JSON and table word ("ok", "fail", "timeout", "skip").
enum class CheckStatus { Ok, Fail, Timeout, Skip };

struct Check {
  std::string name;     // "dns", "srv", "tcp", "tls", "http", "auth" (credentials withheld), "redirect"
  std::string subject;  // a name, "host:port (address)", a URL
  CheckStatus status = CheckStatus::Fail;
  std::string detail;  // addresses, certificate summary, status line
  int ms = 0;
};

// What a client experiences; to_string gives "ok", "ok-with-prompts", "certificate-warning", "failed".
enum class Outcome { Ok, OkWithPrompts, CertificateWarning, Failed };
// Whether the client ends up configured (with or without prompts).
[[nodiscard]] constexpr bool succeeded(Outcome o) {
  return o == Outcome::Ok || o == Outcome::OkWithPrompts;
}

// AutodiscoverV2: Teams' calendar and Outlook for iOS/Android in hybrid (issue 12).
// Outlook2016 (issue 11): Outlook 2016, 2019, 2021, 2024 and Microsoft 365 Apps (KB 3211279).
enum class Client { OutlookDomainJoined, OutlookExternal, ActiveSync, AutodiscoverV2, Outlook2016 };
// The discovery methods, in Outlook's order (MS-OXDISCO 3.1.5); O365: Exchange Online's claim
// (Outlook 2016 and later, issue 11).
enum class Method { Scp, RootHttps, AutodiscoverHttps, HttpRedirect, Srv, None, O365 };

struct ClientResult {
  Client client;
  Method method = Method::None;      // the first that succeeds
  std::string url;                   // the Autodiscover URL the client ends up using
  std::vector<std::string> prompts;  // every prompt or certificate warning on the way
  Outcome outcome = Outcome::Failed;
  std::string summary;            // what the user sees, in a sentence
  std::vector<std::string> path;  // each method tried and how it ended
};

// Issue 23: one mail door as the report, the JSON and the exporter show it.
struct DoorResult {
  std::string door;     // smtp | submission | imap | pop
  std::string host;     // the name the certificate must carry (the MX host for smtp)
  std::string address;  // "" when the host had none
  int port = 0;
  bool ok = false;             // reached, TLS done, and no error finding names this door
  std::string stage;           // where the conversation ended (done when it went through)
  std::string tls;             // implicit | starttls | missing | failed
  std::string sha256;          // the leaf's fingerprint ("" without TLS)
  std::int64_t not_after = 0;  // the leaf's notAfter (0 without TLS)
  int ms = 0;
};

// Issue 23: a domain's mail facts (MX set, MTA-STS).
struct MailDomainResult {
  std::string domain;
  std::vector<std::string> mx;  // "10 mx1.contoso.com"
  std::string mta_sts_mode;     // the policy's mode as served ("" none or invalid)
  std::string mta_sts_id;       // the TXT record's id ("" none)
};

// Issue 24: one member of a load-balanced pool door, as the report, the JSON, --baseline and the
// exporter show it. Connections sampled through the load balancer are one entry per certificate.
struct PoolMemberResult {
  std::string member;   // the server's name; "load balancer"
  std::string address;  // its address
  bool load_balancer = false;
  bool reachable = false;      // the handshake finished
  int connections = 1;         // sampled through the load balancer: how many presented this certificate
  std::string sha256;          // the leaf's fingerprint ("" unreachable)
  std::string thumbprint;      // its SHA-1 (Exchange's Thumbprint)
  std::string serial;          // its serial, hex
  std::int64_t not_after = 0;  // its notAfter
};

struct PoolResult {
  std::string name_space;
  std::string door;  // https | smtp | submission | imap | pop
  int port = 443;
  bool sampled = false;     // no member answered at its own address: the load balancer was sampled
  bool consistent = false;  // every member that answered presented the same certificate
  std::vector<PoolMemberResult> members;
};

// Issue 27: an MX host's DANE state (the exporter's adplan_dane_match{mx}).
struct DaneResult {
  std::string mx;
  std::string dnssec;                // secure | insecure | bogus | "" (no answer)
  std::vector<std::string> records;  // "3 1 1 <hex>", as published
  std::string key_sha256;            // the presented leaf's SPKI SHA-256 ("" no TLS)
  int match = -1;                    // 1 a usable record matches, 0 none does (or bogus), -1 nothing to judge
};

struct VerifyResult {
  std::vector<Finding> findings;  // sorted: errors first
  std::vector<Check> checks;
  std::vector<ClientResult> clients;
  std::vector<DoorResult> doors;               // issue 23: sorted by door, host, address, port
  std::vector<MailDomainResult> mail_domains;  // issue 23
  std::vector<PoolResult> pools;               // issue 24: each pool door, in the plan's order
  std::vector<DaneResult> dane;                // issue 27: one per MX host looked up, sorted by host
  [[nodiscard]] bool pass() const { return !has_errors(findings); }
};

std::string_view to_string(CheckStatus s);  // "timeout"
std::string_view to_string(Outcome o);      // "ok-with-prompts"
std::string_view to_string(Client c);       // "outlook-external"
std::string_view to_string(Method m);       // "autodiscover-https"

}  // namespace adplan::verify
