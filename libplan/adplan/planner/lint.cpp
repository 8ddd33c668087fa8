#include <adplan/planner/lint.hpp>

#include <adplan/model/date.hpp>
#include <adplan/model/echo.hpp>
#include <adplan/model/host_name.hpp>
#include <adplan/model/script.hpp>
#include <adplan/planner/internal/names.hpp>
#include <adplan/planner/internal/pool.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace adplan {
namespace {

using namespace std::chrono;

// Where a host resolves in one view of the plan's DNS, indexed once per view.
class AddressIndex {
 public:
  explicit AddressIndex(const std::vector<DnsRecord>& view) {
    for (const auto& r : view) {
      if (r.type == "A" || r.type == "AAAA") m_addresses[r.name].push_back(r.value);
    }
  }
  [[nodiscard]] std::vector<std::string> resolve(const HostName& host) const {
    auto it = m_addresses.find(host.fqdn());
    return it == m_addresses.end() ? std::vector<std::string>{} : it->second;
  }

 private:
  std::unordered_map<std::string, std::vector<std::string>> m_addresses;
};

// The TLS site that answers https on an address: server-side bindings inside, public
// addresses outside.
const PlannedSite* tls_site_at(const Plan& p, const std::string& ip, bool internal) {
  for (const auto& site : p.sites) {
    if (!site.tls) continue;
    if (internal) {
      if (std::ranges::any_of(site.bindings, [&](const SiteBinding& b) { return b.ip.str() == ip; })) return &site;
    } else if (site.public_ip.str() == ip) {
      return &site;
    }
  }
  return nullptr;
}

class Linter {
 public:
  Linter(const Plan& plan, const Deployment& deployment, const Scenario& scenario, const PlanOptions& options)
      : p(plan), d(deployment), s(scenario), o(options), m_external(plan.dns_external), m_internal(plan.dns_internal) {}

  std::vector<Finding> run() {
    addresses();
    certificates();
    coverage();
    scenario_notes();
    exchange();
    homoglyphs();
    caa();
    public_suffix_zones();
    doors();
    dane();
    sort_findings(out);
    return std::move(out);
  }

 private:
  void add(std::string id, Severity sev, std::string subject, std::string message, std::string remedy,
           std::string evidence = {}) {
    out.push_back({std::move(id), sev, std::move(subject), std::move(message), std::move(remedy), std::move(evidence)});
  }

  // Issue 21: a zone is never a public suffix. An internal primary zone "co.uk" would capture
  // every .co.uk name for the organisation's clients, and a CAA set there is not the
  // organisation's to publish. The planner places names in their registrable domain; a name that
  // is itself a public suffix (a domain "co.uk", external_host "com.au") has none.
  void public_suffix_zones() {
    std::set<std::string> seen;
    for (const auto* records : {&p.dns_external, &p.dns_internal}) {
      for (const auto& r : *records) {
        if (!is_public_suffix(r.zone) || !seen.insert(r.zone).second) continue;
        add("plan.zone-public-suffix", Severity::Error, r.zone,
            "\"" + r.zone + "\" is a public suffix, so it cannot be a zone of the organisation (it holds " + r.name +
                ")",
            "use names under a domain the organisation registered (mail.contoso.com, not a name that is itself a "
            "public suffix) in domains, external_host and autodiscover_host");
      }
    }
  }

