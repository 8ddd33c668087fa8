#include <adplan/probe/internal/doors.hpp>

#include <adplan/model/sanitize.hpp>
#include <adplan/probe/internal/certificate.hpp>
#include <adplan/probe/internal/mail_door.hpp>
#include <adplan/probe/internal/shared.hpp>

#include <ares.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace adplan::probe {
namespace {

constexpr int k_type_mx = 15;   // RFC 1035
constexpr int k_type_txt = 16;  // RFC 1035

void add_target(std::vector<DoorTarget>& out, DoorTarget t) {
  t.host = normal_name(t.host);
  auto same = [&](const DoorTarget& o) { return o.door == t.door && o.host == t.host && o.port == t.port; };
  if (std::ranges::none_of(out, same)) out.push_back(std::move(t));
}

}  // namespace

std::vector<MxRecord> parse_mx_reply(const unsigned char* reply, int length) {
  std::vector<MxRecord> out;
  ares_mx_reply* mx = nullptr;
  if (ares_parse_mx_reply(reply, length, &mx) != ARES_SUCCESS) return out;
  for (ares_mx_reply* m = mx; m; m = m->next) {
    std::string host = normal_name(m->host ? m->host : "");
    if (host.empty()) continue;  // RFC 7505: "." is a null MX, no mail at all
    out.push_back({m->priority, shown(host, 253)});
  }
  ares_free_data(mx);
  std::ranges::stable_sort(out, [](const MxRecord& a, const MxRecord& b) {
    return std::tie(a.preference, a.host) < std::tie(b.preference, b.host);
  });
  if (out.size() > k_max_mx) out.resize(k_max_mx);
  return out;
}

std::vector<std::string> parse_txt_reply(const unsigned char* reply, int length) {
  std::vector<std::string> out;
  ares_txt_ext* txt = nullptr;
  if (ares_parse_txt_reply_ext(reply, length, &txt) != ARES_SUCCESS) return out;
  for (ares_txt_ext* t = txt; t; t = t->next) {
    std::string part(reinterpret_cast<const char*>(t->txt), t->length);
    if (t->record_start || out.empty()) {
      if (out.size() >= k_max_txt_strings) break;
      out.push_back(std::move(part));
    } else {
      out.back() += part;
    }
  }
  ares_free_data(txt);
  for (auto& s : out) s = shown(s, 512);
  return out;
}

DoorJobs prepare_doors(Resolver& resolver, const DoorPlan& plan, const Deadline& deadline,
                       std::vector<MailDomain>& domains) {
  DoorJobs jobs;
  std::vector<DoorTarget> targets;
  for (const auto& t : plan.doors) add_target(targets, t);
  std::vector<std::string> mx_names, txt_names;
  for (const auto& d : plan.domains) {
    MailDomain m;
    m.domain = normal_name(d.domain);
    for (const auto& h : d.mx) m.planned_mx.push_back(normal_name(h));
    m.mta_sts_mode = d.mta_sts_mode;
    mx_names.push_back(m.domain);
    txt_names.push_back("_mta-sts." + m.domain);
    domains.push_back(std::move(m));
  }
  if (!domains.empty()) {
    auto mx = resolver.query_raw(mx_names, k_type_mx, deadline);
    auto txt = resolver.query_raw(txt_names, k_type_txt, deadline);
    for (std::size_t i = 0; i < domains.size(); ++i) {
      auto& m = domains[i];
      m.mx_status = status_of(mx[i].status);
      if (m.mx_status == DnsStatus::Ok) {
        m.mx = parse_mx_reply(mx[i].reply.data(), static_cast<int>(mx[i].reply.size()));
      }
      m.txt_status = status_of(txt[i].status);
      if (m.txt_status == DnsStatus::Ok) {
        m.mta_sts_txt = parse_txt_reply(txt[i].reply.data(), static_cast<int>(txt[i].reply.size()));
      }
      if (plan.domains[i].smtp) {
        // Every MX a sender may pick, and the plan's, so a planned MX missing from DNS is still judged.
        for (const auto& r : m.mx) add_target(targets, {"smtp", r.host, 25, false});
        for (const auto& h : m.planned_mx) add_target(targets, {"smtp", h, 25, false});
      }
      // The policy is fetched where the plan has one or the domain publishes its TXT record.
      bool published =
          std::ranges::any_of(m.mta_sts_txt, [](const std::string& s) { return s.starts_with("v=STSv1"); });
      if (!m.mta_sts_mode.empty() || published) jobs.policies.push_back(i);
    }
  }
  std::vector<std::string> hosts;
  for (const auto& t : targets) {
    if (std::ranges::find(hosts, t.host) == hosts.end()) hosts.push_back(t.host);
  }
  std::map<std::string, std::vector<std::string>> addresses;
  if (!hosts.empty()) {
    auto batch = resolver.resolve(hosts, {}, deadline);
    for (const auto& l : batch.addresses) addresses[l.name] = l.addresses;
  }
  // Each (host, address, port) once: two doors on one port of one host are one conversation.
  std::set<std::tuple<std::string, std::string, int>> seen;
  for (const auto& t : targets) {
    const auto& list = addresses[t.host];
    if (list.empty()) {
      jobs.probes.emplace_back(t, "");
      continue;
    }
    std::size_t n = 0;
    for (const auto& a : list) {
      if (n == k_max_door_addresses) break;
      if (!seen.insert({t.host, a, t.port}).second) continue;
      jobs.probes.emplace_back(t, a);
      ++n;
    }
  }
  jobs.results.resize(jobs.probes.size());
  return jobs;
}

void queue_doors(Shared& s, TaskQueue& queue, DoorJobs& jobs, std::vector<MailDomain>& domains) {
  for (std::size_t i = 0; i < jobs.probes.size(); ++i) {
    queue.push([&s, &jobs, i] {
      const auto& [target, address] = jobs.probes[i];
      jobs.results[i] = probe_door(target, address, s.trust, s.deadline);
    });
  }
  for (std::size_t i : jobs.policies) {
    queue.push([&s, &m = domains[i]] {
      // RFC 8461 3.3: HTTPS GET of the well-known path, no redirects followed, a valid certificate.
      std::optional<Resolver> resolver;
      std::string body;
      Url url{"https", "mta-sts." + m.domain, 443, "/.well-known/mta-sts.txt"};
      m.policy_fetch = exchange(s, url, "GET", nullptr, resolver, {}, {}, nullptr, &body);
      if (m.policy_fetch->transport == Transport::Ok && m.policy_fetch->status == 200)
        m.policy_body = body.substr(0, k_max_policy_bytes + 1);
    });
  }
}

std::vector<DoorProbe> collect_doors(DoorJobs& jobs) {
  std::vector<DoorProbe> out = std::move(jobs.results);
  std::ranges::stable_sort(out, [](const DoorProbe& a, const DoorProbe& b) {
    return std::tie(a.target.door, a.target.host, a.address, a.target.port) <
           std::tie(b.target.door, b.target.host, b.address, b.target.port);
  });
  return out;
}

Result<CertificateFacts> pem_certificate_facts(const std::string& pem) {
  return certificate_facts(pem);
}

}  // namespace adplan::probe
