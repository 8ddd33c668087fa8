// Issue 24: one certificate across the load-balanced pool. A pool whose members present different
// certificates breaks a share of connections, and Extended Protection (on by default from Exchange
// Server 2019 CU14, and in SE) supports SSL bridging only with the same certificate on the load
// balancer and the servers (Microsoft's Extended Protection documentation).
#include <adplan/verify/internal/pool.hpp>

#include <adplan/model/date.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace adplan::verify {
namespace {

using observe::PoolConnection;
using observe::PoolObservation;

std::string subject_of(const observe::PoolTarget& t) {
  return t.name_space + ":" + std::to_string(t.port) + " (" + t.door + ")";
}

std::string when(std::int64_t t) {
  return iso_date_time(t);
}

std::string describe(const PoolConnection& c) {
  const auto& l = *c.leaf;
  return c.member.name + " " + c.member.address + ": sha256 " + l.sha256 + ", thumbprint " + l.thumbprint +
         ", serial " + l.serial + ", notAfter " + when(l.not_after);
}

// The certificate the pool should present: verify --cert's, else the one most members present
// (on a tie the newer: a renewal that reached some servers and not others).
const observe::CertificateFacts* reference(const std::vector<const PoolConnection*>& answered,
                                           const observe::CertificateFacts* expected) {
  if (expected) return expected;
  std::map<std::string, int> count;
  for (const auto* c : answered) ++count[c->leaf->sha256];
  const observe::CertificateFacts* best = nullptr;
  int best_n = 0;
  for (const auto* c : answered) {
    int n = count[c->leaf->sha256];
    if (!best || n > best_n || (n == best_n && c->leaf->not_after > best->not_after)) {
      best = &*c->leaf;
      best_n = n;
    }
  }
  return best;
}

void judge_members(Judge& j, const PoolObservation& o, const observe::CertificateFacts* expected, bool ep) {
  const std::string subject = subject_of(o.target);
  std::vector<const PoolConnection*> servers, lbs, silent;
  for (const auto& c : o.members) {
    if (!c.leaf) {
      if (!c.member.load_balancer) silent.push_back(&c);
      continue;
    }
    (c.member.load_balancer ? lbs : servers).push_back(&c);
  }
  const bool any_sample = std::ranges::any_of(o.sampled, [](const PoolConnection& c) { return c.leaf.has_value(); });
  if (servers.empty() && lbs.empty() && !any_sample) {
    std::string evidence;
    for (const auto& c : o.members)
      evidence += (evidence.empty() ? "" : "; ") + c.member.name + " " + c.member.address + ": " + c.error;
    j.add("tls.pool-unreachable", Severity::Error, subject,
          "no member of the pool and no address of the load balancer answered with TLS",
          "check that the servers and the load balancer listen on port " + std::to_string(o.target.port), evidence);
    return;
  }
  if (!servers.empty()) {
    for (const auto* c : silent) {
      j.add("tls.pool-member-unreachable", Severity::Warning, subject,
            "the pool member " + c->member.name + " (" + c->member.address + ") did not answer with TLS while " +
                std::to_string(servers.size()) + " other member(s) did",
            "check " + c->member.name + ": is it up, and does it listen on port " + std::to_string(o.target.port) + "?",
            c->member.name + " " + c->member.address + ": " + c->error);
    }
  } else {
    j.add("tls.pool-sampled", Severity::Info, subject,
          "no pool member answered at its own address (from outside the network members usually have private "
          "addresses); the certificates were compared over " +
              std::to_string(o.sampled.size()) + " connection(s) to the load balancer",
          "run verify from inside the network to compare every member by name", {});
  }
  // The servers (and a pass-through load balancer, which shows one of them) against the reference.
  std::vector<const PoolConnection*> compared = servers;
  if (o.target.lb_tls == "passthrough") compared.insert(compared.end(), lbs.begin(), lbs.end());
  for (const auto& c : o.sampled) {
    if (c.leaf) compared.push_back(&c);
  }
  const auto* ref = reference(servers.empty() ? compared : servers, expected);
  if (ref) {
    std::vector<std::string> fix;
    std::string evidence;
    std::map<std::string, int> seen;
    bool differs = false;
    for (const auto* c : compared) {
      if (seen[c->leaf->sha256]++ == 0 || !c->member.load_balancer)
        evidence += (evidence.empty() ? "" : "; ") + describe(*c);
      if (c->leaf->sha256 == ref->sha256) continue;
      differs = true;
      // A pass-through load balancer shows some server's certificate: the server is the one to fix.
      if (!c->member.load_balancer && std::ranges::find(fix, c->member.name) == fix.end())
        fix.push_back(c->member.name);
    }
    if (differs) {
      std::string names;
      for (const auto& f : fix) names += (names.empty() ? "" : ", ") + f;
      const bool sampled_only = fix.empty();
      j.add("tls.pool-mismatch", Severity::Error, subject,
            "the members of the pool do not all present the same certificate: " + std::to_string(seen.size()) +
                " different ones, so a share of connections gets another certificate",
            sampled_only ? "find the server presenting another certificate than thumbprint " + ref->thumbprint +
                               " (Get-ExchangeCertificate -Server <each> | Format-List Thumbprint,Services) and put " +
                               ref->thumbprint + " there (`adplan renew`)"
                         : "put the certificate with thumbprint " + ref->thumbprint + " (serial " + ref->serial +
                               ") on " + names + " and enable it there (`adplan renew --cert` rollout)",
            evidence);
    }
  }
  // Bridging: the load balancer presents its own certificate; Extended Protection needs it to be the servers'.
  if (o.target.lb_tls == "bridging" && ep && !servers.empty() && ref) {
    for (const auto* c : lbs) {
      if (c->leaf->sha256 == ref->sha256) continue;
      j.add(
          "tls.pool-extended-protection", Severity::Error, subject,
          "the load balancer (" + c->member.address +
              ") bridges TLS with another certificate than the servers present; Extended Protection supports "
              "SSL bridging only with the same certificate on the load balancer and the servers",
          "import the servers' certificate (thumbprint " + ref->thumbprint + ") on the load balancer for this service",
          describe(*c) + "; servers: sha256 " + ref->sha256);
    }
  }
}

PoolMemberResult member_result(const PoolConnection& c) {
  PoolMemberResult m{c.member.name, c.member.address, c.member.load_balancer, c.leaf.has_value(), 1, {}, {}, {}, 0};
  if (c.leaf) {
    m.sha256 = c.leaf->sha256;
    m.thumbprint = c.leaf->thumbprint;
    m.serial = c.leaf->serial;
    m.not_after = c.leaf->not_after;
  }
  return m;
}

}  // namespace