  void addresses() {
    const auto& r = s.requirements;
    if (r.secondary_ip) {
      for (std::size_t i = 0; i < d.servers.size(); ++i) {
        const auto& server = d.servers[i];
        if (!server.secondary_ip) {
          add("plan.secondary-ip-missing", Severity::Error, server.name,
              "scenario " + std::to_string(s.id) + " needs a second IP address on " + server.name +
                  " for its second web site (paper's table: secondary IP address)",
              "set servers[" + std::to_string(i) + "].secondary_ip (or `adplan init --secondary-ip IP`)");
        } else if (*server.secondary_ip == server.ip) {
          add("plan.secondary-ip-same", Severity::Error, server.name,
              "the secondary IP " + server.ip.str() + " is the primary IP: two sites cannot both take port 443 there",
              "give " + server.name + " a distinct second address");
        }
      }
      if (!d.secondary_public_ip) {
        add("plan.secondary-public-ip-missing", Severity::Error, "secondary_public_ip",
            "scenario " + std::to_string(s.id) +
                " needs a second public IP for the Autodiscover host (paper's table, note **)",
            "set secondary_public_ip (or `adplan init --secondary-public-ip IP`)");
      } else if (*d.secondary_public_ip == d.public_ip) {
        add("plan.secondary-public-ip-same", Severity::Error, "secondary_public_ip",
            "the secondary public IP equals the primary one: the Autodiscover host would reach the Default Web Site",
            "use a second public address");
      }
    } else {
      if (d.secondary_public_ip) {
        add("plan.secondary-ip-unused", Severity::Info, "secondary_public_ip",
            "scenario " + std::to_string(s.id) + " uses no second public IP; " + d.secondary_public_ip->str() +
                " is ignored",
            "remove it, or choose scenario 3 or 4");
      }
      for (const auto& server : d.servers) {
        if (server.secondary_ip) {
          add("plan.secondary-ip-unused", Severity::Info, server.name,
              "scenario " + std::to_string(s.id) + " uses no second server address; " + server.secondary_ip->str() +
                  " is ignored",
              "remove it, or choose scenario 3 or 4");
        }
      }
    }
    std::map<std::string, std::string> owner;
    for (const auto& server : d.servers) {
      for (const auto* ip : {&server.ip, server.secondary_ip ? &*server.secondary_ip : nullptr}) {
        if (!ip) continue;
        auto [it, fresh] = owner.emplace(ip->str(), server.name);
        if (!fresh && it->second != server.name) {
          add("plan.duplicate-address", Severity::Error, ip->str(),
              "servers " + it->second + " and " + server.name + " both use " + ip->str(),
              "give each server its own addresses");
        }
      }
    }
    auto check_public = [&](const IpAddress& ip, const std::string& field) {
      switch (ip.scope()) {
        case IpScope::Public:
          return;
        case IpScope::Documentation:
          add("ip.documentation", Severity::Info, field,
              ip.str() + " is a documentation address (RFC 5737/3849): fine for a rehearsal, not for the Internet",
              "replace it with the real public address before publishing DNS");
          return;
        case IpScope::Loopback:
          add("ip.loopback", Severity::Info, field, ip.str() + " is a loopback address: a local lab plan",
              "use the real public address for a deployment");
          return;
        case IpScope::Private:
        case IpScope::SharedCgnat:
        case IpScope::LinkLocal:
          add("ip.not-public", Severity::Warning, field,
              ip.str() + " is a " + std::string(to_string(ip.scope())) +
                  " address: clients on the Internet cannot reach it",
              "publish the public address your firewall or load balancer forwards to this site");
          return;
        case IpScope::Reserved:
          add("ip.reserved", Severity::Error, field, ip.str() + " is a reserved address: nothing can reach it",
              "use the site's real public address");
          return;
      }
    };
    check_public(d.public_ip, "public_ip");
    if (d.secondary_public_ip && r.secondary_public_ip) check_public(*d.secondary_public_ip, "secondary_public_ip");
  }

