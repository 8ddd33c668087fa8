# adplan: ACME HTTP-01 on IIS, scenario 1: Single certificate that supports multiple DNS names
# The CA fetches http://<name>/.well-known/acme-challenge/<token> on port 80 (RFC 8555 8.3).
# For each site that answers port 80 for a certificate name: an http binding on port 80, the
# challenge folder, and that path exempt from Require SSL and from HTTP redirects (the
# scenario-4 redirect site redirects everything else as before). Token files have no
# extension: IIS serves them only with a mimeMap for '.'. Run in an elevated PowerShell with
# the WebAdministration module; every value is a single-quoted PowerShell literal.
$ErrorActionPreference = 'Stop'
Import-Module WebAdministration

# Default Web Site: HTTP-01 for mta-sts.contoso.com, mta-sts.fabrikam.com
if (-not (Get-WebBinding -Name 'Default Web Site' -Protocol http -Port 80 -IPAddress '192.0.2.10')) { New-WebBinding -Name 'Default Web Site' -Protocol http -Port 80 -IPAddress '192.0.2.10' }
$root = [Environment]::ExpandEnvironmentVariables((Get-Website -Name 'Default Web Site').PhysicalPath)
New-Item -ItemType Directory -Force -Path (Join-Path $root '.well-known\acme-challenge') | Out-Null
Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location 'Default Web Site/.well-known/acme-challenge' -Filter 'system.webServer/security/access' -Name sslFlags -Value 'None'
Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location 'Default Web Site/.well-known/acme-challenge' -Filter 'system.webServer/httpRedirect' -Name enabled -Value $false
if (-not (Get-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location 'Default Web Site/.well-known/acme-challenge' -Filter "system.webServer/staticContent/mimeMap[@fileExtension='.']" -Name mimeType)) { Add-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location 'Default Web Site/.well-known/acme-challenge' -Filter 'system.webServer/staticContent' -Name '.' -Value @{fileExtension='.'; mimeType='text/plain'} }
