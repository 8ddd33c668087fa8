#include <adplan/model/ip_address.hpp>
#include <adplan/observe/srv_order.hpp>
#include <adplan/verify/internal/judge.hpp>

#include <algorithm>

namespace adplan::verify {
namespace {

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : " ") + s;
  return out.empty() ? "(none)" : out;
}

bool is_srv_target(const observe::Observations& obs, const std::string& name) {
  return std::ranges::any_of(obs.srv.records, [&](const observe::SrvRecord& r) { return r.target == name; });
}

// A DNS server that answers nothing at all (down, filtered, wrong --dns-server) is one
// problem, named as such, not a dozen missing records.
bool server_failed(observe::DnsStatus s) {
  return s == observe::DnsStatus::Timeout || s == observe::DnsStatus::Refused ||
         s == observe::DnsStatus::ServerFailure || s == observe::DnsStatus::Error;
}

}  // namespace

void judge_dns(Judge& j) {
  const auto& lookups = j.obs.lookups;
  if (!lookups.empty() && server_failed(j.obs.srv.status) &&
      std::ranges::all_of(lookups, [](const observe::AddressLookup& l) { return server_failed(l.status); })) {
    j.add("dns.server-unreachable", Severity::Error, "DNS",
          "no DNS question got an answer (" + std::string(observe::to_string(lookups.front().status)) +
              "): the DNS servers asked are down, unreachable or refuse these names, so nothing else can be judged",
          "check --dns-server (or the system's resolvers) and that UDP and TCP port 53 reach them",
          lookups.front().error);
    return;
  }
  for (const auto& l : j.obs.lookups) {
    auto expected = j.expect.addresses.find(l.name);
    bool planned = expected != j.expect.addresses.end();
    std::string remedy = planned ? "publish the planned record: " + j.expect.records.at(l.name) : "";
    if (l.status == observe::DnsStatus::Timeout) {
      j.add("dns.timeout", planned ? Severity::Error : Severity::Warning, l.name,
            "the DNS servers did not answer for " + l.name + " in time; clients wait, then give up on this name",
            "check that the DNS servers answer for the zone (and that nothing drops port 53)", l.error);
      continue;
    }
    if (l.addresses.empty()) {
      // An SRV target without an address is dns.srv-target (judge_srv).
      if (!planned && is_srv_target(j.obs, l.name)) continue;
      if (planned) {
        j.add("dns.no-address", Severity::Error, l.name,
              l.name + " has no address record, but the plan puts a service there", remedy,
              std::string(observe::to_string(l.status)) + (l.error.empty() ? "" : ": " + l.error));
      } else {
        j.add("dns.no-address", Severity::Info, l.name,
              l.name +
                  " has no address record; clients skip the discovery method that uses it (normal when the "
                  "scenario does not use it)",
              "none needed", std::string(observe::to_string(l.status)));
      }
      continue;
    }
    // Issue 10 (SSRF): the probe connected to none of these; a client would try them.
    for (const auto& a : l.addresses) {
      auto ip = IpAddress::parse_host(a);
      auto forbidden = ip ? forbidden_target(*ip) : std::nullopt;
      if (!forbidden) continue;
      j.add("dns.forbidden-address", Severity::Error, l.name,
            l.name + (is_srv_target(j.obs, l.name) ? " (an SRV target)" : "") + " resolves to " + ip->str() + " in " +
                forbidden->range + ", " + forbidden->why + ": verify does not connect there",
            planned ? "correct the record: " + j.expect.records.at(l.name)
                    : "remove the record, or point it at the server's routable address",
            "answer: " + joined(l.addresses));
    }
    if (planned) {
      auto seen = l.addresses;
      std::ranges::sort(seen);
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      if (seen != expected->second) {
        j.add("dns.address-mismatch", Severity::Error, l.name,
              l.name + " resolves to " + joined(seen) + ", the plan says " + joined(expected->second) +
                  ": clients reach a different server than planned",
              "correct the record: " + j.expect.records.at(l.name),
              "answer: " + joined(l.addresses) + (l.canonical.empty() ? "" : " (via CNAME " + l.canonical + ")"));
      }
    }
  }
}