int pool_samples(std::size_t members, double confidence) {
  if (members <= 1) return 1;
  const double m = static_cast<double>(members);
  const double n = std::ceil(std::log((1.0 - confidence) / m) / std::log(1.0 - 1.0 / m));
  return std::clamp(static_cast<int>(n), 1, k_max_samples);
}

observe::PoolPlan pool_plan(const Plan& p) {
  observe::PoolPlan out;
  out.extended_protection = p.extended_protection;
  for (const auto& pool : p.pools) {
    observe::PoolTarget base;
    base.name_space = pool.name_space.str();
    base.door = "https";
    base.lb_tls = std::string(lb_tls_key(pool.tls));
    for (const auto& m : pool.members) base.members.push_back({m.server, m.ip.str(), false});
    for (const auto& a : pool.addresses) base.members.push_back({"load balancer", a.str(), true});
    base.samples = pool_samples(pool.members.size(), 0.999);
    out.targets.push_back(base);  // https on 443
    for (const auto& d : p.doors) {
      if (d.host != pool.name_space) continue;
      observe::PoolTarget t = base;
      t.door = std::string(door_key(d.kind));
      t.port = d.port;
      t.implicit_tls = d.tls == DoorTls::Implicit;
      out.targets.push_back(std::move(t));
    }
  }
  return out;
}

