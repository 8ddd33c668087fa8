#pragma once
// What a correctly configured server answers each kind of client, derived from the plan
// (issues 11 and 12). render writes these answers out (autodiscover.xml's mapiHttp section,
// autodiscover-mobilesync.xml, autodiscover-v2/<Protocol>.json); verify compares live answers
// with them. Nothing here re-derives a URL: every one is a URL of the plan.
#include <adplan/planner/plan.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace adplan {

// The mapiHttp Protocol section of the POX response (MS-OXDSCLI 2.2.4.1.1.2.6, example 4.4):
// MailStore is <mapi URL>/emsmdb/, AddressBook <mapi URL>/nspi/. Exchange appends
// "?MailboxId=<mailbox GUID>@<domain>" to both; these are the URLs without that query, so a
// comparison takes the answer up to its '?'.
struct MapiHttpUrls {
  std::string mailstore_internal;    // https://<host>/mapi/emsmdb/
  std::string mailstore_external;    // https://<external host>/mapi/emsmdb/
  std::string addressbook_internal;  // https://<host>/mapi/nspi/
  std::string addressbook_external;  // https://<external host>/mapi/nspi/
  std::string cmdlet;                // the plan's Set-MapiVirtualDirectory (a remedy; not in plan --json)
};

// One Autodiscover v2 answer: GET /autodiscover/autodiscover.json/v1.0/<address>?Protocol=<protocol>
// returns 200 {"Protocol": "<protocol>", "Url": "<url>"}.
struct AutodiscoverV2Answer {
  std::string protocol;  // "AutodiscoverV1", "Ews", "ActiveSync" (the value clients send)
  std::string url;
  std::string cmdlet;  // what sets it in the plan (a remedy; not in plan --json)
};

struct ClientAnswers {
  std::optional<MapiHttpUrls> mapi_http;  // when the plan publishes mapi
  // The MobileSync Server Url of the ActiveSync Autodiscover response (MS-ASCMD 2.2.3.170.2):
  // the activesync external URL; absent when the plan does not publish activesync.
  std::optional<std::string> mobilesync_url;
  std::string mobilesync_cmdlet;  // the plan's Set-ActiveSyncVirtualDirectory (a remedy)
  // AutodiscoverV1 (the plan's Autodiscover URL), Ews and ActiveSync when published; empty for
  // Exchange 2007 and 2010, which have no Autodiscover v2 (2013 CU19 and later serve it).
  std::vector<AutodiscoverV2Answer> autodiscover_v2;
};

// From the first Client Access server's URLs (the external URLs are the same on every server).
// verify compares live answers with these (verify/expectations.hpp), render writes them.
ClientAnswers client_answers(const Plan& p);

// The answer for one v2 protocol (nullptr when the plan has none for it).
const AutodiscoverV2Answer* v2_answer(const ClientAnswers& a, std::string_view protocol);

// Where Exchange appends the mailbox to a mapiHttp URL: "?MailboxId=<id>".
std::string mapi_mailbox_url(const std::string& base, const std::string& mailbox_id);

}  // namespace adplan
