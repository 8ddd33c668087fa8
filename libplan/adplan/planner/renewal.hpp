#pragma once
// Issue 24, `adplan renew`: the rollout of one renewed certificate as steps that cannot half-land.
// Each step is a guard (a PowerShell condition that holds once the step's change is in place) and
// the change; the rendered script runs a change only where its guard fails, so a run that stopped
// half-way is finished by running the script again, and a second full run changes nothing.
// Order: import and enable on every server of the pool (adplan.json's order), the load balancer
// where it bridges TLS, the IMAP/POP services restarted where their binding changed, the
// connectors' and the hybrid configuration's TlsCertificateName, then a verify gate, and only
// after `adplan verify` passed (the script run again with -Verified) the old certificate's removal.
#include <adplan/planner/plan.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace adplan {

// What `renew` learned from the new certificate (pki reads it; cert check judged it).
struct RenewalCertificate {
  std::string file;                  // as given on the command line (for the verify command)
  std::string planned_key;           // the plan's certificate it renews ("default")
  std::string common_name;           // mail.contoso.com
  std::string thumbprint;            // SHA-1 of the DER, upper-case hex: Exchange's Thumbprint
  std::string sha256;                // fingerprint, lower-case hex (what verify reports)
  std::string not_after;             // ISO 8601 UTC
  std::string tls_certificate_name;  // "<I>issuer<S>subject" (pki/tls_name.hpp)
  std::string key_file;              // renew --key ("" none): the PFX can be made here with openssl
  std::string chain_file;            // renew --chain ("" none)
};

enum class RenewalPhase { Rollout, Gate, Removal };

struct RenewalStep {
  std::string id;      // "import:EX01", unique; the state the step establishes
  RenewalPhase phase;  // removal steps run only with -Verified
  std::string title;
  std::string guard;   // PowerShell expression, true when the change is in place
  std::string change;  // PowerShell statements that make it so
};

struct Renewal {
  RenewalCertificate certificate;
  std::vector<RenewalStep> steps;
  std::string verify_command;         // the gate: must pass before the old certificate is removed
  std::string pfx_command;            // how to make the PFX the script imports
  std::vector<std::string> win_acme;  // win-acme's matching installation-script arguments
  std::vector<std::string> notes;     // what the rollout cannot do itself
};

// Pure: the rollout of `cert` for the plan. The plan's servers and pools give the order, its doors
// the services and connectors, Plan::hybrid the hybrid configuration.
Renewal plan_renewal(const Plan& p, const RenewalCertificate& cert);
// The rollout as one idempotent PowerShell script (Exchange Management Shell).
std::string renewal_script(const Renewal& r);
// renew --json: the certificate, the steps in order, the gate, win-acme's arguments.
nlohmann::ordered_json to_json(const Renewal& r);

}  // namespace adplan
