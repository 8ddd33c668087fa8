# adplan: Exchange Management Shell script, scenario 1: Single certificate that supports multiple DNS names
# Exchange Server 2010: the SCP is written with Set-ClientAccessServer.
# The steps are the white paper's, in its order; the numbers match the runbook. Every value
# is a single-quoted PowerShell literal, so nothing in it is expanded or run.
# Read it through, then run it in the Exchange Management Shell on a Client Access server.
$ErrorActionPreference = 'Stop'

# Step 1: Request the certificate
# Why: Certificate mail.contoso.com names: mail.contoso.com, autodiscover.contoso.com, autodiscover.fabrikam.com, cas01, cas01.contoso.local, cas02, cas02.contoso.local. The paper's -KeySize 1024 is obsolete: RSA keys under 2048 bits are refused by every public CA (CA/B Forum BR 6.1.5). Or let `adplan csr` make the key and request.
$request = New-ExchangeCertificate -GenerateRequest -SubjectName 'C=US, O=Contoso Ltd, CN=mail.contoso.com' -DomainName 'mail.contoso.com','autodiscover.contoso.com','autodiscover.fabrikam.com','cas01','cas01.contoso.local','cas02','cas02.contoso.local' -KeySize 2048 -PrivateKeyExportable $true -FriendlyName 'mail.contoso.com'
Set-Content -Path 'C:\pki\mail.contoso.com.req' -Value $request

# Step 2: Install the certificate on the Default Web Site
# Why: Import the certificate the CA issued for mail.contoso.com and enable it for IIS (Enable-ExchangeCertificate binds the Default Web Site).
Import-ExchangeCertificate -FileData ([Byte[]]$(Get-Content -Path 'C:\pki\mail.contoso.com.crt' -Encoding Byte -ReadCount 0)) | Enable-ExchangeCertificate -Services IIS

# Step 5: Configure the Exchange services' URLs
# Why: Set the external URLs; internal URLs stay as setup wrote them (the certificate names the servers).
Set-WebServicesVirtualDirectory -Identity 'CAS01\EWS (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx'
Set-OABVirtualDirectory -Identity 'CAS01\OAB (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/OAB'
Set-UMVirtualDirectory -Identity 'CAS01\UnifiedMessaging (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/UnifiedMessaging/Service.asmx'
Enable-OutlookAnywhere -Server 'CAS01' -ExternalHostname 'mail.contoso.com' -ClientAuthenticationMethod Basic -SSLOffloading $false
Set-OwaVirtualDirectory -Identity 'CAS01\owa (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/owa'
Set-ActiveSyncVirtualDirectory -Identity 'CAS01\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync'
Set-WebServicesVirtualDirectory -Identity 'CAS02\EWS (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/EWS/Exchange.asmx'
Set-OABVirtualDirectory -Identity 'CAS02\OAB (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/OAB'
Set-UMVirtualDirectory -Identity 'CAS02\UnifiedMessaging (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/UnifiedMessaging/Service.asmx'
Enable-OutlookAnywhere -Server 'CAS02' -ExternalHostname 'mail.contoso.com' -ClientAuthenticationMethod Basic -SSLOffloading $false
Set-OwaVirtualDirectory -Identity 'CAS02\owa (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/owa'
Set-ActiveSyncVirtualDirectory -Identity 'CAS02\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl 'https://mail.contoso.com/Microsoft-Server-ActiveSync'

# Step 6: Set Autodiscover site affinity
# Why: AutoDiscoverSiteScope writes Site= keywords on each server's SCP so clients in a site prefer it.
Set-ClientAccessServer -Identity 'CAS02' -AutoDiscoverSiteScope 'Dublin','Paris'
