# adplan change plan: scenario 2 (One single-name certificate and the Autodiscover SRV record) -> scenario 3 (Two single-name certificates and Web sites), from old.json
# The steps in their safe order (additions first, removals last; change.md says why).
# Run it step by step in the Exchange Management Shell, on a machine with the DnsServer module
# for the DNS lines: the script pauses after each step until you have run its check.
$ErrorActionPreference = 'Stop'

# ---- step 1: Issue and install the new certificates [certificates]
# New CN=autodiscover.contoso.com (Autodiscover Web Site).
# adplan (any machine with the plan): adplan csr --plan new.json --out pki-new   # new keys; the old ones stay until removals
# adplan (any machine with the plan): adplan csr --plan new.json --exchange   # or: the request on the Exchange server
Read-Host 'step 1 done; check: adplan cert check pki-new/autodiscover.contoso.com.crt --key pki-new/autodiscover.contoso.com.key --plan new.json - press Enter' | Out-Null

# ---- step 2: Add the addresses, web sites and bindings [sites]
# Route the public address 203.0.113.11 to the new web site. The lines of iis.ps1 (adplan render --plan new.json) do the same with the scenario's context.
# CAS01
New-NetIPAddress -InterfaceAlias 'Ethernet' -IPAddress '192.0.2.11' -PrefixLength 24 -SkipAsSource $true
# CAS01
New-Website -Name 'Autodiscover Web Site' -IPAddress '192.0.2.11' -Port 443 -Ssl -PhysicalPath 'C:\inetpub\wwwroot'
Read-Host 'step 2 done; check: Get-Website; Get-WebBinding   # on each server - press Enter' | Out-Null

# ---- step 3: Add and change the DNS records [dns]
# External records at the public DNS provider, internal ones on the internal DNS servers. A changed record's old value is removed here (both values would be handed out at random); records that go away entirely wait for step "removals".
# zone file external: autodiscover.contoso.com. 3600 IN A 203.0.113.11
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '203.0.113.11' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# zone file internal: autodiscover.contoso.com. 3600 IN A 192.0.2.11
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '192.0.2.11' -TimeToLive ([TimeSpan]::FromSeconds(3600))
Read-Host 'step 3 done; check: adplan verify --plan new.json --dns-server <your DNS server> - press Enter' | Out-Null

# ---- step 4: Wait 3600 s (1 hour), the TTL of the records that change [wait-ttl]
# Resolvers keep the old answers for up to their TTL (RFC 1035 3.2.1, RFC 2181 8). Outlook also re-runs Autodiscover only every 60 minutes.
Read-Host 'step 4 done; check: adplan verify --plan new.json   # from outside, through a public resolver - press Enter' | Out-Null

# ---- step 5: Remove what the new plan no longer uses [removals]
# Only after the steps above are checked: until then clients may still use what goes here.
# zone file external, remove: _autodiscover._tcp.contoso.com. 3600 IN SRV 0 0 443 mail.contoso.com.
Get-DnsServerResourceRecord -ZoneName 'contoso.com' -Name '_autodiscover._tcp' -RRType 'Srv' | Where-Object { $_.RecordData.DomainName -eq 'mail.contoso.com.' -and $_.RecordData.Port -eq '443' } | Remove-DnsServerResourceRecord -ZoneName 'contoso.com' -Force
# zone file internal, remove: _autodiscover._tcp.contoso.com. 3600 IN SRV 0 0 443 mail.contoso.com.
Get-DnsServerResourceRecord -ZoneName 'contoso.com' -Name '_autodiscover._tcp' -RRType 'Srv' | Where-Object { $_.RecordData.DomainName -eq 'mail.contoso.com.' -and $_.RecordData.Port -eq '443' } | Remove-DnsServerResourceRecord -ZoneName 'contoso.com' -Force
Read-Host 'step 5 done; check: adplan verify --plan new.json - press Enter' | Out-Null
