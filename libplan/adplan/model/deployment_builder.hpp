#pragma once
// adplan.json from answers (init's flags or prompts): the draft holds the values as the user
// gave them, as text; validation is deployment_from_json's, so every problem names its field.
#include <adplan/model/deployment.hpp>
#include <adplan/model/error.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// One Client Access server as given on one line: NAME,FQDN,IP[,SITE[,SECONDARY_IP]].
struct ServerSpec {
  std::string name;
  std::string fqdn;
  std::string ip;
  std::optional<std::string> site;          // absent when empty
  std::optional<std::string> secondary_ip;  // absent when empty
};

// Splits NAME,FQDN,IP[,SITE[,SECONDARY_IP]]; only the shape is checked here (input.server-spec).
Result<ServerSpec> parse_server_spec(std::string_view text);

// Subject of the certificates: O, OU, L, ST, C; unset values are left out.
struct SubjectDraft {
  std::optional<std::string> organization, unit, locality, state, country;
};

// adplan.json's values as given (init's flags and answers); what is absent is left out of the
// document, so validation reports it missing.
// `base` (adplan.json's subject) with the values `given` sets in their place, each checked as
// adplan.json's are (parse_subject_value, parse_country_code); the first bad one is the error.
Result<Subject> override_subject(Subject base, const SubjectDraft& given);

struct DeploymentDraft {
  std::optional<int> scenario;
  std::optional<std::string> exchange;  // absent: "SE"
  std::vector<std::string> domains;     // the first is primary
  std::optional<std::string> external_host, autodiscover_host, internal_domain;
  std::vector<ServerSpec> servers;
  std::optional<std::string> public_ip, secondary_public_ip, ca;
  std::optional<std::vector<std::string>> services;  // absent: left out (the default set)
  SubjectDraft subject;
  std::optional<unsigned> dns_ttl;
  std::vector<std::string> caa_issuers;              // init --caa-issuer, repeatable; empty: left out
  std::vector<std::string> name_servers;             // NAME[,IP] each
  std::optional<std::string> exchange_organization;  // absent: "First Organization"
  // Mail doors (init --doors smtp,submission,imap,pop; --mx HOST, repeatable; --mta-sts MODE):
  // each door's hosts default to the external host, the smtp door's to the --mx hosts; --mx
  // alone plans the smtp door; --mta-sts sets the mode of every domain.
  std::vector<std::string> doors;
  std::vector<std::string> mx;
  std::optional<std::string> mta_sts;
  // Issue 24 (init --load-balancer IP[,MODE], repeatable; --extended-protection on|off): one load
  // balancer for the external host with every IP given; MODE defaults to passthrough.
  std::vector<std::string> load_balancers;
  std::optional<std::string> extended_protection;
  // Issue 27 (init --dane [LIST], --dane-rollover reuse-key|next-key): "" plans the default 3 1 1.
  std::optional<std::string> dane;
  std::optional<std::string> dane_rollover;
};

// The adplan.json document of a draft, keys as the schema names them.
nlohmann::json to_deployment_json(const DeploymentDraft& draft);
// The draft validated as adplan.json is: every problem at once.
Checked<Deployment> build_deployment(const DeploymentDraft& draft);

// A certificate subject's O, OU, L or ST, wherever it comes from (adplan.json, csr's flags):
// at most 64 letters, digits, spaces and . , - & ( ) / (RFC 5280 appendix A: ub-organization-name
// 64; PrintableString's characters but ' + = : ?, so nothing needs quoting in PowerShell or
// OpenSSL configs; the comma is quoted in -SubjectName by rdn_value, RFC 4514 2.4);
// input.subject naming the value otherwise.
Result<std::string> parse_subject_value(std::string_view text);

// A certificate subject's C: two capital letters (ISO 3166-1 alpha-2; RFC 5280 appendix A:
// PrintableString SIZE(2)); input.country otherwise.
Result<std::string> parse_country_code(std::string_view text);

// "a,b,,c" -> {"a", "b", "", "c"}; a trailing separator gives a trailing empty item.
std::vector<std::string> split_list(std::string_view text, char separator);

// init --dane's words as the shell split them ({"3", "1", "1,2", "1", "1"}) back into one list,
// "3 1 1,2 1 1"; spaces around commas dropped. No words: "" (the default parameters).
std::string join_words(const std::vector<std::string>& words);

}  // namespace adplan