  void certificates() {
    for (const auto& c : p.certificates) {
      if (!c.internal_names.empty()) {
        std::string names;
        for (const auto& n : c.internal_names) names += (names.empty() ? "" : ", ") + n;
        bool pub = d.ca == CertificateSource::Public;
        add("cert.internal-name", pub ? Severity::Error : Severity::Warning, c.common_name.str(),
            "the certificate would name internal names (" + names +
                "); public CAs have issued none since 2015 (CA/Browser Forum Baseline Requirements 4.2.2, "
                "7.1.2.7.12) — the paper's 2007 advice to add them no longer works" +
                (pub ? "" : "; your internal CA can issue them, but clients outside the domain will not trust it"),
            "use split-brain DNS so internal clients reach the external namespace: point the SCP and internal URLs "
            "at " +
                d.external_host.str() + " (as scenarios 2-4 do) and drop the internal names from the certificate");
      }
      if (c.sans.size() > 100) {
        add("cert.too-many-names", Severity::Warning, c.common_name.str(),
            "the certificate would hold " + std::to_string(c.sans.size()) +
                " names; most public CAs stop at 100 to 250 per certificate",
            "for many hosted domains use scenario 2 (SRV) or 4 (redirect), which need no per-domain name");
      }
    }
    if (d.ca == CertificateSource::Public && !p.certificates.empty()) {
      int days = max_public_validity_days(o.today);
      add("cert.validity", Severity::Info, "certificates",
          "publicly trusted certificates issued on " + iso_date(o.today) + " may be valid for at most " +
              std::to_string(days) + " days (CA/B Forum ballot SC-081); the paper's multi-year certificates are gone",
          "automate renewal; `adplan cert check` and `adplan verify` warn once less than a third of a "
          "certificate's lifetime is left (30 days for lifetimes over 398 days)");
    }
  }

  // Every URL's host must be on the certificate bound to the site it resolves to.
  void check_url(const std::string& url_kind, const std::string& url, const HostName& host, bool internal) {
    auto ips = (internal ? m_internal : m_external).resolve(host);
    std::string where = internal ? "internal" : "external";
    if (ips.empty()) {
      add("plan.url-unresolved", Severity::Error, url,
          url_kind + " " + url + ": " + host.str() + " has no address in the plan's " + where + " DNS view",
          "add an A record for " + host.str() + " to the " + where + " view, or point the URL at " +
              d.external_host.str());
      return;
    }
    for (const auto& ip : ips) {
      const auto* site = tls_site_at(p, ip, internal);
      if (!site) {
        add("plan.url-no-tls-site", Severity::Error, url,
            url_kind + " " + url + ": " + host.str() + " resolves to " + ip +
                ", where no https site of the plan listens",
            "bind an https site to " + ip + " or change the record");
        continue;
      }
      const auto* cert = site->certificate ? p.certificate(*site->certificate) : nullptr;
      if (!cert || !cert->covers(host)) {
        add("plan.url-not-covered", Severity::Error, url,
            url_kind + " " + url + " reaches the " + site->name + " (" + ip + "), whose certificate " +
                (cert ? cert->common_name.str() : std::string("(none)")) + " does not name " + host.str() +
                ": clients would see a certificate warning (KB 940726)",
            "add " + host.str() + " to that certificate, or point the URL at a name it holds");
      }
    }
  }

  // The host of one of the plan's own https URLs.
  static std::optional<HostName> url_host(const std::string& url) {
    auto host = HostName::parse(std::string_view(url).substr(8, url.find('/', 8) - 8));
    return host ? std::optional(*host) : std::nullopt;
  }

  void coverage() {
    for (const auto& e : p.scp) {
      if (auto host = url_host(e.url)) check_url("SCP of " + e.server, e.url, *host, true);
    }
    std::set<std::string> seen;
    for (const auto& u : p.urls) {
      if (u.service == Service::OutlookAnywhere) continue;
      for (auto [url, internal] : {std::pair{u.internal, true}, std::pair{u.external, false}}) {
        if (!seen.insert(url + (internal ? "#i" : "#e")).second) continue;
        if (auto host = url_host(url))
          check_url(std::string(traits(u.service).key) + (internal ? " internal URL" : " external URL"), url, *host,
                    internal);
      }
    }
    // The Autodiscover host over https, where the scenario publishes it.
    for (const auto& site : p.sites) {
      if (!site.tls) continue;
      for (const auto& h : site.hosts) {
        if (!seen.insert(autodiscover_url(h) + "#e").second) continue;
        check_url("Autodiscover", autodiscover_url(h), h, false);
      }
    }
    for (const auto& site : p.sites) {
      if (site.redirect_to) check_url("redirect target", *site.redirect_to, d.external_host, false);
    }
    // Every SRV record targets the external host: one check, not one per hosted domain.
    auto srv = std::ranges::find(p.dns_external, "SRV", &DnsRecord::type);
    if (srv != p.dns_external.end()) {
      check_url("SRV target of " + srv->name, autodiscover_url(d.external_host), d.external_host, false);
    }
  }

