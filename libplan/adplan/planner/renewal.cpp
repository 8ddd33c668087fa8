// Issue 24: `adplan renew`'s rollout (planner/renewal.hpp). Connectors and the hybrid configuration
// name the certificate by TlsCertificateName, "<I>issuer<S>subject" (DOMAIN-NOTES, pki/tls_name.hpp):
// a renewal whose issuing CA changed leaves the old string pointing at nothing, so those steps
// compare the live value with the new one and set it only where it differs -- which is exactly
// when the issuer (or the subject) changed.
#include <adplan/planner/renewal.hpp>

#include <adplan/planner/internal/pool.hpp>
#include <adplan/planner/powershell.hpp>

#include <algorithm>

namespace adplan {
namespace {

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

std::string_view phase_key(RenewalPhase phase) {
  switch (phase) {
    case RenewalPhase::Rollout:
      return "rollout";
    case RenewalPhase::Gate:
      return "gate";
    case RenewalPhase::Removal:
      return "removal";
  }
  return "rollout";
}

// The subject part of "<I>issuer<S>subject": what Get-ExchangeCertificate prints as Subject.
std::string subject_of(const std::string& tls_name) {
  auto at = tls_name.find("<S>");
  return at == std::string::npos ? std::string() : tls_name.substr(at + 3);
}

std::string service_list(const std::string& services) {
  std::string out;
  for (std::size_t start = 0; start <= services.size();) {
    auto end = services.find(',', start);
    if (end == std::string::npos) end = services.size();
    out += (out.empty() ? "" : ",") + ps_quote(services.substr(start, end - start));
    start = end + 1;
  }
  return "@(" + out + ")";
}

bool has_door(const Plan& p, DoorKind kind) {
  return std::ranges::any_of(p.doors, [&](const PlannedDoor& d) { return d.kind == kind; });
}

// The IIS sites a certificate other than the Default Web Site's is bound to, by SNI or address.
std::vector<std::string> iis_sites(const Plan& p, const std::string& key) {
  std::vector<std::string> out;
  if (key == "default") return out;  // Enable-ExchangeCertificate -Services IIS binds the Default Web Site
  if (key == "mta-sts") {
    for (const auto& m : p.mta_sts) out.push_back("MTA-STS " + m.domain.str());
  } else {
    for (const auto& s : p.sites) {
      if (s.certificate && *s.certificate == key) out.push_back(s.name);
    }
  }
  return out;
}

class Builder {
 public:
  Builder(const Plan& p, const RenewalCertificate& c) : m_p(p), m_c(c) {}

  Renewal run() {
    Renewal r{m_c, {}, {}, {}, {}, {}};
    const std::string services = pool_exchange_services(m_p, m_c.planned_key, m_c.planned_key == "default");
    for (const auto& s : m_p.servers) import_and_enable(s.name, services);
    load_balancers();
    restart_doors(services);
    connectors();
    hybrid();
    gate(r);
    for (const auto& s : m_p.servers) removal(s.name);
    r.steps = std::move(m_steps);
    r.pfx_command = pfx_command();
    r.win_acme = win_acme(services);
    r.notes = std::move(m_notes);
    return r;
  }

 private:
  void add(std::string id, RenewalPhase phase, std::string title, std::string guard, std::string change) {
    m_steps.push_back({std::move(id), phase, std::move(title), std::move(guard), std::move(change)});
  }

