# adplan: Exchange Management Shell script, scenario 2: One single-name certificate and the Autodiscover SRV record
# Exchange Server 2019: the SCP is written with Set-ClientAccessService.
# The steps are the white paper's, in its order; the numbers match the runbook. Every value
# is a single-quoted PowerShell literal, so nothing in it is expanded or run.
# Read it through, then run it in the Exchange Management Shell on a Client Access server.
$ErrorActionPreference = 'Stop'

# Step 1: Request the certificate
# Why: Certificate mail.contoso.com names: mail.contoso.com. Certificate mta-sts.contoso.com names: mta-sts.contoso.com, mta-sts.fabrikam.com. The paper's -KeySize 1024 is obsolete: RSA keys under 2048 bits are refused by every public CA (CA/B Forum BR 6.1.5). Or let `adplan csr` make the key and request.
New-ExchangeCertificate -GenerateRequest -SubjectName 'CN=mail.contoso.com' -DomainName 'mail.contoso.com' -KeySize 2048 -PrivateKeyExportable $true -FriendlyName 'mail.contoso.com' -Server 'CAS01' -RequestFile '\\CAS01\c$\pki\mail.contoso.com.req'
New-ExchangeCertificate -GenerateRequest -SubjectName 'CN=mta-sts.contoso.com' -DomainName 'mta-sts.contoso.com','mta-sts.fabrikam.com' -KeySize 2048 -PrivateKeyExportable $true -FriendlyName 'mta-sts.contoso.com' -Server 'CAS01' -RequestFile '\\CAS01\c$\pki\mta-sts.contoso.com.req'

# Step 2: Install the certificate on the Default Web Site and the mail doors
# Why: Import the certificate the CA issued for mail.contoso.com and enable it for IIS,SMTP,IMAP,POP (Enable-ExchangeCertificate binds the Default Web Site and the mail services).
Import-ExchangeCertificate -Server 'CAS01' -FileData ([System.IO.File]::ReadAllBytes('\\CAS01\c$\pki\mail.contoso.com.crt')) | Enable-ExchangeCertificate -Services IIS,SMTP,IMAP,POP -Force

# Step 3: Point the SCP at the external host
# Why: Repeat for every Client Access server: domain-joined Outlook then reaches Autodiscover on the name the certificate holds (the paper's autodiscover.<domain> here is a slip: that name is not on this scenario's Default Web Site certificate).
Set-ClientAccessService -Identity 'CAS01' -AutoDiscoverServiceInternalUri 'https://mail.contoso.com/autodiscover/autodiscover.xml'

# Step 4: Configure the Exchange services' URLs
# Why: Set external and internal URLs to the external host, so that every URL a client uses is on the certificate (KB 940726). MAPI over HTTP is on by default from Exchange 2016 and is the protocol Outlook 2016 and later connect with (an organisation upgraded from 2013 keeps its setting: check Get-OrganizationConfig | Format-List MapiHttpEnabled).
Set-WebServicesVirtualDirectory -Identity 'CAS01\EWS (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx' -InternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx'
Set-OABVirtualDirectory -Identity 'CAS01\OAB (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/OAB' -InternalUrl 'https://mail.contoso.com/OAB'
Set-OutlookAnywhere -Identity 'CAS01\Rpc (Default Web Site)' -ExternalHostname 'mail.contoso.com' -ExternalClientsRequireSsl $true -ExternalClientAuthenticationMethod Negotiate -InternalHostname 'mail.contoso.com' -InternalClientsRequireSsl $true
Set-OwaVirtualDirectory -Identity 'CAS01\owa (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/owa' -InternalUrl 'https://mail.contoso.com/owa'
Set-ActiveSyncVirtualDirectory -Identity 'CAS01\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync' -InternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync'
Set-MapiVirtualDirectory -Identity 'CAS01\mapi (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/mapi' -InternalUrl 'https://mail.contoso.com/mapi'

# Step 7: Bind the certificate to the mail doors
# Why: Enable-ExchangeCertificate binds the certificate to SMTP (inbound 25, submission 587), IMAP and POP; IMAP and POP present the certificate X509CertificateName names (after a restart of the services); receive and send connectors name it by TlsCertificateName (<I>issuer<S>subject), which must follow every renewal whose issuing CA changed. `adplan cert check CERT` prints the issued certificate's, `adplan render --cert CERT` writes it here.
Set-ImapSettings -Server 'CAS01' -X509CertificateName 'mail.contoso.com'
Get-Service -ComputerName 'CAS01' -Name 'MSExchangeIMAP4','MSExchangeIMAP4BE' | Set-Service -StartupType Automatic -PassThru | Restart-Service
Set-PopSettings -Server 'CAS01' -X509CertificateName 'mail.contoso.com'
Get-Service -ComputerName 'CAS01' -Name 'MSExchangePOP3','MSExchangePOP3BE' | Set-Service -StartupType Automatic -PassThru | Restart-Service
# TlsCertificateName of the installed certificate (`adplan render --cert CERT` writes the issued one's here)
$cert = Get-ExchangeCertificate -Server 'CAS01' | Where-Object { $_.FriendlyName -eq 'mail.contoso.com' } | Sort-Object NotAfter -Descending | Select-Object -First 1
$tlsName = "<I>$($cert.Issuer)<S>$($cert.Subject)"
Set-ReceiveConnector -Identity 'CAS01\Default Frontend CAS01' -TlsCertificateName $tlsName
Set-ReceiveConnector -Identity 'CAS01\Client Frontend CAS01' -TlsCertificateName $tlsName
Get-SendConnector | Where-Object { $_.AddressSpaces -match '^SMTP:\*;' } | Set-SendConnector -TlsCertificateName $tlsName
