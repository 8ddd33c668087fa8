#pragma once
// What a correct deployment shows from outside, derived from the Plan (never re-derived):
// which names resolve where, where the Autodiscover service answers, whether SRV and the
// redirect site are part of the scenario, and the URLs the response must carry.
#include <adplan/planner/client_answers.hpp>
#include <adplan/planner/plan.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace adplan::verify {

struct ExpectedUrl {
  std::string element;  // "EwsUrl", "ASUrl", "OOFUrl", "UMUrl", "OABUrl", "External/OWAUrl" (WEB);
                        // "MailStore/ExternalUrl", "AddressBook/InternalUrl", ... (mapiHttp)
  std::string url;      // the plan's URL (external, but the mapiHttp InternalUrls)
  bool prefix = false;  // OABUrl carries the OAB's GUID after the virtual directory
  std::string cmdlet;   // the plan's command that sets it
  std::string type;     // the Protocol section it is read from: "" for EXPR and WEB, "mapiHttp"
  // mapiHttp and OWA: compared without the query (Exchange appends ?MailboxId=<guid>@<domain>)
  // and without a trailing slash (Exchange writes OWA's URL with one, the plan without)
  bool loose = false;
  bool internal = false;  // an InternalUrl: what clients inside the network use
  // Issue 22: the remedies for a live value that differs (verify/internal/url_drift.hpp): the
  // command that sets exactly this URL (-InternalUrl or -ExternalUrl) to the plan's value, and how
  // adplan.json would adopt a live value ("" for none; filled per live value by adopt_remedy).
  std::string set_remedy;
};

// Issue 22: the remedy for one answer URL outside the POX response (MobileSync, Autodiscover v2).
struct UrlRemedy {
  std::string set;  // sets exactly this URL to the plan's value
};

struct Expectations {
  bool planned = false;                                       // false: discovery only
  std::map<std::string, std::vector<std::string>> addresses;  // external view: name -> sorted addresses
  std::map<std::string, std::string> records;                 // name -> zone-file line(s), for remedies
  std::set<std::string> https_hosts;                          // Autodiscover over https is planned here
  std::set<std::string> redirect_hosts;                       // the port-80 redirect site (scenario 4)
  bool srv = false;                                           // the plan publishes _autodiscover._tcp
  std::string srv_target;                                     // the planned SRV target
  std::string srv_record;                                     // its zone-file line
  std::string autodiscover_url;                               // where every method must lead
  std::string external_host;
  std::string method;  // plan.external_discovery
  std::vector<ExpectedUrl> urls;
  // What a correct server answers each kind of client (planner/client_answers.hpp): the
  // MobileSync URL and the Autodiscover v2 answers the activesync and autodiscover-v2 judges
  // compare with, the mapiHttp URLs (also in `urls`). The plan's own answers, never re-derived.
  ClientAnswers answers;
  UrlRemedy mobilesync_remedy;                   // the MobileSync URL: the ActiveSync -ExternalUrl
  std::map<std::string, UrlRemedy> v2_remedies;  // Autodiscover v2 protocol -> its URL's remedy
  const Plan* plan = nullptr;                    // for adopt_remedy (nullptr: discovery only)
  int scenario = 0;
  std::vector<std::string> caa_issuers;            // the plan's CAs (CAA issuer domains)
  std::map<std::string, bool> caa_names;           // certificate name -> is a wildcard
  std::map<std::string, std::string> caa_records;  // zone -> the plan's CAA lines there
};

Expectations expectations_of(const Plan* plan);

}  // namespace adplan::verify
