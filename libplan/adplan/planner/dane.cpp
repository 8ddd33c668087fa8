#include <adplan/planner/dane.hpp>

#include <algorithm>
#include <tuple>

namespace adplan {
namespace {

// The zone a host's records go in: where the plan put its address record, else the longest
// external zone that holds it.
std::string zone_for(const Plan& p, const HostName& host) {
  for (const auto& r : p.dns_external) {
    if (r.name == host.fqdn()) return r.zone;
  }
  std::string best;
  const std::string name = host.str();
  for (const auto& z : p.zones) {
    if (z.view != "external") continue;
    if ((name == z.name || name.ends_with("." + z.name)) && z.name.size() > best.size()) best = z.name;
  }
  return best;
}

}  // namespace

std::vector<DnsRecord> tlsa_records(const Plan& p, const DaneKeys& keys) {
  std::vector<DnsRecord> out;
  if (!p.dane) return out;
  const auto& dn = *p.dane;
  for (const auto& host : dn.hosts) {
    const std::string owner = tlsa_owner(host.str()) + ".";
    const std::string zone = zone_for(p, host);
    auto add = [&](const std::optional<TlsaRecord>& r, const std::string& why) {
      if (r) out.push_back({zone, owner, "TLSA", r->str(), dn.ttl, why});
    };
    for (const auto& t : dn.tlsa) {
      if (t.usage == k_tlsa_dane_ee) {
        if (keys.current)
          add(tlsa_record_for(*keys.current, t), "DANE (RFC 7672): " + t.str() + " of the key the smtp door presents");
        if (keys.next)
          add(tlsa_record_for(*keys.next, t),
              "DANE: " + t.str() + " of the next key, published at least 2 x TTL before the switch");
      } else {
        for (const auto& ca : keys.issuers)
          add(tlsa_record_for(ca, t), "DANE-TA (RFC 7671 5.2.2): " + t.str() + " of an issuing CA");
      }
    }
  }
  std::ranges::sort(out, [](const DnsRecord& a, const DnsRecord& b) {
    return std::tie(a.name, a.value) < std::tie(b.name, b.value);
  });
  auto dup = std::ranges::unique(
      out, [](const DnsRecord& a, const DnsRecord& b) { return a.name == b.name && a.value == b.value; });
  out.erase(dup.begin(), dup.end());
  return out;
}

std::vector<std::string> tlsa_gaps(const Plan& p, const DaneKeys& keys) {
  std::vector<std::string> out;
  if (!p.dane) return out;
  const auto& dn = *p.dane;
  const bool ee = std::ranges::any_of(dn.tlsa, [](const TlsaParams& t) { return t.usage == k_tlsa_dane_ee; });
  const bool ta = std::ranges::any_of(dn.tlsa, [](const TlsaParams& t) { return t.usage == k_tlsa_dane_ta; });
  if (dn.certificate.empty()) {
    out.push_back("no TLSA records: no planned certificate answers the smtp door (see dane.no-certificate)");
    return out;
  }
  if (ee && !keys.current)
    out.push_back("no DANE-EE records yet: the key of certificate \"" + dn.certificate +
                  "\" is not made (adplan csr writes it)");
  if (ee && dn.rollover == DaneRollover::NextKey && !keys.next)
    out.push_back("no record for a next key: the plan rolls over to a next key (adplan csr --next-key makes it)");
  if (ta && keys.issuers.empty())
    out.push_back("no DANE-TA records yet: they need the issued certificate with its chain (the .crt beside the key)");
  return out;
}

}  // namespace adplan
