# adplan: DNS records for the external view (scenario 3: Two single-name certificates and Web sites)
# Windows DNS Server (DnsServer module); run on the DNS server or add -ComputerName.
# Every value is a single-quoted PowerShell literal: nothing in it is expanded.
$ErrorActionPreference = 'Stop'

# zone contoso.com: public zone at the DNS provider
# Autodiscover host: the second public IP (paper's table, note **)
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '203.0.113.11' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# external host: the Default Web Site (paper's table, note *)
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mail' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
