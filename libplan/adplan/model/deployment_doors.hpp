#pragma once
// The organisation's mail doors (issue 23): the TLS services besides the web ones that carry
// Exchange's certificate (Enable-ExchangeCertificate -Services SMTP,IMAP,POP), and the MTA-STS
// policy (RFC 8461) and TLS reporting (RFC 8460) planned per accepted domain.
//
// In adplan.json (all optional; absent = no mail door, today's behaviour):
//   "doors":   {"smtp": ["mail.contoso.com"],          the MX hosts of every accepted domain, in
//                                                       preference order (MX 10, 20, ...)
//               "submission": [...], "imap": [...], "pop": [...]}   the host names clients use
//   "mta_sts": {"domains": {"contoso.com": "enforce"},  per accepted domain: none|testing|enforce
//               "max_age": 604800,                       seconds, at most 31557600 (RFC 8461 3.2)
//               "tls_rpt": "tlsrpt@contoso.com"}         TLS-RPT rua mailbox (RFC 8460 3)
//   "dane":    {"tlsa": ["3 1 1", "2 1 1"],             issue 27: TLSA records of every MX host
//               "rollover": "reuse-key"}                 (RFC 7672), and how renewals keep them valid
#include <adplan/model/email.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/tlsa.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace adplan {

// A kind of mail door, in output order.
enum class DoorKind { Smtp, Submission, Imap, Pop };

// How a door's port starts TLS: at once (RFC 8314 implicit TLS) or by STARTTLS/STLS after a
// plaintext greeting (RFC 3207 for SMTP, RFC 2595 for IMAP and POP).
enum class DoorTls { Implicit, StartTls };

// One port of a door kind.
struct DoorPort {
  int port;
  DoorTls tls;
};

// The ports each kind listens on: smtp 25 STARTTLS (RFC 5321, 3207); submission 587 STARTTLS
// (RFC 6409); imap 993 implicit and 143 STARTTLS; pop 995 implicit and 110 STLS (RFC 8314, 2595).
std::span<const DoorPort> door_ports(DoorKind kind);
// "smtp", "submission", "imap", "pop": the key in adplan.json and on the command line.
std::string_view door_key(DoorKind kind);
std::optional<DoorKind> parse_door_kind(std::string_view key);
// The name of the service in Enable-ExchangeCertificate -Services: SMTP (smtp and submission),
// IMAP, POP.
std::string_view door_exchange_service(DoorKind kind);
// "implicit" | "starttls".
std::string_view door_tls_key(DoorTls tls);

// One planned door kind and the host names it answers on (never empty once loaded; the
// default, from `adplan init --doors`, is the external host).
struct MailDoor {
  DoorKind kind;
  std::vector<HostName> hosts;  // smtp: the MX hosts, preference order; others: as given
};

// RFC 8461 5: the policy modes. None publishes a policy that tells senders to forget an earlier
// one; a domain without any MTA-STS is simply absent from Deployment::mta_sts.
enum class MtaStsMode { None, Testing, Enforce };
std::string_view mta_sts_mode_key(MtaStsMode mode);  // "none" | "testing" | "enforce"
std::optional<MtaStsMode> parse_mta_sts_mode(std::string_view key);

// One accepted domain's MTA-STS mode.
struct MtaStsDomain {
  HostName domain;  // one of Deployment::domains
  MtaStsMode mode;
};

// RFC 8461 3.2: max_age at most 31557600 (about a year); a week is the default.
inline constexpr std::uint32_t k_mta_sts_max_age_limit = 31557600;
inline constexpr std::uint32_t k_mta_sts_default_max_age = 604800;

// Issue 27: how a renewal keeps the MX hosts' TLSA records valid. ReuseKey: every renewal keeps
// the key (certbot --reuse-key, lego --reuse-key, win-acme's key reuse), so a 3 1 1 record never
// changes. NextKey: each renewal switches to a key made ahead (adplan csr --next-key) whose record
// was published at least two TTLs before the switch.
enum class DaneRollover { ReuseKey, NextKey };
std::string_view dane_rollover_key(DaneRollover r);  // "reuse-key" | "next-key"
std::optional<DaneRollover> parse_dane_rollover(std::string_view key);

// DANE for the smtp door (needs one): the TLSA parameters published for every MX host.
struct DaneInput {
  std::vector<TlsaParams> tlsa = {TlsaParams{}};  // default 3 1 1 (DANE-EE, SPKI, SHA-256)
  DaneRollover rollover = DaneRollover::ReuseKey;
};

}  // namespace adplan
