# adplan: DNS records for the internal view (scenario 2: One single-name certificate and the Autodiscover SRV record)
# Windows DNS Server (DnsServer module); run on the DNS server or add -ComputerName.
# Every value is a single-quoted PowerShell literal: nothing in it is expanded.
$ErrorActionPreference = 'Stop'

# zone contoso.com: the Active Directory zone; add the records there
# Autodiscover SRV record for clients that are not domain members
Add-DnsServerResourceRecord -Srv -ZoneName 'contoso.com' -Name '_autodiscover._tcp' -DomainName 'mail.contoso.com' -Priority 0 -Weight 0 -Port 443 -TimeToLive ([TimeSpan]::FromSeconds(3600))
# server's own record (registered by the server)
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'cas01' -IPv4Address '192.0.2.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# external host resolves to the Client Access server inside
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mail' -IPv4Address '192.0.2.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))

# zone fabrikam.com: create this zone on the internal DNS servers so the external names resolve inside (split-brain DNS; paper, Scenario 3 Step 2 note)
Add-DnsServerPrimaryZone -Name 'fabrikam.com' -ReplicationScope 'Forest'
# Autodiscover SRV record for clients that are not domain members
Add-DnsServerResourceRecord -Srv -ZoneName 'fabrikam.com' -Name '_autodiscover._tcp' -DomainName 'mail.contoso.com' -Priority 0 -Weight 0 -Port 443 -TimeToLive ([TimeSpan]::FromSeconds(3600))