void judge_pool(Judge& j, const observe::CertificateFacts* expected) {
  const bool ep = j.expect.plan && j.expect.plan->extended_protection;
  for (const auto& o : j.obs.pools) judge_members(j, o, expected, ep);
}

void pool_results(const observe::Observations& obs, VerifyResult& r) {
  for (const auto& o : obs.pools) {
    PoolResult pr{o.target.name_space, o.target.door, o.target.port, !o.sampled.empty(), true, {}};
    for (const auto& c : o.members) pr.members.push_back(member_result(c));
    for (const auto& c : o.sampled) {
      if (!c.leaf) continue;
      auto it = std::ranges::find_if(pr.members, [&](const PoolMemberResult& m) {
        return m.load_balancer && m.sha256 == c.leaf->sha256 && m.connections > 0 && m.address == c.member.address;
      });
      if (it != pr.members.end() && !it->sha256.empty()) {
        ++it->connections;
      } else {
        pr.members.push_back(member_result(c));
      }
    }
    std::string first;
    for (const auto& m : pr.members) {
      if (m.sha256.empty() || (m.load_balancer && o.target.lb_tls != "passthrough")) continue;
      if (first.empty()) first = m.sha256;
      pr.consistent = pr.consistent && m.sha256 == first;
    }
    r.pools.push_back(std::move(pr));
  }
}

std::vector<Finding> compare_pool_baseline(const VerifyResult& now, const nlohmann::json& baseline) {
  std::vector<Finding> out;
  auto pools = baseline.find("pools");
  if (pools == baseline.end() || !pools->is_array()) return out;
  for (const auto& p : now.pools) {
    const std::string subject = p.name_space + ":" + std::to_string(p.port) + " (" + p.door + ")";
    const nlohmann::json* before = nullptr;
    for (const auto& b : *pools) {
      if (b.is_object() && b.value("namespace", "") == p.name_space && b.value("door", "") == p.door &&
          b.value("port", 0) == p.port) {
        before = &b;
        break;
      }
    }
    if (!before || !before->contains("members") || !(*before)["members"].is_array()) continue;
    std::vector<std::string> changed, unchanged;
    std::string evidence;
    for (const auto& m : p.members) {
      if (m.load_balancer || m.sha256.empty()) continue;
      for (const auto& b : (*before)["members"]) {
        if (!b.is_object() || b.value("member", "") != m.member || b.value("address", "") != m.address) continue;
        const std::string was = b.value("sha256", "");
        if (was.empty()) break;
        (was == m.sha256 ? unchanged : changed).push_back(m.member);
        evidence +=
            (evidence.empty() ? "" : "; ") + m.member + ": " + was.substr(0, 16) + " -> " + m.sha256.substr(0, 16);
        break;
      }
    }
    auto names = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s;
    };
    if (!changed.empty() && !unchanged.empty()) {
      out.push_back({"tls.pool-renewal-partial", Severity::Warning, subject,
                     "since the baseline report " + names(changed) + " changed certificate and " + names(unchanged) +
                         " did not: the renewal half landed",
                     "roll the new certificate out to " + names(unchanged) + " (`adplan renew` rollout.ps1)",
                     evidence});
    } else if (!changed.empty()) {
      out.push_back({"tls.pool-renewed", Severity::Info, subject,
                     "every member changed certificate since the baseline report (" + names(changed) + ")",
                     "nothing to do", evidence});
    }
  }
  return out;
}

Result<nlohmann::json> parse_baseline(std::string_view text, std::string_view file) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_object() && doc.value("format", "") == "adplan-verify/1") return doc;
  return std::unexpected(Error{"usage.baseline", "--baseline", "\"" + std::string(file) + "\" is not a verify report",
                               "give the output of an earlier `adplan verify --json`"});
}

}  // namespace adplan::verify
