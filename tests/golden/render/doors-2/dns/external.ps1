# adplan: DNS records for the external view (scenario 2: One single-name certificate and the Autodiscover SRV record)
# Windows DNS Server (DnsServer module); run on the DNS server or add -ComputerName.
# Every value is a single-quoted PowerShell literal: nothing in it is expanded.
$ErrorActionPreference = 'Stop'

# zone contoso.com: public zone at the DNS provider
# Autodiscover SRV record (KB 940881): points clients at the external host
Add-DnsServerResourceRecord -Srv -ZoneName 'contoso.com' -Name '_autodiscover._tcp' -DomainName 'mail.contoso.com' -Priority 0 -Weight 0 -Port 443 -TimeToLive ([TimeSpan]::FromSeconds(3600))
# MTA-STS (RFC 8461 3.1): a policy in mode enforce; the id changes with the policy
Add-DnsServerResourceRecord -Txt -ZoneName 'contoso.com' -Name '_mta-sts' -DescriptiveText 'v=STSv1; id=d9b4f6d96bbe1099' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# TLS reporting (RFC 8460 3): where senders report TLS failures
Add-DnsServerResourceRecord -Txt -ZoneName 'contoso.com' -Name '_smtp._tls' -DescriptiveText 'v=TLSRPTv1; rua=mailto:tlsrpt@contoso.com' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# MX (RFC 5321 5.1): inbound mail for contoso.com (the smtp door)
Add-DnsServerResourceRecordMX -ZoneName 'contoso.com' -Name '@' -MailExchange 'mail.contoso.com' -Preference 10 -TimeToLive ([TimeSpan]::FromSeconds(3600))
# external host: the Default Web Site (paper's table, note *)
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mail' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# MTA-STS policy host (RFC 8461 3.3): the web server that serves /.well-known/mta-sts.txt
Add-DnsServerResourceRecordA -ZoneName 'contoso.com' -Name 'mta-sts' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))

# zone fabrikam.com: public zone at the DNS provider
# Autodiscover SRV record (KB 940881): points clients at the external host
Add-DnsServerResourceRecord -Srv -ZoneName 'fabrikam.com' -Name '_autodiscover._tcp' -DomainName 'mail.contoso.com' -Priority 0 -Weight 0 -Port 443 -TimeToLive ([TimeSpan]::FromSeconds(3600))
# MTA-STS (RFC 8461 3.1): a policy in mode testing; the id changes with the policy
Add-DnsServerResourceRecord -Txt -ZoneName 'fabrikam.com' -Name '_mta-sts' -DescriptiveText 'v=STSv1; id=665b28584112c3b3' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# TLS reporting (RFC 8460 3): where senders report TLS failures
Add-DnsServerResourceRecord -Txt -ZoneName 'fabrikam.com' -Name '_smtp._tls' -DescriptiveText 'v=TLSRPTv1; rua=mailto:tlsrpt@contoso.com' -TimeToLive ([TimeSpan]::FromSeconds(3600))
# MX (RFC 5321 5.1): inbound mail for fabrikam.com (the smtp door)
Add-DnsServerResourceRecordMX -ZoneName 'fabrikam.com' -Name '@' -MailExchange 'mail.contoso.com' -Preference 10 -TimeToLive ([TimeSpan]::FromSeconds(3600))
# MTA-STS policy host (RFC 8461 3.3): the web server that serves /.well-known/mta-sts.txt
Add-DnsServerResourceRecordA -ZoneName 'fabrikam.com' -Name 'mta-sts' -IPv4Address '203.0.113.10' -TimeToLive ([TimeSpan]::FromSeconds(3600))
