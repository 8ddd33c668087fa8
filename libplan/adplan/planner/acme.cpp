#include <adplan/planner/acme.hpp>

#include <adplan/planner/exchange_request.hpp>
#include <adplan/planner/key_spec.hpp>
#include <adplan/planner/lifetime.hpp>
#include <adplan/planner/lint.hpp>
#include <adplan/planner/powershell.hpp>

#include <algorithm>

namespace adplan {
namespace {

constexpr std::string_view k_challenge_path = "/.well-known/acme-challenge/";

// A POSIX shell word: as it is when it holds only safe characters, else single-quoted.
std::string sh_quote(std::string_view s) {
  bool safe = !s.empty() && std::ranges::all_of(s, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_./:@%+=,-").find(c) != std::string_view::npos;
  });
  if (safe) return std::string(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : std::string(sep)) + i;
  return out;
}

// The plan's public address of a name: its A or AAAA record in the external view.
std::string public_address(const Plan& p, const HostName& name) {
  for (const auto& r : p.dns_external) {
    if ((r.type == "A" || r.type == "AAAA") && r.name == name.fqdn()) return r.value;
  }
  return {};
}

// The site that answers port 80 of a public address: a plain-http site (scenario 4's redirect
// site) bound there first, else the TLS site there (IIS keeps the Default Web Site's http
// binding on port 80; the Autodiscover Web Site gets one from acme/iis-http01.ps1).
const PlannedSite* port80_site(const Plan& p, const std::string& address) {
  const PlannedSite* tls = nullptr;
  for (const auto& s : p.sites) {
    if (s.public_ip.str() != address) continue;
    if (!s.tls && s.port == 80) return &s;
    if (s.tls && !tls) tls = &s;
  }
  return tls;
}

std::string dns01_name(const HostName& name) {
  // RFC 8555 8.4: the TXT record lives at _acme-challenge.<domain>; a wildcard's authorization
  // is for its base domain (RFC 8555 7.1.3).
  std::string base = name.is_wildcard() ? name.str().substr(2) : name.str();
  return "_acme-challenge." + base + ".";
}

struct Builder {
  const Plan& p;
  const AcmeOptions& o;
  AcmePlan out;

  void add(std::string id, Severity s, std::string subject, std::string message, std::string remedy) {
    out.findings.push_back({std::move(id), s, std::move(subject), std::move(message), std::move(remedy), {}});
  }