  // A label that mixes scripts ("mаil" with a Cyrillic "а") looks like another name: a typo at
  // best, a phishing name at worst. Unicode TR39 5.2 (Highly Restrictive); browsers show such
  // names as xn--, so the user sees both forms here.
  // RFC 8659: without CAA any CA may issue for the names; the plan publishes CAA only for the CAs
  // adplan.json names (caa_issuers).
  void caa() {
    if (!d.caa_issuers.empty() || p.ca != CertificateSource::Public) return;
    add("plan.caa-missing", Severity::Info, "caa_issuers",
        "the plan publishes no CAA records, so any CA may issue certificates for " + d.primary_domain().str(),
        "name the CA that issues: \"caa_issuers\": [\"letsencrypt.org\"] in adplan.json, or `adplan init "
        "--caa-issuer letsencrypt.org` (`adplan acme` shows the issuer domain of its ACME directory)");
  }

  // Issue 23: every mail door is answered by a planned certificate naming its host; MTA-STS in
  // enforce mode only where senders can validate every MX (RFC 8461 4.1).
  void doors() {
    std::set<std::string> reported;
    std::string held;
    for (const auto& c : p.certificates) {
      if (c.mta_sts_policy) continue;
      for (const auto& n : c.sans) held += (held.empty() ? "" : ", ") + n.str();
    }
    for (const auto& door : p.doors) {
      if (!door.certificate.empty()) continue;
      const std::string key(door_key(door.kind));
      if (!reported.insert(key + " " + door.host.str()).second) continue;
      add("door.not-covered", Severity::Error, "doors." + key + ": " + door.host.str(),
          "the " + key + " door " + door.host.str() + " would present a certificate that does not name it: scenario " +
              std::to_string(s.id) + "'s certificates hold only " + held,
          "give the door a name a planned certificate holds (" + d.external_host.str() +
              ", the default of `adplan init --doors`), or choose scenario 1, whose SAN certificate takes every door's "
              "name");
    }
    for (const auto& m : p.mta_sts) {
      std::vector<std::string> uncovered;
      for (const auto& mx : m.mx) {
        if (std::ranges::none_of(p.doors, [&](const PlannedDoor& door) {
              return door.kind == DoorKind::Smtp && door.host == mx && !door.certificate.empty();
            }))
          uncovered.push_back(mx.str());
      }
      if (m.mode == MtaStsMode::Enforce && !uncovered.empty()) {
        std::string list;
        for (const auto& u : uncovered) list += (list.empty() ? "" : ", ") + u;
        add("mta-sts.enforce-uncovered", Severity::Error, "mta_sts.domains." + m.domain.str(),
            "mode enforce while the MX host " + list +
                " is on no planned certificate: senders that honour the policy would refuse to deliver there (RFC 8461 "
                "4.1)",
            "publish \"testing\" for " + m.domain.str() + " until every MX host is on a planned certificate");
      }
      if (d.ca == CertificateSource::Internal && m.mode != MtaStsMode::None) {
        bool enforce = m.mode == MtaStsMode::Enforce;
        add("mta-sts.internal-ca", enforce ? Severity::Error : Severity::Warning, "mta_sts.domains." + m.domain.str(),
            "senders validate the MX certificates and the policy host's (" + m.policy_host.str() +
                ") against public roots (RFC 8461 3.3, 4.1); the internal CA's are not" +
                (enforce ? ", so mail to " + m.domain.str() + " would be refused" : ", so reports will show failures"),
            "issue the MX hosts' and " + m.policy_host.str() +
                "'s certificates from a public CA (`adplan acme`), or keep mode testing");
      }
    }
  }

