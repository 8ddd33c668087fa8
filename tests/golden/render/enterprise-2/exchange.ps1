# adplan: Exchange Management Shell script, scenario 2: One single-name certificate and the Autodiscover SRV record
# Exchange Server 2010: the SCP is written with Set-ClientAccessServer.
# The steps are the white paper's, in its order; the numbers match the runbook. Every value
# is a single-quoted PowerShell literal, so nothing in it is expanded or run.
# Read it through, then run it in the Exchange Management Shell on a Client Access server.
$ErrorActionPreference = 'Stop'

# Step 1: Request the certificate
# Why: Certificate mail.contoso.com names: mail.contoso.com. The paper's -KeySize 1024 is obsolete: RSA keys under 2048 bits are refused by every public CA (CA/B Forum BR 6.1.5). Or let `adplan csr` make the key and request.
$request = New-ExchangeCertificate -GenerateRequest -SubjectName 'C=US, O=Contoso Ltd, CN=mail.contoso.com' -DomainName 'mail.contoso.com' -KeySize 2048 -PrivateKeyExportable $true -FriendlyName 'mail.contoso.com'
Set-Content -Path 'C:\pki\mail.contoso.com.req' -Value $request

# Step 2: Install the certificate on the Default Web Site
# Why: Import the certificate the CA issued for mail.contoso.com and enable it for IIS (Enable-ExchangeCertificate binds the Default Web Site).
Import-ExchangeCertificate -FileData ([Byte[]]$(Get-Content -Path 'C:\pki\mail.contoso.com.crt' -Encoding Byte -ReadCount 0)) | Enable-ExchangeCertificate -Services IIS

# Step 3: Point the SCP at the external host
# Why: Repeat for every Client Access server: domain-joined Outlook then reaches Autodiscover on the name the certificate holds (the paper's autodiscover.<domain> here is a slip: that name is not on this scenario's Default Web Site certificate).
Set-ClientAccessServer -Identity 'CAS01' -AutoDiscoverServiceInternalUri 'https://mail.contoso.com/autodiscover/autodiscover.xml' -AutoDiscoverSiteScope 'Seattle'
Set-ClientAccessServer -Identity 'CAS02' -AutoDiscoverServiceInternalUri 'https://mail.contoso.com/autodiscover/autodiscover.xml' -AutoDiscoverSiteScope 'Dublin','Paris'

# Step 4: Configure the Exchange services' URLs
# Why: Set external and internal URLs to the external host, so that every URL a client uses is on the certificate (KB 940726).
Set-WebServicesVirtualDirectory -Identity 'CAS01\EWS (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx' -InternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx'
Set-OABVirtualDirectory -Identity 'CAS01\OAB (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/OAB' -InternalUrl 'https://mail.contoso.com/OAB'
Set-UMVirtualDirectory -Identity 'CAS01\UnifiedMessaging (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/UnifiedMessaging/Service.asmx' -InternalUrl 'https://mail.contoso.com/UnifiedMessaging/Service.asmx'
Enable-OutlookAnywhere -Server 'CAS01' -ExternalHostname 'mail.contoso.com' -ClientAuthenticationMethod Basic -SSLOffloading $false
Set-OwaVirtualDirectory -Identity 'CAS01\owa (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/owa' -InternalUrl 'https://mail.contoso.com/owa'
Set-ActiveSyncVirtualDirectory -Identity 'CAS01\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync' -InternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync'
Set-WebServicesVirtualDirectory -Identity 'CAS02\EWS (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx' -InternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx'
Set-OABVirtualDirectory -Identity 'CAS02\OAB (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/OAB' -InternalUrl 'https://mail.contoso.com/OAB'
Set-UMVirtualDirectory -Identity 'CAS02\UnifiedMessaging (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/UnifiedMessaging/Service.asmx' -InternalUrl 'https://mail.contoso.com/UnifiedMessaging/Service.asmx'
Enable-OutlookAnywhere -Server 'CAS02' -ExternalHostname 'mail.contoso.com' -ClientAuthenticationMethod Basic -SSLOffloading $false
Set-OwaVirtualDirectory -Identity 'CAS02\owa (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/owa' -InternalUrl 'https://mail.contoso.com/owa'
Set-ActiveSyncVirtualDirectory -Identity 'CAS02\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync' -InternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync'
