#include "verify_outlook_flags.hpp"

#include "common.hpp"

#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/model/text.hpp>
#include <adplan/observe/url.hpp>
#include <adplan/verify/outlook2016.hpp>

namespace adplan::cli {

void add_outlook_flags(CLI::App& cmd, OutlookFlags& f) {
  // NAME,...: comma-separated, repeatable.
  auto list = [&cmd](const char* name, std::vector<std::string>& into, const char* help) {
    cmd.add_option(name, into, help)
        ->delimiter(',')
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  };
  list("--exclude", f.exclude,
       "METHOD,...: simulate Outlook 2016+'s Exclude* policy for the outlook-2016 client (o365, scp, "
       "root-https, autodiscover-https, http-redirect, srv); every probe and finding stays");
  list("--redirect-servers", f.redirect_servers,
       "HOST,...: the hosts already listed under Outlook's RedirectServers key (KB 2480582): the "
       "outlook-2016 client follows an http redirect to them without the redirect prompt");
  cmd.add_option("--o365-endpoint", f.o365_endpoint,
                 "URL|none: where Exchange Online's claim on the address is asked (Autodiscover v2; default "
                 "https://outlook.office365.com; none skips it)");
}

void resolve_outlook_flags(const OutlookFlags& f, const Plan* plan, probe::ProbeOptions& po, Errors& errors) {
  for (const auto& name : f.exclude) {
    if (!verify::excludable_method(name))
      errors.push_back(usage_error("exclude", "--exclude", "\"" + name.substr(0, 80) + "\" is not a method",
                                   "one of o365, scp, root-https, autodiscover-https, http-redirect, srv"));
  }
  for (const auto& name : f.redirect_servers) {
    if (!HostName::parse(name))
      errors.push_back(usage_error("redirect-servers", "--redirect-servers",
                                   "\"" + name.substr(0, 80) + "\" is not a host name",
                                   "the host names listed under RedirectServers, e.g. mail.contoso.com"));
  }
  if (f.o365_endpoint == "none") {
    po.o365_endpoint.clear();
  } else {
    auto url = observe::parse_url(f.o365_endpoint);
    bool host_ok = url && (IpAddress::parse_host(url->host) || HostName::parse(url->host, true));
    if (!url || !host_ok || url->scheme != "https")
      errors.push_back(usage_error("o365-endpoint", "--o365-endpoint",
                                   "\"" + f.o365_endpoint.substr(0, 80) + "\" is not an https URL",
                                   "https://outlook.office365.com, a lab host, or none"));
    else
      po.o365_endpoint = f.o365_endpoint;
  }
  // Issue 11: a POX redirect's credentials may follow to every autodiscover.<domain> of the plan.
  if (plan) {
    for (const auto& d : plan->domains) po.approved_hosts.push_back("autodiscover." + d.str());
  }
}

std::vector<verify::Method> excluded_methods(const OutlookFlags& f) {
  std::vector<verify::Method> out;
  for (const auto& name : f.exclude) {
    if (auto m = verify::excludable_method(name)) out.push_back(*m);
  }
  return out;
}

std::vector<std::string> redirect_servers(const OutlookFlags& f) {
  std::vector<std::string> out;
  for (const auto& name : f.redirect_servers) {
    if (auto h = HostName::parse(name)) out.push_back(ascii_lower(h->str()));
  }
  return out;
}

}  // namespace adplan::cli
