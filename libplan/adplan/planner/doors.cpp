// Issue 23: the mail doors (SMTP, submission, IMAP, POP), which certificate answers each, and
// MTA-STS / TLS-RPT per accepted domain.
#include <adplan/planner/internal/doors.hpp>

#include <adplan/planner/mta_sts.hpp>

#include <algorithm>
#include <set>

namespace adplan {
namespace {

constexpr std::string_view k_mta_sts_certificate = "mta-sts";

// The first of the scenario's certificates naming the host ("" when none does). The policy
// hosts' certificate is not one of Exchange's and answers no mail door.
std::string answering_certificate(const Plan& p, const HostName& host) {
  for (const auto& c : p.certificates) {
    if (!c.mta_sts_policy && c.covers(host)) return c.key;
  }
  return {};
}

void plan_policy_certificate(Plan& p, const Deployment& d) {
  std::vector<HostName> hosts;
  for (const auto& m : d.mta_sts) {
    if (auto h = m.domain.child("mta-sts")) hosts.push_back(*h);
  }
  if (hosts.empty()) return;
  // RFC 8461 3.3: the policy host presents a certificate valid for its own name. It gets its own
  // certificate in every scenario, outside the scenario's certificate rules.
  PlannedCertificate cert{
      std::string(k_mta_sts_certificate), hosts.front(), {hosts.front()}, "MTA-STS policy site", {}, {}, true};
  std::vector<HostName> rest(hosts.begin() + 1, hosts.end());
  std::ranges::sort(rest);
  cert.sans.insert(cert.sans.end(), rest.begin(), rest.end());
  for (const auto& server : d.servers) cert.bindings.push_back(server.ip.url_host() + ":443");
  for (const auto& h : cert.sans) {
    if (is_internal_name(h.str())) cert.internal_names.push_back(h.str());
  }
  p.certificates.push_back(std::move(cert));
}

bool has_address(const std::vector<DnsRecord>& view, const std::string& fqdn) {
  return std::ranges::any_of(view, [&](const DnsRecord& r) {
    return r.name == fqdn && (r.type == "A" || r.type == "AAAA" || r.type == "CNAME");
  });
}

}  // namespace

std::string txt_value(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void plan_mail_doors(Plan& p, const Deployment& d) {
  plan_policy_certificate(p, d);
  for (const auto& door : d.doors) {
    if (door.kind == DoorKind::Smtp) p.mx = door.hosts;
    for (const auto& host : door.hosts) {
      const std::string cert = answering_certificate(p, host);
      for (const auto& port : door_ports(door.kind)) p.doors.push_back({door.kind, host, port.port, port.tls, cert});
    }
  }
  if (d.dane && !p.mx.empty())
    p.dane = PlannedDane{d.dane->tlsa, d.dane->rollover, p.mx, answering_certificate(p, p.mx.front()), d.dns_ttl};
  const EmailAddress rua = d.tls_rpt ? *d.tls_rpt : *EmailAddress::parse("tlsrpt@" + d.primary_domain().str());
  for (const auto& m : d.mta_sts) {
    auto host = m.domain.child("mta-sts");
    if (!host) continue;  // a domain of 245+ octets has no room for the label; lint says so
    PlannedMtaSts s{m.domain,
                    m.mode,
                    p.mx,
                    d.mta_sts_max_age,
                    mta_sts_policy(m.mode, p.mx, d.mta_sts_max_age),
                    {},
                    *host,
                    mta_sts_policy_url(*host),
                    std::string(k_mta_sts_certificate),
                    {},
                    tls_rpt_record(rua)};
    s.id = mta_sts_id(s.policy);
    s.sts_record = mta_sts_record(s.id);
    p.mta_sts.push_back(std::move(s));
  }
}

void plan_mail_records(Plan& p, const Deployment& d, const ZoneIndex& zones) {
  if (d.doors.empty() && p.mta_sts.empty()) return;
  // MX (RFC 5321 5.1): every accepted domain's mail goes to the smtp door's hosts, in order.
  for (const auto& domain : d.domains) {
    for (std::size_t i = 0; i < p.mx.size(); ++i) {
      p.dns_external.push_back({domain.str(), domain.fqdn(), "MX", std::to_string(10 * (i + 1)) + " " + p.mx[i].fqdn(),
                                d.dns_ttl, "MX (RFC 5321 5.1): inbound mail for " + domain.str() + " (the smtp door)"});
    }
  }
  // Each door host reaches the Exchange servers: the public address outside, each server inside.
  std::set<std::string> seen;
  std::vector<HostName> door_hosts;
  for (const auto& door : d.doors) {
    for (const auto& h : door.hosts) {
      if (seen.insert(h.str()).second) door_hosts.push_back(h);
    }
  }
  std::vector<DnsRecord> ext, in;
  for (const auto& h : door_hosts) {
    if (!has_address(p.dns_external, h.fqdn())) {
      ext.push_back({zones.zone_of(h), h.fqdn(), std::string(d.public_ip.record_type()), d.public_ip.str(), d.dns_ttl,
                     "mail door host: the Exchange servers behind the public address"});
    }
    if (!has_address(p.dns_internal, h.fqdn())) {
      for (const auto& server : d.servers) {
        in.push_back({zones.zone_of(h), h.fqdn(), std::string(server.ip.record_type()), server.ip.str(), d.dns_ttl,
                      "mail door host: the Exchange server inside"});
      }
    }
  }
  // MTA-STS (RFC 8461 3.1, 3.3) and TLS reporting (RFC 8460 3), per domain with a policy.
  for (const auto& m : p.mta_sts) {
    const std::string zone = zones.zone_of(m.domain);
    ext.push_back({zone, "_mta-sts." + m.domain.fqdn(), "TXT", txt_value(m.sts_record), d.dns_ttl,
                   "MTA-STS (RFC 8461 3.1): a policy in mode " + std::string(mta_sts_mode_key(m.mode)) +
                       "; the id changes with the policy"});
    ext.push_back({zone, "_smtp._tls." + m.domain.fqdn(), "TXT", txt_value(m.tls_rpt_record), d.dns_ttl,
                   "TLS reporting (RFC 8460 3): where senders report TLS failures"});
    if (!has_address(p.dns_external, m.policy_host.fqdn())) {
      ext.push_back({zones.zone_of(m.policy_host), m.policy_host.fqdn(), std::string(d.public_ip.record_type()),
                     d.public_ip.str(), d.dns_ttl,
                     "MTA-STS policy host (RFC 8461 3.3): the web server that serves /.well-known/mta-sts.txt"});
    }
  }
  p.dns_external.insert(p.dns_external.end(), ext.begin(), ext.end());
  p.dns_internal.insert(p.dns_internal.end(), in.begin(), in.end());
}

}  // namespace adplan
