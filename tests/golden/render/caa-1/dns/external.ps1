# adplan: DNS records for the external view (scenario 1: Single certificate that supports multiple DNS names)
# Windows DNS Server (DnsServer module); run on the DNS server or add -ComputerName.
# Every value is a single-quoted PowerShell literal: nothing in it is expanded.
$ErrorActionPreference = 'Stop'

# zone contoso.com: public zone at the DNS provider
# Autodiscover host: same entry point as the external host
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# CAA (RFC 8659): letsencrypt.org may issue for contoso.com and the names below it
# CAA 0 issue "letsencrypt.org": an RFC 3597 record (type 257, RDATA in hex); Windows Server 2016 or later
Add-DnsServerResourceRecord -ZoneName 'contoso.com' -Name '@' -Type 257 -RecordData '000569737375656c657473656e63727970742e6f7267' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# external host: the Default Web Site (paper's table, note *)
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mail' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
