# adplan: IIS script, scenario 1: Single certificate that supports multiple DNS names
# Run on each Client Access server (lines for one server are marked with its name), in an
# elevated PowerShell with the WebAdministration module. Every value is a single-quoted
# PowerShell literal, so nothing in it is expanded or run.
#
# Web sites this scenario plans:
#   Default Web Site: https port 443 on CAS01 192.0.2.10
$ErrorActionPreference = 'Stop'
Import-Module WebAdministration

# Step 6: Serve the MTA-STS policies
# Why: Each policy host serves https://mta-sts.<domain>/.well-known/mta-sts.txt (text/plain, CRLF lines; render writes mta-sts/<domain>.txt) with its own certificate, bound by SNI beside the Default Web Site. nginx/mta-sts.conf does the same on nginx.
# mta-sts.contoso.com: the policy of contoso.com (mode enforce, id 6a9eac73f7bf9a1f)
New-Item -ItemType Directory -Force -Path 'C:\inetpub\mta-sts\contoso.com\.well-known' | Out-Null
Copy-Item -Path 'mta-sts\contoso.com.txt' -Destination 'C:\inetpub\mta-sts\contoso.com\.well-known\mta-sts.txt'
New-Website -Name 'MTA-STS contoso.com' -PhysicalPath 'C:\inetpub\mta-sts\contoso.com' -HostHeader 'mta-sts.contoso.com' -Port 443 -Ssl -SslFlags 1
$cert = Get-ChildItem -Path 'Cert:\LocalMachine\My' | Where-Object { $_.FriendlyName -eq 'mta-sts.contoso.com' } | Sort-Object NotAfter -Descending | Select-Object -First 1
(Get-WebBinding -Name 'MTA-STS contoso.com' -Protocol https).AddSslCertificate($cert.Thumbprint, 'My')
# mta-sts.fabrikam.com: the policy of fabrikam.com (mode testing, id aa094a9efe06568d)
New-Item -ItemType Directory -Force -Path 'C:\inetpub\mta-sts\fabrikam.com\.well-known' | Out-Null
Copy-Item -Path 'mta-sts\fabrikam.com.txt' -Destination 'C:\inetpub\mta-sts\fabrikam.com\.well-known\mta-sts.txt'
New-Website -Name 'MTA-STS fabrikam.com' -PhysicalPath 'C:\inetpub\mta-sts\fabrikam.com' -HostHeader 'mta-sts.fabrikam.com' -Port 443 -Ssl -SslFlags 1
$cert = Get-ChildItem -Path 'Cert:\LocalMachine\My' | Where-Object { $_.FriendlyName -eq 'mta-sts.contoso.com' } | Sort-Object NotAfter -Descending | Select-Object -First 1
(Get-WebBinding -Name 'MTA-STS fabrikam.com' -Protocol https).AddSslCertificate($cert.Thumbprint, 'My')
