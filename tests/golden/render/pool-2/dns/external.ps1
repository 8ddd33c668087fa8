# adplan: DNS records for the external view (scenario 1: Single certificate that supports multiple DNS names)
# Windows DNS Server (DnsServer module); run on the DNS server or add -ComputerName.
# Every value is a single-quoted PowerShell literal: nothing in it is expanded.
$ErrorActionPreference = 'Stop'

# zone contoso.com: public zone at the DNS provider
# Autodiscover host: same entry point as the external host
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# MX (RFC 5321 5.1): inbound mail for contoso.com (the smtp door)
Add-DnsServerResourceRecordMX -ZoneName 'contoso.com' -Name '@' -MailExchange 'mail.contoso.com' -Preference 10 -TimeToLive ([TimeSpan]::FromSeconds(3600))
# external host: the Default Web Site (paper's table, note *)
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mail' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
