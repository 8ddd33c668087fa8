#pragma once
// The white paper's four scenarios as data (scenarios/*.json, embedded at build time).
// Code interprets these rules; it never branches on a scenario number.
#include <adplan/model/error.hpp>

#include <span>
#include <string>
#include <vector>

namespace adplan {

// One row of the paper's "requirements for each scenario" table.
struct Requirements {
  bool primary_ip = false;
  bool secondary_ip = false;
  bool primary_public_ip = false;
  bool secondary_public_ip = false;
  int certificate_count = 0;
  bool scp_change = false;
  bool web_services_url_change = false;
  bool operator==(const Requirements&) const = default;
};

// Which names a certificate holds; each source expands against the Deployment.
enum class NameSource {
  ExternalHost,
  AutodiscoverHost,
  AutodiscoverHosts,
  ServerFqdns,
  ServerNetbiosWhenInternalNamespace,
  DoorHosts  // the mail doors' host names (adplan.json doors{}); none when no door is planned
};
// Which of a server's addresses a site listens on.
enum class AddressKind { Primary, Secondary };
// Where a name resolves: nowhere, to the primary or to the secondary public address.
enum class AutodiscoverDns { None, Primary, Secondary };
// The host a URL points at.
enum class UrlHost { ServerFqdn, ExternalHost };

struct CertificateRule {
  std::string key;
  NameSource common_name;
  std::vector<NameSource> names;
};

struct SiteRule {
  std::string key;
  std::string name;  // IIS site name
  AddressKind address;
  int port;
  bool tls;
  std::string certificate;  // CertificateRule key; empty for plain http
  bool redirects;           // answers with a 302 to the external host's Autodiscover URL
};

struct RecommendRule {
  int preference;                  // the paper's order of preference
  std::vector<std::string> needs;  // multi_name_certificate, srv_records, second_public_ip
  bool scales_to_many_domains;
  std::string why;
};

struct Scenario {
  int id;
  std::string key;
  std::string title;
  std::string summary;
  std::string paper_section;
  Requirements requirements;
  std::vector<std::string> pros;
  std::vector<std::string> cons;
  std::vector<CertificateRule> certificates;
  std::vector<SiteRule> sites;
  AutodiscoverDns autodiscover_dns;
  bool srv_record;
  UrlHost scp_host;
  UrlHost internal_url_host;
  std::string external_discovery;  // the method an external Outlook client succeeds with
  std::vector<std::string> steps;  // step ids, in the paper's order
  RecommendRule recommend;
};

// Parses one scenario file; errors name the field.
Result<Scenario> parse_scenario(std::string_view json_text, std::string_view source);

// The four built-in scenarios, sorted by id. Throws std::logic_error if the embedded data is
// broken (a build defect, caught by the tests).
std::span<const Scenario> scenarios();
const Scenario* find_scenario(int id);
// A scenario as a person gives it ("1".."4", from --scenario or a prompt); usage.scenario naming
// `field` otherwise.
Result<const Scenario*> choose_scenario(std::string_view text, std::string_view field = "--scenario");

}  // namespace adplan
