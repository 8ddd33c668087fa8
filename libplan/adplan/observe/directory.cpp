#include <adplan/observe/directory.hpp>

#include <adplan/observe/url.hpp>

#include <algorithm>

namespace adplan::observe {

std::size_t ScpLookup::objects() const {
  std::size_t n = 0;
  for (const auto& a : answers) n += a.objects.size();
  return n;
}

ScpObservation to_observation(const ScpLookup& lookup, std::string_view directory, std::string_view client_site,
                              int ms) {
  ScpObservation out;
  out.directory = directory;
  out.client_site = client_site;
  out.objects = lookup.objects();
  out.trace = lookup.trace;
  out.errors = lookup.errors;
  out.untrusted = lookup.untrusted;
  out.cleartext_bind = lookup.cleartext_bind;
  for (const auto& r : lookup.urls) {
    auto url = parse_url(r.url);
    if (!url || url->scheme != "https") {
      out.errors.push_back({"scp.not-https", "SCP " + r.dn, "\"" + r.url + "\" is not an https URL", ""});
      continue;
    }
    out.urls.push_back({r.url, url->host, r.priority, r.sites, r.dn});
  }
  out.ms = ms;
  return out;
}

std::vector<std::string> scp_hosts(const ScpObservation& scp) {
  std::vector<std::string> out;
  for (const auto& u : scp.urls) {
    if (std::ranges::find(out, u.host) == out.end()) out.push_back(u.host);
  }
  return out;
}

}  // namespace adplan::observe
