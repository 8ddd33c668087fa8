# adplan change plan: scenario 4 (Single certificate with an HTTP redirect site) -> scenario 1 (Single certificate that supports multiple DNS names), from old.json
# The steps in their safe order (additions first, removals last; change.md says why).
# Run it step by step in the Exchange Management Shell, on a machine with the DnsServer module
# for the DNS lines: the script pauses after each step until you have run its check.
$ErrorActionPreference = 'Stop'

# ---- step 1: Issue and install the new certificates [certificates]
# Reissue CN=mail.contoso.com (Default Web Site). Keep the old certificate bound until step "removals": clients still use the old names.
# adplan (any machine with the plan): adplan csr --plan new.json --out pki-new   # new keys; the old ones stay until removals
# adplan (any machine with the plan): adplan csr --plan new.json --exchange   # or: the request on the Exchange server
Read-Host 'step 1 done; check: adplan cert check pki-new/mail.contoso.com.crt --key pki-new/mail.contoso.com.key --plan new.json - press Enter' | Out-Null

# ---- step 2: Add and change the DNS records [dns]
# External records at the public DNS provider, internal ones on the internal DNS servers. A changed record's old value is removed here (both values would be handed out at random); records that go away entirely wait for step "removals".
# zone file external: autodiscover.contoso.com. 3600 IN A 203.0.113.10
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# zone file internal: autodiscover.contoso.com. 3600 IN A 192.0.2.10
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'autodiscover' -IPv4Address '192.0.2.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# zone file external, replaced: autodiscover.contoso.com. 3600 IN A 203.0.113.11
Remove-DnsServerResourceRecord -ZoneName 'contoso.com' -Name 'autodiscover' -RRType 'A' -RecordData '203.0.113.11' -Force
# zone file internal, replaced: autodiscover.contoso.com. 3600 IN A 192.0.2.11
Remove-DnsServerResourceRecord -ZoneName 'contoso.com' -Name 'autodiscover' -RRType 'A' -RecordData '192.0.2.11' -Force
Read-Host 'step 2 done; check: adplan verify --plan new.json --dns-server <your DNS server> - press Enter' | Out-Null

# ---- step 3: Wait 3600 s (1 hour), the TTL of the records that change [wait-ttl]
# Resolvers keep the old answers for up to their TTL (RFC 1035 3.2.1, RFC 2181 8). Outlook also re-runs Autodiscover only every 60 minutes.
Read-Host 'step 3 done; check: adplan verify --plan new.json   # from outside, through a public resolver - press Enter' | Out-Null

# ---- step 4: Point the SCP and the service URLs at the new names [urls]
# In the Exchange Management Shell. Domain-joined Outlook reads the SCP at start and every 60 minutes.
Set-ClientAccessService -Identity 'CAS01' -AutoDiscoverServiceInternalUri 'https://cas01.contoso.com/autodiscover/autodiscover.xml'
Set-WebServicesVirtualDirectory -Identity 'CAS01\EWS (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx' -InternalUrl 'https://cas01.contoso.com/EWS/Exchange.asmx'
Set-OABVirtualDirectory -Identity 'CAS01\OAB (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/OAB' -InternalUrl 'https://cas01.contoso.com/OAB'
Set-OutlookAnywhere -Identity 'CAS01\Rpc (Default Web Site)' -ExternalHostname 'mail.contoso.com' -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod Negotiate -InternalHostname 'cas01.contoso.com' -InternalClientsRequireSsl $true
Set-OwaVirtualDirectory -Identity 'CAS01\owa (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/owa' -InternalUrl 'https://cas01.contoso.com/owa'
Set-ActiveSyncVirtualDirectory -Identity 'CAS01\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync' -InternalUrl 'https://cas01.contoso.com/Microsoft-Server-ActiveSync'
Read-Host 'step 4 done; check: adplan verify --plan new.json --ldap ldap://<domain controller> - press Enter' | Out-Null

# ---- step 5: Remove what the new plan no longer uses [removals]
# Release the public address 203.0.113.11. Only after the steps above are checked: until then clients may still use what goes here.
Remove-Website -Name 'Autodiscover Redirect Web Site'   # on each server
Get-ExchangeCertificate | Where-Object { $_.Subject -like '*CN=mail.contoso.com*' } | Format-List Thumbprint,CertificateDomains,NotAfter
# fill in the <...> value, then run: Remove-ExchangeCertificate -Thumbprint <thumbprint of the replaced CN=mail.contoso.com certificate>
# CAS01
Remove-NetIPAddress -IPAddress '192.0.2.11' -Confirm:$false
Read-Host 'step 5 done; check: adplan verify --plan new.json - press Enter' | Out-Null