  AcmeName name_of(const PlannedCertificate& c, const HostName& n) {
    AcmeName a{n, AcmeChallenge::Dns01, false, {}, public_address(p, n), {}, dns01_name(n), {}};
    std::string base = n.is_wildcard() ? n.str().substr(2) : n.str();
    if (auto t = HostName::parse(base + "." + out.validation_zone)) a.cname_target = t->fqdn();
    if (std::ranges::find(c.internal_names, n.str()) != c.internal_names.end()) {
      a.challenge = AcmeChallenge::None;
      a.reason = "an internal name: no public CA validates or issues it (CA/B BR 7.1.2.7.12)";
      // An error where the plan's CA is public; with an internal CA the orders are only a what-if.
      add("acme.internal-name", p.ca == CertificateSource::Public ? Severity::Error : Severity::Info, n.str(),
          "no ACME order can include " + n.str() + ": it is an internal name (CA/B Forum BR 7.1.2.7.12)",
          "take it off the certificate (scenarios 2-4 move the internal URLs to " + p.external_host.str() +
              "), or have this certificate issued by the internal CA");
      return a;
    }
    std::string http_reason;
    if (n.is_wildcard()) {
      http_reason = "a wildcard: HTTP-01 proves one host name only; wildcards need DNS-01 (RFC 8555 8.3, 7.1.3)";
    } else if (a.public_ip.empty()) {
      http_reason = "no public address in the plan's external DNS, so the CA cannot fetch http://" + n.str() +
                    std::string(k_challenge_path) + "...";
    } else if (const PlannedSite* s = port80_site(p, a.public_ip); !s) {
      http_reason = "nothing the plan sets up listens on port 80 of " + a.public_ip;
    } else if (s->redirect_to && !o.redirect_pass_through) {
      a.site = s->key;
      http_reason = "port 80 of " + a.public_ip + " is the " + s->name +
                    ", which redirects every path to the Autodiscover URL (exact destination), so the CA never "
                    "sees the token";
      add("acme.redirect-no-pass-through", Severity::Warning, n.str(),
          "HTTP-01 cannot work for " + n.str() + ": " + http_reason,
          "let the redirect site pass " + std::string(k_challenge_path) +
              " through (acme/iis-http01.ps1; nginx: the location ^~ in nginx/adplan.conf), or keep DNS-01");
    } else {
      a.site = s->key;
      a.http01_possible = true;
      a.challenge = AcmeChallenge::Http01;
      a.reason = s->redirect_to
                     ? "port 80 of " + a.public_ip + " is the " + s->name + ", which passes " +
                           std::string(k_challenge_path) + " through and redirects only the Autodiscover path"
                     : "port 80 of " + a.public_ip + " reaches the " + s->name + " (an http binding beside its " +
                           "https one), which serves " + std::string(k_challenge_path) + " from the webroot";
    }
    if (!a.http01_possible) a.reason = http_reason + "; DNS-01 instead";
    if (o.challenge == AcmeChallenge::Dns01 && a.http01_possible) {
      a.challenge = AcmeChallenge::Dns01;
      a.reason = "DNS-01 as asked (--challenge dns-01); HTTP-01 would also work: " + a.reason;
    } else if (o.challenge == AcmeChallenge::Http01 && !a.http01_possible) {
      a.challenge = AcmeChallenge::Http01;
      add("acme.challenge-impossible", Severity::Error, n.str(),
          "HTTP-01 cannot work for " + n.str() + ": " + http_reason,
          "use --challenge dns-01 (or leave the choice to adplan), or give the name a public address that reaches "
          "port 80 of a site serving " +
              std::string(k_challenge_path));
    }
    return a;
  }

  void order_challenge(AcmeOrder& order) {
    std::vector<std::string> internal, dns;
    for (const auto& n : order.names) {
      if (n.challenge == AcmeChallenge::None) internal.push_back(n.name.str());
      if (n.challenge == AcmeChallenge::Dns01) dns.push_back(n.name.str());
    }
    if (!internal.empty()) {
      order.challenge = AcmeChallenge::None;
      order.reason = "cannot be ordered from a public CA: " + join(internal, ", ") + " (internal names)";
    } else if (o.challenge) {
      order.challenge = *o.challenge;
      order.reason = std::string(to_string(*o.challenge)) + " for every name, as asked (--challenge)";
    } else if (dns.empty()) {
      order.challenge = AcmeChallenge::Http01;
      order.reason = "every name can be proven over port 80 (HTTP-01)";
    } else {
      order.challenge = AcmeChallenge::Dns01;
      order.reason = "DNS-01 for the whole order: " + join(dns, ", ") +
                     " cannot use HTTP-01, and ACME clients run one challenge type per order";
      std::vector<std::string> fixes;
      for (const auto& n : order.names) {
        if (n.challenge == AcmeChallenge::Dns01 && !n.name.is_wildcard() && n.public_ip.empty()) {
          fixes.push_back(n.name.str());
        }
      }
      add("acme.dns01-required", Severity::Info, order.common_name.str(),
          "the certificate " + order.common_name.str() + " needs DNS-01: " + join(dns, ", ") +
              " cannot be proven over port 80",
          fixes.empty()
              ? "publish the _acme-challenge records (or their CNAME delegation) listed by `adplan acme`"
              : "publish the _acme-challenge CNAME delegation listed by `adplan acme`, or give " + join(fixes, ", ") +
                    " a public A record at " + p.sites.front().public_ip.str() + " so that HTTP-01 covers every name");
    }
  }

