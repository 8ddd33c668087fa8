#include <adplan/planner/client_answers.hpp>

#include <algorithm>

namespace adplan {
namespace {

const ServiceUrl* first_server_url(const Plan& p, Service s) {
  if (p.urls.empty()) return nullptr;
  const std::string& server = p.urls.front().server;
  auto it = std::ranges::find_if(p.urls, [&](const ServiceUrl& u) { return u.server == server && u.service == s; });
  return it == p.urls.end() ? nullptr : &*it;
}

}  // namespace

ClientAnswers client_answers(const Plan& p) {
  ClientAnswers a;
  if (const auto* m = first_server_url(p, Service::Mapi)) {
    // MS-OXCMAPIHTTP: the mailbox server endpoint is /mapi/emsmdb/, the address book's /mapi/nspi/.
    a.mapi_http = MapiHttpUrls{m->internal + "/emsmdb/", m->external + "/emsmdb/", m->internal + "/nspi/",
                               m->external + "/nspi/", m->cmdlet};
  }
  const auto* as = first_server_url(p, Service::ActiveSync);
  if (as) {
    a.mobilesync_url = as->external;
    a.mobilesync_cmdlet = as->cmdlet;
  }
  // Autodiscover v2 answers with the URL of the protocol asked for: AutodiscoverV1 the POX
  // Autodiscover URL, Ews the EWS URL, ActiveSync the ActiveSync URL (external URLs). Exchange
  // serves it from 2013 CU19 on; 2007 and 2010 have no /autodiscover/autodiscover.json.
  if (p.exchange < ExchangeVersion::Ex2013) return a;
  a.autodiscover_v2.push_back({"AutodiscoverV1", p.autodiscover_url,
                               "point the Autodiscover host at " + p.external_host.str() + " (adplan plan)"});
  if (const auto* ews = first_server_url(p, Service::Ews))
    a.autodiscover_v2.push_back({"Ews", ews->external, ews->cmdlet});
  if (as) a.autodiscover_v2.push_back({"ActiveSync", as->external, as->cmdlet});
  return a;
}

const AutodiscoverV2Answer* v2_answer(const ClientAnswers& a, std::string_view protocol) {
  auto it = std::ranges::find(a.autodiscover_v2, protocol, &AutodiscoverV2Answer::protocol);
  return it == a.autodiscover_v2.end() ? nullptr : &*it;
}

std::string mapi_mailbox_url(const std::string& base, const std::string& mailbox_id) {
  return base + "?MailboxId=" + mailbox_id;
}

}  // namespace adplan
