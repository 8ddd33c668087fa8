# adplan: DNS records for the internal view (scenario 1: Single certificate that supports multiple DNS names)
# Windows DNS Server (DnsServer module); run on the DNS server or add -ComputerName.
# Every value is a single-quoted PowerShell literal: nothing in it is expanded.
$ErrorActionPreference = 'Stop'

# zone contoso.com: the Active Directory zone; add the records there
# Autodiscover host for clients that are not domain members
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '192.0.2.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# Autodiscover host for clients that are not domain members
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '192.0.2.20' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# server's own record (registered by the server)
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'ex01' -IPv4Address '192.0.2.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# server's own record (registered by the server)
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'ex02' -IPv4Address '192.0.2.20' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# external host resolves to the Client Access server inside
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mail' -IPv4Address '192.0.2.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# external host resolves to the Client Access server inside
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mail' -IPv4Address '192.0.2.20' -TimeToLive ([TimeSpan]::FromSeconds(3600))