  void import_and_enable(const std::string& server, const std::string& services) {
    const std::string s = ps_quote(server);
    add("import:" + server, RenewalPhase::Rollout, "Import the certificate on " + server,
        "[bool](Get-ExchangeCertificate -Server " + s + " -Thumbprint $thumb -ErrorAction SilentlyContinue)",
        "Import-ExchangeCertificate -Server " + s +
            " -FileData ([System.IO.File]::ReadAllBytes($PfxPath)) -Password (Get-PfxPassword) "
            "-PrivateKeyExportable $true | Out-Null");
    if (!services.empty()) {
      add("enable:" + server, RenewalPhase::Rollout, "Enable it for " + services + " on " + server,
          "Test-CertificateServices -Server " + s + " -Want " + service_list(services),
          "Enable-ExchangeCertificate -Server " + s + " -Thumbprint $thumb -Services " + services + " -Force");
    }
    for (const auto& site : iis_sites(m_p, m_c.planned_key)) {
      // Enable-ExchangeCertificate binds only the Default Web Site: the others are bound in IIS, on
      // the server itself.
      const std::string script = "{ param($t, $site) Import-Module WebAdministration; ";
      add("bind:" + server + ":" + site, RenewalPhase::Rollout, "Bind it to the IIS site " + site + " on " + server,
          "Invoke-Command -ComputerName " + s + " -ArgumentList $thumb, " + ps_quote(site) + " -ScriptBlock " + script +
              "(Get-WebBinding -Name $site -Protocol https).certificateHash -eq $t }",
          "Invoke-Command -ComputerName " + s + " -ArgumentList $thumb, " + ps_quote(site) + " -ScriptBlock " + script +
              "(Get-WebBinding -Name $site -Protocol https).AddSslCertificate($t, 'My') }");
    }
  }

  void load_balancers() {
    for (const auto& pool : m_p.pools) {
      if (pool.tls != LbTls::Bridging || pool.certificate != m_c.planned_key) continue;
      std::string addresses;
      for (const auto& a : pool.addresses) addresses += (addresses.empty() ? "" : ", ") + a.str();
      const std::string id = "load-balancer:" + pool.name_space.str();
      add(id, RenewalPhase::Rollout,
          "Put the certificate on the load balancer of " + pool.name_space.str() + " (bridging" +
              (m_p.extended_protection ? "; Extended Protection needs the same certificate as the servers" : "") + ")",
          "Test-Done " + ps_quote(id),
          "Write-Host " +
              ps_quote("Import " + m_c.common_name + ".pfx (thumbprint " + m_c.thumbprint + ") on the load balancer " +
                       addresses + " for " + pool.name_space.str() +
                       " and for its connections to the servers, then answer yes") +
              "\nif ((Read-Host 'Done on the load balancer? (yes)') -ne 'yes') { throw 'stopped: the load balancer "
              "still has the old certificate' }\nSet-Done " +
              ps_quote(id));
    }
  }

  // IMAP and POP read their certificate when they start: restart them where the binding changed
  // (a marker per server and certificate, so a run that failed after the binding restarts next time).
  void restart_doors(const std::string& services) {
    const bool imap = services.find("IMAP") != std::string::npos;
    const bool pop = services.find("POP") != std::string::npos;
    if (!imap && !pop) return;
    const bool v2013 = m_p.exchange >= ExchangeVersion::Ex2013;
    std::string names;
    if (imap) names += v2013 ? "'MSExchangeIMAP4','MSExchangeIMAP4BE'" : "'MSExchangeIMAP4'";
    if (pop)
      names +=
          std::string(names.empty() ? "" : ",") + (v2013 ? "'MSExchangePOP3','MSExchangePOP3BE'" : "'MSExchangePOP3'");
    for (const auto& s : m_p.servers) {
      const std::string id = "restart:" + s.name;
      add(id, RenewalPhase::Rollout, "Restart IMAP/POP on " + s.name + " so they present the new certificate",
          "Test-Done " + ps_quote(id),
          "Get-Service -ComputerName " + ps_quote(s.name) + " -Name " + names + " | Restart-Service\nSet-Done " +
              ps_quote(id));
    }
  }

