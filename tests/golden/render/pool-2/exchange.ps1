# adplan: Exchange Management Shell script, scenario 1: Single certificate that supports multiple DNS names
# Exchange Server Subscription Edition: the SCP is written with Set-ClientAccessService.
# The steps are the white paper's, in its order; the numbers match the runbook. Every value
# is a single-quoted PowerShell literal, so nothing in it is expanded or run.
# Read it through, then run it in the Exchange Management Shell on a Client Access server.
$ErrorActionPreference = 'Stop'

# Step 1: Request the certificate
# Why: Certificate mail.contoso.com names: mail.contoso.com, autodiscover.contoso.com, ex01.contoso.com, ex02.contoso.com. The paper's -KeySize 1024 is obsolete: RSA keys under 2048 bits are refused by every public CA (CA/B Forum BR 6.1.5). Or let `adplan csr` make the key and request.
New-ExchangeCertificate -GenerateRequest -SubjectName 'CN=mail.contoso.com' -DomainName 'mail.contoso.com','autodiscover.contoso.com','ex01.contoso.com','ex02.contoso.com' -KeySize 2048 -PrivateKeyExportable $true -FriendlyName 'mail.contoso.com' -Server 'EX01' -RequestFile '\\EX01\c$\pki\mail.contoso.com.req'

# Step 2: Install the certificate on the Default Web Site and the mail doors
# Why: Import the certificate the CA issued for mail.contoso.com and enable it for IIS,SMTP,IMAP (Enable-ExchangeCertificate binds the Default Web Site and the mail services).
Import-ExchangeCertificate -Server 'EX01' -FileData ([System.IO.File]::ReadAllBytes('\\EX01\c$\pki\mail.contoso.com.crt')) | Enable-ExchangeCertificate -Services IIS,SMTP,IMAP -Force

# Step 4: Configure the Exchange services' URLs
# Why: Set the external URLs; internal URLs stay as setup wrote them (the certificate names the servers). MAPI over HTTP is on by default from Exchange 2016 and is the protocol Outlook 2016 and later connect with (an organisation upgraded from 2013 keeps its setting: check Get-OrganizationConfig | Format-List MapiHttpEnabled).
Set-WebServicesVirtualDirectory -Identity 'EX01\EWS (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx'
Set-OABVirtualDirectory -Identity 'EX01\OAB (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/OAB'
Set-OutlookAnywhere -Identity 'EX01\Rpc (Default Web Site)' -ExternalHostname 'mail.contoso.com' -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod Negotiate
Set-OwaVirtualDirectory -Identity 'EX01\owa (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/owa'
Set-ActiveSyncVirtualDirectory -Identity 'EX01\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync'
Set-MapiVirtualDirectory -Identity 'EX01\mapi (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/mapi'
Set-WebServicesVirtualDirectory -Identity 'EX02\EWS (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx'
Set-OABVirtualDirectory -Identity 'EX02\OAB (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/OAB'
Set-OutlookAnywhere -Identity 'EX02\Rpc (Default Web Site)' -ExternalHostname 'mail.contoso.com' -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod Negotiate
Set-OwaVirtualDirectory -Identity 'EX02\owa (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/owa'
Set-ActiveSyncVirtualDirectory -Identity 'EX02\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync'
Set-MapiVirtualDirectory -Identity 'EX02\mapi (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/mapi'

# Step 5: Put the one certificate on every server of the pool
# Why: Every server behind the load balancer presents the same certificate: a pool whose members present different ones breaks a share of connections, and Extended Protection needs the same certificate everywhere TLS ends. The certificate is exported once as a PFX from EX01 (where the request was completed), then imported and enabled on each other server, in order.
# mail.contoso.com: export once from EX01
$pfxPassword = Read-Host -AsSecureString -Prompt 'Password for mail.contoso.com.pfx'
$cert = Get-ExchangeCertificate -Server 'EX01' | Where-Object { $_.FriendlyName -eq 'mail.contoso.com' } | Sort-Object NotAfter -Descending | Select-Object -First 1
$pfx = Export-ExchangeCertificate -Server 'EX01' -Thumbprint $cert.Thumbprint -BinaryEncoded -Password $pfxPassword
[System.IO.File]::WriteAllBytes('\\EX01\c$\pki\mail.contoso.com.pfx', $pfx.FileData)
# 2. EX02
Import-ExchangeCertificate -Server 'EX02' -FileData ([System.IO.File]::ReadAllBytes('\\EX01\c$\pki\mail.contoso.com.pfx')) -Password $pfxPassword -PrivateKeyExportable $true | Enable-ExchangeCertificate -Server 'EX02' -Services IIS,SMTP,IMAP -Force
# load balancer 203.0.113.10 (mail.contoso.com, bridging): import \\EX01\c$\pki\mail.contoso.com.pfx as the certificate of its mail.contoso.com service and of its connections to the servers (Extended Protection: the same certificate as the servers)

# Step 6: Bind the certificate to the mail doors
# Why: Enable-ExchangeCertificate binds the certificate to SMTP (inbound 25, submission 587), IMAP and POP; IMAP and POP present the certificate X509CertificateName names (after a restart of the services); receive and send connectors name it by TlsCertificateName (<I>issuer<S>subject), which must follow every renewal whose issuing CA changed. `adplan cert check CERT` prints the issued certificate's, `adplan render --cert CERT` writes it here.
Set-ImapSettings -Server 'EX01' -X509CertificateName 'mail.contoso.com'
Get-Service -ComputerName 'EX01' -Name 'MSExchangeIMAP4','MSExchangeIMAP4BE' | Set-Service -StartupType Automatic -PassThru | Restart-Service
Set-ImapSettings -Server 'EX02' -X509CertificateName 'mail.contoso.com'
Get-Service -ComputerName 'EX02' -Name 'MSExchangeIMAP4','MSExchangeIMAP4BE' | Set-Service -StartupType Automatic -PassThru | Restart-Service
# TlsCertificateName of the installed certificate (`adplan render --cert CERT` writes the issued one's here)
$cert = Get-ExchangeCertificate -Server 'EX01' | Where-Object { $_.FriendlyName -eq 'mail.contoso.com' } | Sort-Object NotAfter -Descending | Select-Object -First 1
$tlsName = "<I>$($cert.Issuer)<S>$($cert.Subject)"
Set-ReceiveConnector -Identity 'EX01\Default Frontend EX01' -TlsCertificateName $tlsName
Set-ReceiveConnector -Identity 'EX02\Default Frontend EX02' -TlsCertificateName $tlsName
Get-SendConnector | Where-Object { $_.AddressSpaces -match '^SMTP:\*;' } | Set-SendConnector -TlsCertificateName $tlsName
