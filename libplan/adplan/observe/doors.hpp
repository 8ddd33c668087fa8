#pragma once
// Issue 23: what the mail-door probes saw, as plain data. Inbound SMTP (25, STARTTLS, RFC 3207),
// submission (587, RFC 6409), IMAP (993 implicit TLS, 143 STARTTLS) and POP (995, STLS on 110;
// RFC 8314, RFC 2595), and each domain's MX set and MTA-STS policy (RFC 8461). No handles, no
// judgement: verify/judge_doors.cpp reads them. Included by observations.hpp.
#include <adplan/model/tlsa.hpp>
#include <adplan/observe/observations.hpp>

#include <optional>
#include <string>
#include <vector>

namespace adplan::observe {

// One door to knock on: what the plan (or the MX set) names. `host` is the name the certificate
// must carry (the MX host name for SMTP) and the SNI sent.
struct DoorTarget {
  std::string door;  // smtp | submission | imap | pop
  std::string host;  // lower case, no trailing dot
  int port = 0;
  bool implicit_tls = false;  // 993/995: TLS first; otherwise STARTTLS / STLS
};

// One (door, host, address, port) probed. Where the conversation stopped is `stage`; the
// server's text is kept only sanitised and shortened (`reply`).
struct DoorProbe {
  DoorTarget target;
  std::string address;  // "" when the host had none
  Transport transport = Transport::Error;
  std::string stage;                    // connect, greeting, capability, starttls, tls, capability-after-tls, done
  std::string error;                    // what went wrong at `stage` ("" when done)
  std::string greeting;                 // the server's first line, sanitised and shortened
  std::string reply;                    // the last reply that was not what the protocol expects, sanitised
  bool starttls_offered = false;        // EHLO / CAPABILITY / CAPA named STARTTLS (STLS); implicit: true
  bool tls_done = false;                // the handshake finished
  bool capability_after_tls = false;    // EHLO / CAPABILITY / CAPA answered again over TLS (RFC 3207 4.2)
  std::optional<TlsFacts> tls;          // the chain presented, judged against the door host
  std::vector<TlsaDigests> dane_chain;  // issue 27, smtp doors: the chain's DANE digests, leaf first
  int ms = 0;
};

// Issue 27: an MX host's TLSA records (RFC 7672 2.2.3) as a validating resolver saw them.
// `dnssec`: "secure" (validated from the trust anchor), "insecure" (provably unsigned: senders
// ignore the records, RFC 7672 2.2), "bogus" (validation failed: senders defer mail) or ""
// when no answer came.
struct TlsaLookup {
  std::string host;  // the MX host, lower case
  std::string name;  // _25._tcp.<host>
  DnsStatus status = DnsStatus::Error;
  std::string dnssec;
  std::string why_bogus;            // the validator's reason, sanitised
  std::vector<TlsaRecord> records;  // as published, capped
  std::string error;                // why no answer came
  int ms = 0;
};

struct MxRecord {
  int preference = 0;
  std::string host;  // lower case, no trailing dot
};

// A domain's mail facts: MX set, the `_mta-sts` TXT record and the policy file.
struct MailDomain {
  std::string domain;
  DnsStatus mx_status = DnsStatus::Error;
  std::vector<MxRecord> mx;                  // lowest preference first, capped
  std::vector<std::string> planned_mx;       // the plan's MX hosts ("" list: none planned)
  std::string mta_sts_mode;                  // the plan's MTA-STS mode ("" none planned)
  DnsStatus txt_status = DnsStatus::Error;   // _mta-sts.<domain> TXT
  std::vector<std::string> mta_sts_txt;      // every TXT string there (sanitised, capped)
  std::optional<HttpExchange> policy_fetch;  // GET https://mta-sts.<domain>/.well-known/mta-sts.txt
  std::string policy_body;                   // the body of a 200 (at most k_max_policy_bytes)
};

// What verify asks the probes to check (verify/doors.hpp makes it from the Plan): the doors
// other than inbound SMTP, and per domain whether its MX hosts are SMTP doors, the plan's MX
// hosts and its MTA-STS mode. Empty: no door is probed (old plans, verify --no-doors).
struct DoorPlan {
  struct Domain {
    std::string domain;
    bool smtp = false;            // inbound SMTP on port 25 at every MX host (DNS's and the plan's)
    std::vector<std::string> mx;  // the plan's MX hosts
    std::string mta_sts_mode;     // testing | enforce ("" none planned)
  };
  // Issue 27: TLSA of every smtp door host is looked up with DNSSEC validation (probe/dane.cpp).
  // The trust anchor: DS or DNSKEY lines (verify --dnssec-trust-anchor); empty: the root's.
  std::string dnssec_trust_anchor;
  bool dane = true;               // verify --no-dane: no TLSA look-ups
  std::vector<DoorTarget> doors;  // submission, imap, pop (and smtp where a caller names it)
  std::vector<Domain> domains;
  [[nodiscard]] bool empty() const { return doors.empty() && domains.empty(); }
};

inline constexpr std::size_t k_max_tlsa_records = 16;         // per MX host
inline constexpr std::size_t k_max_policy_bytes = 64 * 1024;  // RFC 8461 3.3: policies are small

}  // namespace adplan::observe