  void commands(AcmeOrder& order, const PlannedCertificate& c) {
    const std::string dir = sh_quote(out.directory.url);
    const std::string email = sh_quote(out.contact);
    const std::string csr = sh_quote(order.csr), crt = sh_quote(order.cert);
    const std::string stem = o.pki_dir + "/" + order.common_name.str();
    const bool http = order.challenge == AcmeChallenge::Http01;
    // Renew a third of the lifetime before expiry: the days lego's renew --days takes.
    const int lifetime = max_public_validity_days(o.today);
    const std::int64_t window_days = renewal_window_seconds(std::int64_t{lifetime} * 86400) / 86400;

    AcmeCommand certbot{"certbot",
                        "the Linux front end that holds " + order.csr,
                        "issue from the request `adplan csr` wrote; the key never leaves this machine",
                        {}};
    // --manual asks at the terminal for the TXT value (or give it a --manual-auth-hook).
    std::string cb = std::string("certbot certonly") + (http ? " --non-interactive" : "") + " --agree-tos --email " +
                     email + " --server " + dir + " --csr " + csr;
    cb += http ? " --webroot --webroot-path " + sh_quote(o.webroot) : " --manual --preferred-challenges dns";
    cb += " --fullchain-path " + crt + " --cert-path " + sh_quote(stem + ".leaf.crt") + " --chain-path " +
          sh_quote(stem + ".chain.crt");
    certbot.lines.push_back(cb);
    order.commands.push_back(std::move(certbot));

    AcmeCommand lego{"lego",
                     "the Linux front end that holds " + order.csr,
                     "issue, and renew when a third of the lifetime is left (lego keeps the request's key)",
                     {}};
    std::string lg =
        "lego --server " + dir + " --accept-tos --email " + email + " --path /var/lib/adplan/lego --csr " + csr;
    lg += http ? " --http --http.webroot " + sh_quote(o.webroot) : " --dns manual";
    lego.lines.push_back(lg + " run");
    lego.lines.push_back("install -m 0644 /var/lib/adplan/lego/certificates/" + order.common_name.str() + ".crt " +
                         crt + " && nginx -s reload");
    lego.lines.push_back(lg + " renew --days " + std::to_string(window_days));
    order.commands.push_back(std::move(lego));

    // win-acme on the Exchange server: the key is made there and stays there; its Exchange script
    // imports the certificate and enables it for IIS.
    std::vector<std::string> hosts;
    for (const auto& n : order.names) hosts.push_back(n.name.str());
    AcmeCommand wacs{"win-acme",
                     "the Exchange server " + (p.servers.empty() ? std::string() : p.servers.front().name),
                     "make the key on the Exchange server, issue, bind in IIS, enable for Exchange; renews itself",
                     {}};
    const bool default_site = c.site == "Default Web Site";
    if (!default_site) wacs.lines.push_back("$site = (Get-Website -Name " + ps_quote(c.site) + ").Id");
    std::string w = "wacs.exe --baseuri " + ps_quote(out.directory.url) + " --accepttos --emailaddress " +
                    ps_quote(out.contact) + " --source manual --host " + ps_quote(join(hosts, ",")) + " --commonname " +
                    ps_quote(order.common_name.str());
    w += http ? " --validationmode http-01 --validation filesystem --webroot " + ps_quote(o.iis_webroot)
              : " --validationmode dns-01 --validation manual";
    w += " --store certificatestore --certificatestore My --installation iis,script --installationsiteid " +
         std::string(default_site ? "1" : "$site") +
         " --script './Scripts/ImportExchange.v2.ps1' --scriptparameters \"'{CertThumbprint}' 'IIS' 1 "
         "'{CacheFile}' '{CachePassword}' '{CertFriendlyName}'\"";
    wacs.lines.push_back(w);
    order.commands.push_back(std::move(wacs));

    // Exchange makes the key (New-ExchangeCertificate -GenerateRequest, as `csr --exchange`
    // prints), Posh-ACME submits that request, Import-ExchangeCertificate completes it.
    AcmeCommand ex{"exchange",
                   "the Exchange server, with Posh-ACME for the ACME part",
                   "Exchange makes key and request; any ACME client submits the request; Exchange completes it",
                   {}};
    auto key = parse_key_spec("rsa:2048");
    if (key && !p.servers.empty()) {
      auto r = exchange_request(c, {p.exchange, o.subject, *key, p.servers.front().name});
      if (r) {
        ex.lines = r->generate;
        std::string pa = "New-PACertificate -CSRPath " + ps_quote(r->request_path) + " -AcceptTOS -Contact " +
                         ps_quote(out.contact) + " -DirectoryUrl " +
                         (out.directory.posh_acme.starts_with("https://") ? ps_quote(out.directory.posh_acme)
                                                                          : out.directory.posh_acme);
        if (http) {
          pa += " -Plugin WebRoot -PluginArgs @{WRPath=" + ps_quote(o.iis_webroot) + "}";
        } else {
          std::vector<std::string> alias;
          for (const auto& n : order.names) {
            if (!n.cname_target.empty()) alias.push_back(n.cname_target.substr(0, n.cname_target.size() - 1));
          }
          pa += " -Plugin Manual -DnsAlias " + ps_list(alias);
        }
        ex.lines.push_back(pa);
        // Where the Exchange version's Import-ExchangeCertificate line reads the issued certificate.
        const std::string issued = r->request_path.substr(0, r->request_path.size() - 4) + ".crt";
        ex.lines.push_back("Copy-Item -Path (Get-PACertificate " + ps_quote(order.common_name.str()) +
                           ").CertFile -Destination " + ps_quote(issued));
        ex.lines.push_back(r->import);
      }
    }
    if (!ex.lines.empty()) order.commands.push_back(std::move(ex));
  }