void judge_srv(Judge& j) {
  const auto& srv = j.obs.srv;
  const Severity used = j.expect.srv ? Severity::Error : Severity::Warning;
  std::string record =
      j.expect.srv_record.empty() ? srv.name + ". 3600 IN SRV 0 0 443 <external host>." : j.expect.srv_record;
  if (srv.status == observe::DnsStatus::Timeout) {
    j.add("dns.timeout", used, srv.name, "the DNS servers did not answer the SRV question in time",
          "check that the DNS servers answer for the zone", srv.error);
    return;
  }
  if (srv.records.empty()) {
    if (j.expect.srv) {
      j.add("dns.srv-missing", Severity::Error, srv.name,
            "the plan finds Autodiscover through the SRV record (MS-OXDISCO 3.1.5.5), but there is none: external "
            "clients find no Autodiscover service",
            "publish the record: " + record, std::string(observe::to_string(srv.status)));
    }
    return;
  }
  if (srv.ignored > 0) {
    j.add("dns.srv-ignored", Severity::Warning, srv.name,
          std::to_string(srv.ignored) + " SRV record(s) ignored: " + std::to_string(srv.records.size() + srv.ignored) +
              " in the answer; like a client working through them in order, adplan resolved and probed only the "
              "first " +
              std::to_string(srv.records.size()) + " (at most " + std::to_string(observe::k_srv_per_priority) +
              " per priority, " + std::to_string(observe::k_srv_total) + " in all)",
          "publish one SRV record per Autodiscover host (a few at most): " + record,
          std::to_string(srv.ignored) + " SRV records ignored");
  }
  bool any443 = false;
  for (const auto& r : srv.records) {
    std::string line = std::to_string(r.priority) + " " + std::to_string(r.weight) + " " + std::to_string(r.port) +
                       " " + r.target + ".";
    if (r.port != 443) {
      j.add("dns.srv-port", used, srv.name,
            "the SRV record points at port " + std::to_string(r.port) +
                "; clients use only records with port 443 (MS-OXDISCO 3.1.5.5) and ignore this one",
            "publish port 443: " + record, line);
      continue;
    }
    any443 = true;
    const auto* target = j.obs.lookup(r.target);
    if (!target || target->addresses.empty()) {
      j.add("dns.srv-target", used, srv.name, "the SRV target " + r.target + " has no address record",
            "point the SRV record at a host with an A or AAAA record: " + record, line);
      continue;
    }
    if (!target->canonical.empty()) {
      j.add("dns.srv-target", used, srv.name,
            "the SRV target " + r.target + " is an alias (CNAME to " + target->canonical +
                "); RFC 2782: the target must be a name with address records, not an alias",
            "point the SRV record at the canonical name: " + record, line);
    }
    if (const auto* e = j.obs.endpoint(observe::Role::SrvHttps, r.target); e && e->tls() && !e->tls()->name_matches) {
      j.add("dns.srv-target", used, srv.name,
            "the certificate at the SRV target " + r.target + " does not name it: Outlook shows a certificate warning",
            "point the SRV record at the host the certificate names (" + j.expect.external_host +
                "), or reissue the certificate",
            "certificate: " + certificate_summary(e->tls()->chain.front()));
    }
    if (j.expect.srv && !j.expect.srv_target.empty() && r.target != j.expect.srv_target) {
      j.add("dns.srv-target", Severity::Error, srv.name,
            "the SRV record points at " + r.target + ", the plan at " + j.expect.srv_target,
            "publish the planned record: " + record, line);
    }
  }
  if (!any443 && j.expect.srv) {
    j.add("dns.srv-missing", Severity::Error, srv.name,
          "no SRV record with port 443: external clients that rely on SRV find no Autodiscover service",
          "publish the record: " + record, std::to_string(srv.records.size()) + " record(s), none on port 443");
  }
}

}  // namespace adplan::verify
