# adplan: DNS records for the external view (scenario 2: One single-name certificate and the Autodiscover SRV record)
# Windows DNS Server (DnsServer module); run on the DNS server or add -ComputerName.
# Every value is a single-quoted PowerShell literal: nothing in it is expanded.
$ErrorActionPreference = 'Stop'

# zone contoso.com: public zone at the DNS provider
# Autodiscover SRV record (KB 940881): points clients at the external host
Add-DnsServerResourceRecord -Srv -ZoneName 'contoso.com' -Name '_autodiscover._tcp' -DomainName 'mail.contoso.com' -Priority 0 -Weight 0 -Port 443 -TimeToLive ([TimeSpan]::FromSeconds(3600))
# external host: the Default Web Site (paper's table, note *)
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mail' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