  void connectors() {
    const bool smtp = has_door(m_p, DoorKind::Smtp);
    const bool submission = has_door(m_p, DoorKind::Submission);
    if (!smtp && !submission) return;
    const bool answers = std::ranges::any_of(m_p.doors, [&](const PlannedDoor& d) {
      return (d.kind == DoorKind::Smtp || d.kind == DoorKind::Submission) && d.certificate == m_c.planned_key;
    });
    if (!answers) return;
    if (m_p.exchange == ExchangeVersion::Ex2007) {
      m_notes.push_back("Exchange 2007 connectors have no TlsCertificateName: they pick the certificate by their FQDN");
      return;
    }
    const bool v2013 = m_p.exchange >= ExchangeVersion::Ex2013;
    for (const auto& s : m_p.servers) {
      for (auto [wanted, name] : {std::pair{smtp, v2013 ? "Default Frontend " : "Default "},
                                  std::pair{submission, v2013 ? "Client Frontend " : "Client "}}) {
        if (!wanted) continue;
        const std::string identity = ps_quote(s.name + "\\" + name + s.name);
        add("receive-connector:" + s.name + "\\" + name + s.name, RenewalPhase::Rollout,
            "TlsCertificateName of the receive connector " + s.name + "\\" + name + s.name,
            "\"$((Get-ReceiveConnector -Identity " + identity + ").TlsCertificateName)\" -eq $tlsName",
            "Set-ReceiveConnector -Identity " + identity + " -TlsCertificateName $tlsName");
      }
    }
    if (smtp) {
      const std::string outbound =
          "Get-SendConnector | Where-Object { $_.AddressSpaces -match '^SMTP:\\*;' -and \"$($_.TlsCertificateName)\" "
          "-ne $tlsName }";
      add("send-connectors", RenewalPhase::Rollout, "TlsCertificateName of the Internet send connectors",
          "-not (" + outbound + ")", outbound + " | Set-SendConnector -TlsCertificateName $tlsName");
    }
  }

  void hybrid() {
    if (!m_p.hybrid) return;
    add("hybrid-configuration", RenewalPhase::Rollout, "TlsCertificateName of the hybrid configuration",
        "\"$((Get-HybridConfiguration).TlsCertificateName)\" -eq $tlsName",
        "Set-HybridConfiguration -TlsCertificateName $tlsName");
  }

  void gate(Renewal& r) {
    const HostName& ns = m_p.pools.empty() ? m_p.external_host : m_p.pools.front().name_space;
    r.verify_command = "adplan verify " + ns.str() + " --plan adplan.json --cert " + m_c.file;
    add("verify", RenewalPhase::Gate, "adplan verify must pass before the old certificate is removed", "$Verified",
        "Write-Host " + ps_quote("Now run: " + r.verify_command) +
            "\nWrite-Host 'When it passes, run this script again with -Verified to remove the old certificate.'"
            "\nreturn");
  }

  void removal(const std::string& server) {
    const std::string old = "Get-ExchangeCertificate -Server " + ps_quote(server) +
                            " | Where-Object { $_.Subject -eq $subject -and $_.Thumbprint -ne $thumb }";
    add("remove:" + server, RenewalPhase::Removal, "Remove the old certificate from " + server, "-not (" + old + ")",
        old + " | Remove-ExchangeCertificate -Server " + ps_quote(server) + " -Confirm:$false");
  }

  [[nodiscard]] std::string pfx_command() const {
    if (m_c.key_file.empty()) {
      return "Export-ExchangeCertificate -Server " + ps_quote(m_p.servers.front().name) + " -Thumbprint " +
             m_c.thumbprint +
             " -BinaryEncoded -Password (Read-Host -AsSecureString)  # on the server that completed the request; "
             "write .FileData to the PFX";
    }
    std::string cmd = "openssl pkcs12 -export -in " + sh_quote(m_c.file) + " -inkey " + sh_quote(m_c.key_file);
    if (!m_c.chain_file.empty()) cmd += " -certfile " + sh_quote(m_c.chain_file);
    return cmd + " -name " + sh_quote(m_c.common_name) + " -out " + sh_quote(m_c.common_name + ".pfx");
  }

  [[nodiscard]] std::vector<std::string> win_acme(const std::string& services) const {
    // win-acme's Exchange installation script (Scripts/ImportExchange.v2.ps1) takes the thumbprint,
    // the services, whether to keep the old certificate (1: keep it until verify passed), and the
    // cached PFX: this rollout then carries that PFX to the other servers.
    std::vector<std::string> out{
        "--installation iis,script --installationsiteid 1 --script './Scripts/ImportExchange.v2.ps1' "
        "--scriptparameters \"'{CertThumbprint}' '" +
        (services.empty() ? std::string("IIS") : services) +
        "' 1 '{CacheFile}' '{CachePassword}' '{CertFriendlyName}'\""};
    if (m_p.servers.size() > 1)
      out.push_back("then, for the other servers: rollout.ps1 -PfxPath <win-acme's {CacheFile}>");
    return out;
  }