  // RFC 8659: the plan's CAA records (caa_issuers) must let the directory's CA issue, or every
  // order fails at the CA's CAA check; with none, say which issuer domain to publish.
  void caa_check() {
    const std::string& issuer = out.directory.caa_issuer;
    if (p.caa_issuers.empty()) {
      add("acme.caa-missing", Severity::Info, "caa_issuers",
          "the plan publishes no CAA records: any CA may issue for " + p.domains.front().str(),
          issuer.empty()
              ? "add the issuer domain of your ACME CA (its CP/CPS names it) to \"caa_issuers\" in adplan.json"
              : "add \"caa_issuers\": [\"" + issuer + "\"] to adplan.json (or `adplan init --caa-issuer " + issuer +
                    "`): the issuer domain of " + out.directory.url);
      return;
    }
    if (issuer.empty()) return;  // a custom directory: its issuer domain is not known here
    if (std::ranges::any_of(p.caa_issuers, [&](const HostName& h) { return h.str() == issuer; })) return;
    std::vector<std::string> planned, names;
    for (const auto& h : p.caa_issuers) planned.push_back(h.str());
    for (const auto& c : p.certificates) {
      for (const auto& n : c.sans) {
        if (std::ranges::find(c.internal_names, n.str()) == c.internal_names.end() &&
            std::ranges::find(names, n.str()) == names.end())
          names.push_back(n.str());
      }
    }
    add("acme.caa-forbids", Severity::Error, issuer,
        "the plan's CAA records let only " + join(planned, ", ") + " issue, so " + issuer + " (" + out.directory.url +
            ") refuses every order, for " + join(names, ", ") + " (RFC 8659)",
        "add " + issuer +
            " to \"caa_issuers\" in adplan.json and publish the CAA records again, or use the ACME "
            "directory of " +
            join(planned, ", "));
  }

