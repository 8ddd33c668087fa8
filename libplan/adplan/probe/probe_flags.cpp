#include <adplan/probe/probe_flags.hpp>

#include <adplan/io/atomic_file.hpp>
#include <adplan/model/echo.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/ip_address.hpp>
#include <adplan/probe/dns_server.hpp>

#include <algorithm>
#include <filesystem>

namespace adplan::probe {

std::vector<DnsServer> parse_dns_server_flags(const std::vector<std::string>& texts, Errors& errors) {
  std::vector<DnsServer> servers;
  for (const auto& text : texts) {
    if (auto s = parse_dns_server(text)) {
      servers.push_back(*s);
    } else {
      Error e = s.error();
      e.code = e.code.empty() ? "usage.dns-server" : e.code;
      e.field = e.field.empty() || e.field == "dns_server" ? "--dns-server" : "--dns-server: " + e.field;
      errors.push_back(std::move(e));
    }
  }
  return servers;
}

std::optional<CertificateFacts> read_cert_flag(const std::string& file, Errors& errors) {
  auto pem = read_file(file, 1 << 20);
  Result<CertificateFacts> facts = std::unexpected(Error{"input.pem", {}, "cannot read it", {}});
  if (pem) facts = pem_certificate_facts(*pem);
  if (facts) return *facts;
  errors.push_back(
      {"usage.cert", "--cert", "\"" + file + "\": " + facts.error().message + " (give a PEM certificate)", ""});
  return std::nullopt;
}

Errors apply_probe_flags(const ProbeFlags& f, ProbeOptions& po) {
  Errors errors;
  po.dns_servers = parse_dns_server_flags(f.dns_servers, errors);
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
  if (f.ca_file.empty()) return errors;
  po.anchors.ca_file = f.ca_file;
  if (std::error_code ec; !std::filesystem::is_regular_file(f.ca_file, ec))
    errors.push_back({"usage.ca-file", "--ca-file", "\"" + f.ca_file + "\" is not a file", ""});
  return errors;
}

}  // namespace adplan::probe
