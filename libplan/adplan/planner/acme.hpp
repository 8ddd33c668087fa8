#pragma once
// ACME orders from the Plan (RFC 8555): for each planned certificate its names and, per name,
// the challenge that can work in this scenario and why; one challenge per order (clients run
// one type per order: lego sorts dns-01 first, certbot takes the first preferred type); the
// DNS-01 records and their CNAME-delegation form; the client commands that keep the key where
// it was made. Pure: the same plan and options give the same orders.
#include <adplan/model/deployment.hpp>
#include <adplan/model/error.hpp>
#include <adplan/model/finding.hpp>
#include <adplan/planner/plan.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

enum class AcmeChallenge { Http01, Dns01, None };  // None: no public CA issues for the name

std::string_view to_string(AcmeChallenge c);
// "http-01", "dns-01"; anything else is a usage error (code usage.challenge).
Result<AcmeChallenge> parse_acme_challenge(std::string_view text);

struct AcmeDirectory {
  std::string name;  // "letsencrypt", "letsencrypt-staging", "custom"
  std::string url;
  std::string caa_issuer;  // the CAA issuer domain the CA publishes ("letsencrypt.org"); empty: unknown
  std::string posh_acme;   // Posh-ACME's -DirectoryUrl: LE_PROD, LE_STAGE or the URL
};

inline constexpr std::string_view k_letsencrypt_production = "https://acme-v02.api.letsencrypt.org/directory";
inline constexpr std::string_view k_letsencrypt_staging = "https://acme-staging-v02.api.letsencrypt.org/directory";

// "" or "production" or "letsencrypt": Let's Encrypt production; "staging": its staging
// directory; any other value must be an https URL without spaces or quotes (code
// usage.acme-directory).
Result<AcmeDirectory> parse_acme_directory(std::string_view text);

struct AcmeName {
  HostName name;
  AcmeChallenge challenge;  // what this name needs (or was asked for)
  bool http01_possible;     // port 80 of its public address reaches a site that serves the path
  std::string reason;
  std::string public_ip;     // from the plan's external DNS; empty when it has none
  std::string site;          // key of the site on port 80 of that address ("default", "redirect")
  std::string dns01_record;  // "_acme-challenge.mail.contoso.com."
  std::string cname_target;  // "mail.contoso.com.acme.contoso.com."
};

struct AcmeCommand {
  std::string client;   // "certbot", "lego", "win-acme", "posh-acme", "exchange"
  std::string where;    // the machine it runs on
  std::string purpose;  // one line
  std::vector<std::string> lines;
};

struct AcmeOrder {
  std::string certificate;  // the plan's key
  HostName common_name;
  std::string site;  // the IIS site it is bound to
  std::vector<AcmeName> names;
  AcmeChallenge challenge;  // for the whole order
  std::string reason;
  std::string csr;   // pki/<cn>.csr, as `adplan csr` writes it
  std::string cert;  // pki/<cn>.crt: the full chain, where nginx and `cert check` read it
  std::vector<AcmeCommand> commands;
};

struct AcmeOptions {
  std::string directory;                             // parse_acme_directory's input ("": production)
  std::optional<AcmeChallenge> challenge;            // --challenge: force one type
  bool redirect_pass_through = true;                 // the redirect site passes /.well-known/acme-challenge/ through
  std::optional<HostName> validation_zone;           // CNAME delegation target zone; default acme.<primary domain>
  std::string pki_dir = "pki";                       // where `adplan csr` wrote <cn>.csr
  std::string webroot = "/var/www/acme";             // HTTP-01 webroot served by nginx
  std::string iis_webroot = "C:\\inetpub\\wwwroot";  // the Default Web Site's physical path
  std::optional<std::string> contact;                // ACME account e-mail; default hostmaster@<primary domain>
  Subject subject;                                   // for New-ExchangeCertificate -GenerateRequest
  std::chrono::year_month_day today{};               // lego's renew --days: a third of today's maximum lifetime
};

struct AcmePlan {
  AcmeDirectory directory;
  std::string contact;
  std::string validation_zone;  // "acme.contoso.com"
  std::vector<AcmeOrder> orders;
  std::vector<Finding> findings;  // acme.internal-name (error), acme.redirect-no-pass-through, ...
};

// The whole ACME side of a plan. A bad directory or validation zone is an Error.
Result<AcmePlan> plan_acme(const Plan& p, const AcmeOptions& options);

// The key of the TLS site whose port 80 serves HTTP-01 for some certificate name (nginx and
// IIS need a port-80 listener there), and whether a certificate name reaches the redirect site.
std::vector<std::string> http01_sites(const AcmePlan& acme);
// Whether the plan's external DNS points a name of a certificate at the site's public address
// with a public CA: only then does a plain-http site (scenario 4's redirect) need the pass-through.
bool certificate_name_reaches(const Plan& p, const PlannedSite& site);
bool redirect_site_serves_http01(const AcmePlan& acme);

}  // namespace adplan