  Result<AcmePlan> run() {
    auto directory = parse_acme_directory(o.directory);
    if (!directory) return std::unexpected(directory.error());
    out.directory = *directory;
    if (o.validation_zone) {
      out.validation_zone = o.validation_zone->str();
    } else {
      auto z = p.domains.front().child("acme");
      if (!z) return std::unexpected(Error{"input.host-name", "--validation-zone", z.error().message, ""});
      out.validation_zone = z->str();
    }
    out.contact = o.contact.value_or("hostmaster@" + p.domains.front().str());
    if (p.ca == CertificateSource::Internal) {
      add("acme.internal-ca", Severity::Info, "certificates",
          "adplan.json plans an internal CA; these orders apply when an ACME CA (public, or an internal one that "
          "speaks ACME) issues the certificates",
          "set \"ca\": \"public\" in adplan.json to plan for a public CA");
    }
    if (p.ca == CertificateSource::Public) caa_check();
    for (const auto& c : p.certificates) {
      AcmeOrder order{c.key,
                      c.common_name,
                      c.site,
                      {},
                      AcmeChallenge::Http01,
                      {},
                      o.pki_dir + "/" + c.common_name.str() + ".csr",
                      o.pki_dir + "/" + c.common_name.str() + ".crt",
                      {}};
      for (const auto& n : c.sans) order.names.push_back(name_of(c, n));
      order_challenge(order);
      if (order.challenge != AcmeChallenge::None) commands(order, c);
      out.orders.push_back(std::move(order));
    }
    sort_findings(out.findings);
    return std::move(out);
  }
};

}  // namespace

std::string_view to_string(AcmeChallenge c) {
  switch (c) {
    case AcmeChallenge::Http01:
      return "http-01";
    case AcmeChallenge::Dns01:
      return "dns-01";
    case AcmeChallenge::None:
      return "none";
  }
  return "none";
}

Result<AcmeChallenge> parse_acme_challenge(std::string_view text) {
  if (text == "http-01") return AcmeChallenge::Http01;
  if (text == "dns-01") return AcmeChallenge::Dns01;
  return std::unexpected(
      Error{"usage.challenge", "--challenge", "\"" + std::string(text) + "\" is not a challenge", "http-01 or dns-01"});
}

Result<AcmeDirectory> parse_acme_directory(std::string_view text) {
  if (text.empty() || text == "production" || text == "letsencrypt") {
    return AcmeDirectory{"letsencrypt", std::string(k_letsencrypt_production), "letsencrypt.org", "LE_PROD"};
  }
  if (text == "staging" || text == "letsencrypt-staging") {
    return AcmeDirectory{"letsencrypt-staging", std::string(k_letsencrypt_staging), "letsencrypt.org", "LE_STAGE"};
  }
  auto bad = [&](std::string why) {
    return std::unexpected(Error{"usage.acme-directory", "--acme-directory", "\"" + std::string(text) + "\" " + why,
                                 "production (Let's Encrypt, the default), staging, or an https:// directory URL"});
  };
  // RFC 8555 6.1: the directory is an HTTPS resource. The URL reaches shell and PowerShell
  // command lines, quoted there; refuse what no directory URL holds anyway.
  if (!text.starts_with("https://") || text.size() <= 8) return bad("is not an https:// URL");
  if (text.size() > 2000) return bad("is longer than 2000 characters");
  for (unsigned char c : text) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '`' || c == '\\' || c == '$' || c == '<' || c == '>') {
      return bad("holds a character a URL does not (space, quote, backslash, $, <, >, or a control character)");
    }
  }
  std::string url(text);
  bool le = url == k_letsencrypt_production || url == k_letsencrypt_staging;
  return AcmeDirectory{"custom", url, le ? "letsencrypt.org" : "", url};
}

std::vector<std::string> http01_sites(const AcmePlan& acme) {
  std::vector<std::string> out;
  for (const auto& o : acme.orders) {
    if (o.challenge != AcmeChallenge::Http01) continue;
    for (const auto& n : o.names) {
      if (n.http01_possible && std::ranges::find(out, n.site) == out.end()) out.push_back(n.site);
    }
  }
  std::ranges::sort(out);
  return out;
}

bool certificate_name_reaches(const Plan& p, const PlannedSite& site) {
  if (p.ca != CertificateSource::Public) return false;
  for (const auto& c : p.certificates) {
    for (const auto& n : c.sans) {
      if (public_address(p, n) == site.public_ip.str()) return true;
    }
  }
  return false;
}

bool redirect_site_serves_http01(const AcmePlan& acme) {
  auto sites = http01_sites(acme);
  return std::ranges::find(sites, std::string("redirect")) != sites.end();
}

Result<AcmePlan> plan_acme(const Plan& p, const AcmeOptions& options) {
  return Builder{p, options, {}}.run();
}

}  // namespace adplan