  // Issue 27: what DANE needs that the plan cannot see -- a signed zone -- and how renewals
  // keep the MX hosts' TLSA records valid (RFC 7671 8.1: publish the new key's record before use).
  void dane() {
    if (!p.dane) return;
    const auto& dn = *p.dane;
    std::string owners;
    for (const auto& h : dn.hosts) owners += (owners.empty() ? "" : ", ") + tlsa_owner(h.str());
    add("dane.dnssec-required", Severity::Info, "dane",
        "TLSA records count only in a DNSSEC-signed zone: senders ignore them in an unsigned one (RFC 7672 2.2); "
        "the plan cannot know whether the zone of " +
            owners + " is signed",
        "sign the zone (BIND dnssec-policy, Windows DNS Invoke-DnsServerZoneSign) and publish its DS at the parent; "
        "`adplan verify` checks the records with DNSSEC validation");
    const bool ta = std::ranges::any_of(dn.tlsa, [](const TlsaParams& t) { return t.usage == k_tlsa_dane_ta; });
    if (dn.rollover == DaneRollover::ReuseKey) {
      add("dane.rollover", Severity::Info, "dane.rollover",
          "renewals must keep the key, or the 3 1 1 record stops matching and DANE senders stop delivering",
          "renew with key reuse: certbot --reuse-key, lego renew --reuse-key, win-acme's key reuse option "
          "(PrivateKeyExportable, reuse on renewal); or plan \"rollover\": \"next-key\"");
    } else {
      add("dane.rollover", Severity::Info, "dane.rollover",
          "each renewal switches to a key made ahead; its TLSA record must be published at least 2 x TTL (" +
              std::to_string(2 * dn.ttl) + " s) before the switch and the old one removed after it",
          "`adplan csr --next-key` makes the next key, `adplan dns` then writes both records, "
          "`adplan acme --calendar` dates the steps");
    }
    if (ta) {
      add("dane.ta-chain", Severity::Warning, "dane.tlsa",
          "a 2 1 1 (DANE-TA) record names the issuing CA's key: it must cover every intermediate the CA may issue "
          "from, and the server must send that intermediate in its chain (RFC 7671 5.2.2)",
          "publish a 2 1 1 record for each of the CA's current intermediates (or keep 3 1 1 alone), and check them "
          "again when the CA announces new ones");
    }
    if (dn.certificate.empty()) {
      add("dane.no-certificate", Severity::Error, "dane",
          "no planned certificate names the MX host " + dn.hosts.front().str() +
              ", so there is no key to publish a TLSA record for",
          "give the smtp door a name a planned certificate holds (see door.not-covered)");
    }
  }

  void homoglyphs() {
    auto check = [&](const std::string& field, const HostName& host) {
      for (const auto& why : mixed_script_labels(host)) {
        add("name.mixed-script", Severity::Warning, field,
            quote_value(host.unicode()) + " (" + host.str() + "): the label " + why +
                ", so the name may imitate another",
            "if you meant a name in one script, retype it (the Latin \"a\" and the Cyrillic \"а\" look alike); "
            "keep it only if the mixed name is really yours");
      }
    };
    for (std::size_t i = 0; i < d.domains.size(); ++i) check("domains[" + std::to_string(i) + "]", d.domains[i]);
    check("external_host", d.external_host);
    check("autodiscover_host", d.autodiscover_host);
    if (d.internal_domain) check("internal_domain", *d.internal_domain);
    for (std::size_t i = 0; i < d.servers.size(); ++i) {
      check("servers[" + std::to_string(i) + "].fqdn", d.servers[i].fqdn);
    }
  }

