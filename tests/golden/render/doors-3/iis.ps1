# adplan: IIS script, scenario 3: Two single-name certificates and Web sites
# Run on each Client Access server (lines for one server are marked with its name), in an
# elevated PowerShell with the WebAdministration module. Every value is a single-quoted
# PowerShell literal, so nothing in it is expanded or run.
#
# Web sites this scenario plans:
#   Default Web Site: https port 443 on CAS01 192.0.2.10
#   Autodiscover Web Site: https port 443 on CAS01 192.0.2.11
$ErrorActionPreference = 'Stop'
Import-Module WebAdministration

# Step 1: Add the second IP address to the network adapter
# Why: Each Client Access server needs a second address for the second web site. SkipAsSource keeps outgoing traffic on the primary address; adjust the adapter name and prefix length.
# CAS01
New-NetIPAddress -InterfaceAlias 'Ethernet' -IPAddress '192.0.2.11' -PrefixLength 24 -SkipAsSource $true

# Step 5: Bind the Default Web Site to the primary IP address
# Why: By default it answers on all unassigned addresses and would take the second site's address.
# CAS01
Import-Module WebAdministration; Set-WebBinding -Name 'Default Web Site' -BindingInformation '*:443:' -PropertyName IPAddress -Value '192.0.2.10'

# Step 6: Create the Autodiscover Web Site on the second IP address
# Why: Anonymous access, home directory C:\inetpub\wwwroot, https on port 443.
# CAS01
New-Website -Name 'Autodiscover Web Site' -IPAddress '192.0.2.11' -Port 443 -Ssl -PhysicalPath 'C:\inetpub\wwwroot'

# Step 12: Serve the MTA-STS policies
# Why: Each policy host serves https://mta-sts.<domain>/.well-known/mta-sts.txt (text/plain, CRLF lines; render writes mta-sts/<domain>.txt) with its own certificate, bound by SNI beside the Default Web Site. nginx/mta-sts.conf does the same on nginx.
# mta-sts.contoso.com: the policy of contoso.com (mode enforce, id d9b4f6d96bbe1099)
New-Item -ItemType Directory -Force -Path 'C:\inetpub\mta-sts\contoso.com\.well-known' | Out-Null
Copy-Item -Path 'mta-sts\contoso.com.txt' -Destination 'C:\inetpub\mta-sts\contoso.com\.well-known\mta-sts.txt'
New-Website -Name 'MTA-STS contoso.com' -PhysicalPath 'C:\inetpub\mta-sts\contoso.com' -HostHeader 'mta-sts.contoso.com' -Port 443 -Ssl -SslFlags 1
$cert = Get-ChildItem -Path 'Cert:\LocalMachine\My' | Where-Object { $_.FriendlyName -eq 'mta-sts.contoso.com' } | Sort-Object NotAfter -Descending | Select-Object -First 1
(Get-WebBinding -Name 'MTA-STS contoso.com' -Protocol https).AddSslCertificate($cert.Thumbprint, 'My')
# mta-sts.fabrikam.com: the policy of fabrikam.com (mode testing, id 665b28584112c3b3)
New-Item -ItemType Directory -Force -Path 'C:\inetpub\mta-sts\fabrikam.com\.well-known' | Out-Null
Copy-Item -Path 'mta-sts\fabrikam.com.txt' -Destination 'C:\inetpub\mta-sts\fabrikam.com\.well-known\mta-sts.txt'
New-Website -Name 'MTA-STS fabrikam.com' -PhysicalPath 'C:\inetpub\mta-sts\fabrikam.com' -HostHeader 'mta-sts.fabrikam.com' -Port 443 -Ssl -SslFlags 1
$cert = Get-ChildItem -Path 'Cert:\LocalMachine\My' | Where-Object { $_.FriendlyName -eq 'mta-sts.contoso.com' } | Sort-Object NotAfter -Descending | Select-Object -First 1
(Get-WebBinding -Name 'MTA-STS fabrikam.com' -Protocol https).AddSslCertificate($cert.Thumbprint, 'My')
