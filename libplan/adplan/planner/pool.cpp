// Issue 24: one certificate across the load-balanced pool. Extended Protection (on by default from
// Exchange Server 2019 CU14, and in SE) supports no SSL offloading at the load balancer, and SSL
// bridging only with the same certificate on the load balancer and on every server (Microsoft's
// "Configure Windows Extended Protection in Exchange Server", prerequisites and load balancers).
#include <adplan/planner/internal/pool.hpp>

#include <adplan/planner/powershell.hpp>

#include <algorithm>

namespace adplan {
namespace {

std::string addresses_text(const std::vector<IpAddress>& addresses) {
  std::string out;
  for (const auto& a : addresses) out += (out.empty() ? "" : ", ") + a.str();
  return out;
}

// The newest certificate of that friendly name on a server (New-ExchangeCertificate -FriendlyName <CN>).
std::string newest_certificate(const std::string& server, const PlannedCertificate& c) {
  return "Get-ExchangeCertificate -Server " + ps_quote(server) + " | Where-Object { $_.FriendlyName -eq " +
         ps_quote(c.common_name.str()) + " } | Sort-Object NotAfter -Descending | Select-Object -First 1";
}

}  // namespace

std::string pool_exchange_services(const Plan& p, const std::string& key, bool iis) {
  std::string out = iis ? "IIS" : "";
  for (std::string_view service : {"SMTP", "IMAP", "POP"}) {
    bool answers = std::ranges::any_of(p.doors, [&](const PlannedDoor& d) {
      return d.certificate == key && door_exchange_service(d.kind) == service;
    });
    if (answers) out += (out.empty() ? "" : ",") + std::string(service);
  }
  return out;
}

std::string pool_pfx_path(const Plan& p, const PlannedCertificate& c) {
  return "\\\\" + p.servers.front().name + "\\c$\\pki\\" + c.common_name.str() + ".pfx";
}

void plan_pools(Plan& p, const Deployment& d) {
  p.extended_protection = d.extended_protection_on();
  p.hybrid = d.hybrid;
  for (const auto& lb : d.load_balancers) {
    PlannedPool pool{lb.name_space, lb.addresses, lb.tls, {}, {}};
    for (const auto& s : d.servers) pool.members.push_back({s.name, s.ip});
    for (const auto& c : p.certificates) {
      if (!c.mta_sts_policy && c.covers(lb.name_space)) {
        pool.certificate = c.key;
        break;
      }
    }
    p.pools.push_back(std::move(pool));
  }
}

std::vector<Finding> lint_pools(const Plan& p, const Deployment& d) {
  std::vector<Finding> out;
  const auto& t = traits(d.exchange);
  if (d.extended_protection.value_or(false) && !extended_protection_possible(d.exchange)) {
    out.push_back({"pool.extended-protection-unsupported",
                   Severity::Error,
                   "extended_protection",
                   std::string(t.display) +
                       " has no Extended Protection (it came with Exchange 2013 CU23, 2016 CU22 and 2019 CU11)",
                   "remove \"extended_protection\" from adplan.json (or `adplan init --extended-protection off`)",
                   {}});
  }
  const std::string ep_why = d.extended_protection
                                 ? std::string("Extended Protection is on (adplan.json)")
                                 : "Extended Protection is on by default in " + std::string(t.display) +
                                       (d.exchange == ExchangeVersion::Ex2019 ? " from CU14" : "");
  for (std::size_t i = 0; i < p.pools.size(); ++i) {
    const auto& pool = p.pools[i];
    const std::string field = "load_balancers[" + std::to_string(i) + "]";
    const std::string lb =
        "the load balancer of " + pool.name_space.str() + " (" + addresses_text(pool.addresses) + ")";
    if (pool.tls == LbTls::Offloading && p.extended_protection) {
      out.push_back({"pool.offloading-extended-protection", Severity::Error, pool.name_space.str(),
                     lb + " offloads TLS, and " + ep_why +
                         ": Extended Protection does not support SSL offloading, so every authenticated "
                         "connection through it fails",
                     "set " + field +
                         ".tls to \"passthrough\" (or \"bridging\" with the servers' certificate on the load "
                         "balancer): `adplan init --load-balancer " +
                         pool.addresses.front().str() + ",passthrough`",
                     "tls: offloading; extended_protection: on"});
    }
    const auto* cert = p.certificate(pool.certificate);
    if (!cert) {
      out.push_back({"pool.namespace-not-covered",
                     Severity::Error,
                     pool.name_space.str(),
                     lb + " answers a name no planned certificate holds, so no member can present a valid one",
                     "put " + pool.name_space.str() +
                         " behind the load balancer only where the scenario's "
                         "certificate names it, or remove " +
                         field,
                     {}});
    }
    if (pool.tls == LbTls::Bridging && cert) {
      out.push_back(
          {"pool.bridging-certificate",
           p.extended_protection ? Severity::Warning : Severity::Info,
           pool.name_space.str(),
           lb + " bridges TLS: it presents its own certificate" +
               (p.extended_protection
                    ? ", and with Extended Protection it must be the same certificate the servers "
                      "present (" +
                          cert->common_name.str() + ")"
                    : "; give it the servers' certificate (" + cert->common_name.str() + ") so renewals stay one step"),
           "import " + pool_pfx_path(p, *cert) +
               " on the load balancer (the pool-certificate step), and again at every renewal "
               "(`adplan renew`)",
           {}});
    }
    if (pool.members.size() < 2) {
      out.push_back({"pool.single-member",
                     Severity::Info,
                     pool.name_space.str(),
                     lb + " has one server behind it (" + pool.members.front().server + ")",
                     "add the other Client Access servers to servers[] so each is planned and verified",
                     {}});
    }
  }
  return out;
}

std::optional<PlanStep> pool_certificate_step(const Plan& p, const Deployment& d) {
  if (p.pools.empty() || p.servers.empty()) return std::nullopt;
  PlanStep s{{},
             "Put the one certificate on every server of the pool",
             "Every server behind the load balancer presents the same certificate: a pool whose members present "
             "different ones breaks a share of connections, and Extended Protection needs the same certificate "
             "everywhere TLS ends. The certificate is exported once as a PFX from " +
                 p.servers.front().name +
                 " (where the request was completed), then imported and enabled on each other server, in order.",
             {}};
  std::vector<std::string> keys;
  for (const auto& pool : p.pools) {
    if (!pool.certificate.empty() && std::ranges::find(keys, pool.certificate) == keys.end())
      keys.push_back(pool.certificate);
  }
  const std::string& first = p.servers.front().name;
  for (const auto& key : keys) {
    const auto* c = p.certificate(key);
    const std::string pfx = pool_pfx_path(p, *c);
    const std::string services = pool_exchange_services(p, key, key == "default");
    s.commands.push_back("# " + c->common_name.str() + ": export once from " + first +
                         "\n$pfxPassword = Read-Host -AsSecureString -Prompt " +
                         ps_quote("Password for " + c->common_name.str() + ".pfx") +
                         "\n$cert = " + newest_certificate(first, *c) + "\n$pfx = Export-ExchangeCertificate -Server " +
                         ps_quote(first) +
                         " -Thumbprint $cert.Thumbprint -BinaryEncoded -Password $pfxPassword\n"
                         "[System.IO.File]::WriteAllBytes(" +
                         ps_quote(pfx) + ", $pfx.FileData)");
    for (std::size_t i = 1; i < p.servers.size(); ++i) {
      const std::string& server = p.servers[i].name;
      const std::string import =
          d.exchange == ExchangeVersion::Ex2007
              ? "Import-ExchangeCertificate -Server " + ps_quote(server) + " -Path " + ps_quote(pfx)
              : "Import-ExchangeCertificate -Server " + ps_quote(server) +
                    " -FileData ([System.IO.File]::ReadAllBytes(" + ps_quote(pfx) + "))";
      s.commands.push_back("# " + std::to_string(i + 1) + ". " + server + "\n" + import +
                           " -Password $pfxPassword -PrivateKeyExportable $true | Enable-ExchangeCertificate -Server " +
                           ps_quote(server) + " -Services " + (services.empty() ? "IIS" : services) + " -Force");
    }
    for (const auto& pool : p.pools) {
      if (pool.certificate != key || pool.tls != LbTls::Bridging) continue;
      s.commands.push_back(
          "# load balancer " + addresses_text(pool.addresses) + " (" + pool.name_space.str() + ", bridging): import " +
          pfx + " as the certificate of its " + pool.name_space.str() +
          " service and of its connections to the servers" +
          (p.extended_protection ? " (Extended Protection: the same certificate as the servers)" : ""));
    }
  }
  if (s.commands.empty()) return std::nullopt;
  return s;
}

}  // namespace adplan