  const Plan& m_p;
  const RenewalCertificate& m_c;
  std::vector<RenewalStep> m_steps;
  std::vector<std::string> m_notes;
};

std::string indent(const std::string& text) {
  std::string out = "  ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

}  // namespace

Renewal plan_renewal(const Plan& p, const RenewalCertificate& cert) {
  return Builder(p, cert).run();
}

std::string renewal_script(const Renewal& r) {
  const auto& c = r.certificate;
  std::string out;
  out += "# adplan renew: the rollout of " + c.common_name + " (thumbprint " + c.thumbprint + ", notAfter " +
         c.not_after + ")\n";
  out +=
      "# Exchange Management Shell. Every change runs only where its guard finds it not in place yet, so a run\n"
      "# that stopped half-way is finished by running the script again, and a second run changes nothing.\n"
      "# Without -Verified the script stops before the old certificate is removed: run the verify command it\n"
      "# prints, then run it again with -Verified.\n";
  out += "param(\n  [Parameter(Mandatory = $true)][string]$PfxPath,\n  [switch]$Verified\n)\n";
  out += "$ErrorActionPreference = 'Stop'\n";
  out += "$thumb = " + ps_quote(c.thumbprint) + "\n";
  out += "$tlsName = " + ps_quote(c.tls_certificate_name) + "\n";
  out += "$subject = " + ps_quote(subject_of(c.tls_certificate_name)) + "\n";
  out += "$doneDir = Join-Path $env:ProgramData ('adplan\\renew\\' + $thumb)\n";
  out += "$script:pfxPassword = $null\n";
  out +=
      "function Get-PfxPassword {\n"
      "  if (-not $script:pfxPassword) { $script:pfxPassword = Read-Host -AsSecureString -Prompt 'Password of the PFX' "
      "}\n"
      "  $script:pfxPassword\n"
      "}\n"
      "function Test-CertificateServices([string]$Server, [string[]]$Want) {\n"
      "  $c = Get-ExchangeCertificate -Server $Server -Thumbprint $thumb -ErrorAction SilentlyContinue\n"
      "  if (-not $c) { return $false }\n"
      "  $have = \"$($c.Services)\" -split ',\\s*'\n"
      "  return -not ($Want | Where-Object { $have -notcontains $_ })\n"
      "}\n"
      "function Test-Done([string]$Id) { Test-Path (Join-Path $doneDir ($Id -replace '[\\\\/:]', '_')) }\n"
      "function Set-Done([string]$Id) {\n"
      "  New-Item -ItemType Directory -Force -Path $doneDir | Out-Null\n"
      "  New-Item -ItemType File -Force -Path (Join-Path $doneDir ($Id -replace '[\\\\/:]', '_')) | Out-Null\n"
      "}\n";
  const std::size_t n = r.steps.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& s = r.steps[i];
    out += "\n# [" + std::to_string(i + 1) + "/" + std::to_string(n) + "] " + s.id + " (" +
           std::string(phase_key(s.phase)) + "): " + s.title + "\n";
    out += "if (-not (" + s.guard + ")) {\n" + indent(s.change) + "\n}\n";
  }
  out += "\nWrite-Host " + ps_quote("the rollout of " + c.common_name + " is complete") + "\n";
  return out;
}

nlohmann::ordered_json to_json(const Renewal& r) {
  using oj = nlohmann::ordered_json;
  const auto& c = r.certificate;
  oj steps = oj::array();
  for (const auto& s : r.steps) {
    steps.push_back(
        {{"id", s.id}, {"phase", phase_key(s.phase)}, {"title", s.title}, {"guard", s.guard}, {"change", s.change}});
  }
  return oj{{"format", "adplan-renew/1"},
            {"certificate",
             {{"file", c.file},
              {"planned", c.planned_key},
              {"common_name", c.common_name},
              {"thumbprint", c.thumbprint},
              {"sha256", c.sha256},
              {"not_after", c.not_after},
              {"tls_certificate_name", c.tls_certificate_name}}},
            {"steps", steps},
            {"verify", r.verify_command},
            {"pfx", r.pfx_command},
            {"win_acme", r.win_acme},
            {"notes", r.notes}};
}

}  // namespace adplan
