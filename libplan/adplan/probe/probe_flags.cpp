#include <adplan/probe/probe_flags.hpp>

#include <adplan/model/echo.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/probe/dns_server.hpp>

#include <algorithm>

namespace adplan::probe {

Errors apply_probe_flags(const ProbeFlags& f, ProbeOptions& po) {
  Errors errors;
  for (const auto& text : f.dns_servers) {
    if (auto s = parse_dns_server(text)) {
      po.dns_servers.push_back(*s);
    } else {
      Error e = s.error();
      e.code = e.code.empty() ? "usage.dns-server" : e.code;
      e.field = e.field.empty() || e.field == "dns_server" ? "--dns-server" : "--dns-server: " + e.field;
      errors.push_back(std::move(e));
    }
  }
  for (const auto& h : f.allow_redirect) {
    if (auto ip = IpAddress::parse_host(h))
      po.allow_redirect.push_back(ip->str());
    else if (auto host = HostName::parse(h, true))
      po.allow_redirect.push_back(host->str());
    else
      errors.push_back({"usage.allow-redirect", "--allow-redirect",
                        quote_value(h) + " is not a host name or address (" + host.error().message + ")", ""});
  }
  const int max = static_cast<int>(k_max_parallel);
  if (f.parallel < 1 || f.parallel > max)
    errors.push_back({"usage.parallel", "--parallel", "must be between 1 and " + std::to_string(max), ""});
  po.parallel = static_cast<std::size_t>(std::clamp(f.parallel, 1, max));
  return errors;
}

}  // namespace adplan::probe
