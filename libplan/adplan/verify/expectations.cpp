#include <adplan/verify/expectations.hpp>

#include <adplan/planner/steps.hpp>
#include <adplan/verify/internal/url_drift.hpp>

#include <algorithm>
#include <tuple>

namespace adplan::verify {
namespace {

std::string bare(std::string name) {
  if (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

}  // namespace

Expectations expectations_of(const Plan* plan) {
  Expectations e;
  if (!plan) return e;
  const Plan& p = *plan;
  e.planned = true;
  e.plan = plan;
  e.scenario = p.scenario;
  e.autodiscover_url = p.autodiscover_url;
  e.external_host = p.external_host.str();
  e.method = p.external_discovery;
  for (const auto& r : p.dns_external) {
    std::string name = bare(r.name);
    if (r.type == "A" || r.type == "AAAA") {
      e.addresses[name].push_back(r.value);
      auto& line = e.records[name];
      line += (line.empty() ? "" : "; ") + zone_line(r);
    } else if (r.type == "SRV" && name.starts_with("_autodiscover._tcp.")) {
      e.srv = true;
      // "priority weight port target."
      auto last = r.value.rfind(' ');
      e.srv_target = bare(r.value.substr(last + 1));
      e.srv_record = zone_line(r);
    }
  }
  for (auto& [name, list] : e.addresses) std::ranges::sort(list);
  for (const auto& h : p.caa_issuers) e.caa_issuers.push_back(h.str());
  for (const auto& r : p.dns_external) {
    if (r.type != "CAA") continue;
    auto& line = e.caa_records[bare(r.name)];
    line += (line.empty() ? "" : "; ") + zone_line(r);
  }
  for (const auto& c : p.certificates) {
    for (const auto& n : c.sans) {
      if (std::ranges::find(c.internal_names, n.str()) == c.internal_names.end())
        e.caa_names[n.str()] = n.is_wildcard();
    }
  }
  for (const auto& s : p.sites) {
    for (const auto& h : s.hosts) {
      if (s.tls)
        e.https_hosts.insert(h.str());
      else if (s.redirect_to)
        e.redirect_hosts.insert(h.str());
    }
  }
  e.https_hosts.insert(p.external_host.str());
  // The URLs an external client takes from the EXPR section (MS-OXDISCO 2.2.4.1.1.2.4):
  // availability and OOF are EWS (Exchange 2007 SP1 and later).
  std::string mapi_internal_set, mapi_external_set;
  for (const auto& u : p.urls) {
    if (u.server != p.urls.front().server) continue;  // the external URLs are the same on every server
    // Issue 22: a remedy sets exactly the URL that differs, never the plan's whole command.
    const std::string external_set = set_one_url(u.cmdlet, false, u.external);
    switch (u.service) {
      case Service::Ews:
        for (const char* element : {"EwsUrl", "ASUrl", "OOFUrl"})
          e.urls.push_back({element, u.external, false, u.cmdlet, "", false, false, external_set});
        e.v2_remedies["Ews"] = {external_set};
        break;
      case Service::Oab:
        e.urls.push_back({"OABUrl", u.external, true, u.cmdlet, "", false, false, external_set});
        break;
      case Service::Um:
        e.urls.push_back({"UMUrl", u.external, false, u.cmdlet, "", false, false, external_set});
        break;
      case Service::Owa:  // WEB/External/OWAUrl (MS-OXDSCLI 2.2.4.1.1.2.7)
        e.urls.push_back({"External/OWAUrl", u.external, false, u.cmdlet, "", true, false, external_set});
        break;
      case Service::ActiveSync:
        e.mobilesync_remedy = {external_set};
        e.v2_remedies["ActiveSync"] = {external_set};
        break;
      case Service::Mapi:
        mapi_internal_set = set_one_url(u.cmdlet, true, u.internal);
        mapi_external_set = external_set;
        break;
      default:
        break;
    }
  }
  // Issue 11: the mapiHttp section Outlook 2016 and later connect to (MS-OXDSCLI 2.2.4.1.1.2.6).
  e.answers = client_answers(p);
  if (const auto& m = e.answers.mapi_http) {
    for (const auto& [element, url, internal] : {std::tuple{"MailStore/ExternalUrl", &m->mailstore_external, false},
                                                 {"MailStore/InternalUrl", &m->mailstore_internal, true},
                                                 {"AddressBook/ExternalUrl", &m->addressbook_external, false},
                                                 {"AddressBook/InternalUrl", &m->addressbook_internal, true}})
      e.urls.push_back({element, *url, false, m->cmdlet, "mapiHttp", true, internal,
                        internal ? mapi_internal_set : mapi_external_set});
  }
  for (const auto& a : e.answers.autodiscover_v2) {
    if (!e.v2_remedies.contains(a.protocol)) e.v2_remedies[a.protocol] = {a.cmdlet};
  }
  return e;
}

}  // namespace adplan::verify