  void scenario_notes() {
    if (s.srv_record) {
      add("scenario.outlook-update", Severity::Info, "Outlook 2007",
          "Outlook 2007 uses the SRV record only with the update rollup of June 27, 2007 (KB 939184)",
          "install the rollup on Outlook 2007 clients (later versions have it)");
      for (const auto& domain : d.domains) {
        if (!d.external_host.is_within(domain)) {
          add("dns.srv-target-foreign", Severity::Info, "_autodiscover._tcp." + domain.str(),
              "the SRV target " + d.external_host.str() + " is outside " + domain.str() +
                  ": Outlook asks users of that domain whether to allow the server to configure their settings",
              "tell users to accept it (and tick 'Don't ask me again'), or give the domain its own host");
        }
      }
    }
    if (std::ranges::any_of(p.sites, [](const PlannedSite& site) { return site.redirect_to.has_value(); })) {
      add("scenario.redirect-prompt", Severity::Info, "Outlook",
          "external Outlook clients see a dismissible prompt to allow the redirect to " + p.autodiscover_url,
          "advise users to accept it (and tick 'Don't ask me about this website again')");
    }
    if (std::ranges::none_of(d.domains, [&](const HostName& dom) {
          auto h = dom.child("autodiscover");
          return h && *h == d.autodiscover_host;
        })) {
      add("plan.autodiscover-host-unusual", Severity::Warning, d.autodiscover_host.str(),
          "Outlook only tries autodiscover.<SMTP domain>; " + d.autodiscover_host.str() +
              " will be found through SCP or a redirect, never by name",
          "use autodiscover." + d.primary_domain().str());
    }
    if (s.requirements.certificate_count >= 1 && d.domains.size() > 10 && !s.recommend.scales_to_many_domains) {
      add("plan.many-domains", Severity::Warning, "domains",
          std::to_string(d.domains.size()) + " SMTP domains: scenario " + std::to_string(s.id) +
              " puts autodiscover.<domain> of every one on a certificate",
          "hosters: scenario 2 (SRV) or 4 (redirect) need no per-domain certificate names");
    }
    if (d.internal_domain && *d.internal_domain == d.primary_domain()) {
      add("plan.internal-domain-same", Severity::Info, "internal_domain",
          "internal_domain equals the primary SMTP domain: the namespaces do not differ", "remove internal_domain");
    }
  }

  void exchange() {
    const auto& t = traits(d.exchange);
    if (!t.end_of_support.empty() && iso_date(o.today) >= std::string(t.end_of_support)) {
      add("exchange.unsupported", Severity::Warning, std::string(t.display),
          std::string(t.display) + " left Microsoft support on " + std::string(t.end_of_support) +
              ": no security updates",
          "plan the move to Exchange Server Subscription Edition");
    }
    if (d.publishes(Service::Um) && !t.um_web_services) {
      add("exchange.um-unavailable", Severity::Warning, "services",
          std::string(t.display) +
              " has no Unified Messaging virtual directory (UM web services ended with 2010; "
              "2019 has no UM at all); UM URLs are left out of the plan",
          "remove \"um\" from services");
    }
    // MAPI over HTTP: Exchange 2013 SP1 (build 15.00.0847.032) and later (Microsoft's
    // MailStore (POX) reference).
    if (d.publishes(Service::Mapi) && !t.mapi_http) {
      add("exchange.mapi-unavailable", Severity::Warning, "services",
          std::string(t.display) +
              " has no MAPI over HTTP (the /mapi virtual directory came with Exchange 2013 SP1); MAPI URLs are "
              "left out of the plan and Outlook connects with RPC over HTTP (Outlook Anywhere)",
          "remove \"mapi\" from services");
    }
    if (d.publishes(Service::Mapi) && t.mapi_http && t.mapi_http_off_by_default) {
      add("exchange.mapi-needs-sp1", Severity::Info, "services",
          "MAPI over HTTP needs Exchange 2013 SP1 (build 15.00.0847.032) or later and is off until "
          "Set-OrganizationConfig -MapiHttpEnabled $true (the plan's Exchange step runs it)",
          "install 2013 SP1 or a later cumulative update first, or remove \"mapi\" from services");
    }
  }

  const Plan& p;
  const Deployment& d;
  const Scenario& s;
  const PlanOptions& o;
  AddressIndex m_external;
  AddressIndex m_internal;
  std::vector<Finding> out;
};

}  // namespace

int max_public_validity_days(year_month_day issued) {
  // CA/B Forum Baseline Requirements 6.3.2 as amended by ballot SC-081.
  if (issued >= year{2029} / March / 15) return 47;
  if (issued >= year{2027} / March / 15) return 100;
  if (issued >= year{2026} / March / 15) return 200;
  return 398;
}

std::vector<Finding> lint(const Plan& p, const Deployment& d, const Scenario& s, const PlanOptions& o) {
  auto out = Linter(p, d, s, o).run();
  auto pools = lint_pools(p, d);  // issue 24
  out.insert(out.end(), pools.begin(), pools.end());
  return out;
}

}  // namespace adplan
