# adplan renew: the rollout of mail.contoso.com (thumbprint EBF9BB3E638A1DF6DCAF0D1CFB555D5C936E0E5F, notAfter 2027-03-07T13:26:14Z)
# Exchange Management Shell. Every change runs only where its guard finds it not in place yet, so a run
# that stopped half-way is finished by running the script again, and a second run changes nothing.
# Without -Verified the script stops before the old certificate is removed: run the verify command it
# prints, then run it again with -Verified.
param(
  [Parameter(Mandatory = $true)][string]$PfxPath,
  [switch]$Verified
)
$ErrorActionPreference = 'Stop'
$thumb = 'EBF9BB3E638A1DF6DCAF0D1CFB555D5C936E0E5F'
$tlsName = '<I>CN=Pebble Intermediate CA 0d8136<S>CN=mail.contoso.com'
$subject = 'CN=mail.contoso.com'
$doneDir = Join-Path $env:ProgramData ('adplan\renew\' + $thumb)
$script:pfxPassword = $null
function Get-PfxPassword {
  if (-not $script:pfxPassword) { $script:pfxPassword = Read-Host -AsSecureString -Prompt 'Password of the PFX' }
  $script:pfxPassword
}
function Test-CertificateServices([string]$Server, [string[]]$Want) {
  $c = Get-ExchangeCertificate -Server $Server -Thumbprint $thumb -ErrorAction SilentlyContinue
  if (-not $c) { return $false }
  $have = "$($c.Services)" -split ',\s*'
  return -not ($Want | Where-Object { $have -notcontains $_ })
}
function Test-Done([string]$Id) { Test-Path (Join-Path $doneDir ($Id -replace '[\\/:]', '_')) }
function Set-Done([string]$Id) {
  New-Item -ItemType Directory -Force -Path $doneDir | Out-Null
  New-Item -ItemType File -Force -Path (Join-Path $doneDir ($Id -replace '[\\/:]', '_')) | Out-Null
}

# [1/14] import:EX01 (rollout): Import the certificate on EX01
if (-not ([bool](Get-ExchangeCertificate -Server 'EX01' -Thumbprint $thumb -ErrorAction SilentlyContinue))) {
  Import-ExchangeCertificate -Server 'EX01' -FileData ([System.IO.File]::ReadAllBytes($PfxPath)) -Password (Get-PfxPassword) -PrivateKeyExportable $true | Out-Null
}

# [2/14] enable:EX01 (rollout): Enable it for IIS,SMTP on EX01
if (-not (Test-CertificateServices -Server 'EX01' -Want @('IIS','SMTP'))) {
  Enable-ExchangeCertificate -Server 'EX01' -Thumbprint $thumb -Services IIS,SMTP -Force
}

# [3/14] import:EX02 (rollout): Import the certificate on EX02
if (-not ([bool](Get-ExchangeCertificate -Server 'EX02' -Thumbprint $thumb -ErrorAction SilentlyContinue))) {
  Import-ExchangeCertificate -Server 'EX02' -FileData ([System.IO.File]::ReadAllBytes($PfxPath)) -Password (Get-PfxPassword) -PrivateKeyExportable $true | Out-Null
}

# [4/14] enable:EX02 (rollout): Enable it for IIS,SMTP on EX02
if (-not (Test-CertificateServices -Server 'EX02' -Want @('IIS','SMTP'))) {
  Enable-ExchangeCertificate -Server 'EX02' -Thumbprint $thumb -Services IIS,SMTP -Force
}

# [5/14] load-balancer:mail.contoso.com (rollout): Put the certificate on the load balancer of mail.contoso.com (bridging; Extended Protection needs the same certificate as the servers)
if (-not (Test-Done 'load-balancer:mail.contoso.com')) {
  Write-Host 'Import mail.contoso.com.pfx (thumbprint EBF9BB3E638A1DF6DCAF0D1CFB555D5C936E0E5F) on the load balancer 203.0.113.10 for mail.contoso.com and for its connections to the servers, then answer yes'
  if ((Read-Host 'Done on the load balancer? (yes)') -ne 'yes') { throw 'stopped: the load balancer still has the old certificate' }
  Set-Done 'load-balancer:mail.contoso.com'
}

# [6/14] receive-connector:EX01\Default Frontend EX01 (rollout): TlsCertificateName of the receive connector EX01\Default Frontend EX01
if (-not ("$((Get-ReceiveConnector -Identity 'EX01\Default Frontend EX01').TlsCertificateName)" -eq $tlsName)) {
  Set-ReceiveConnector -Identity 'EX01\Default Frontend EX01' -TlsCertificateName $tlsName
}

# [7/14] receive-connector:EX01\Client Frontend EX01 (rollout): TlsCertificateName of the receive connector EX01\Client Frontend EX01
if (-not ("$((Get-ReceiveConnector -Identity 'EX01\Client Frontend EX01').TlsCertificateName)" -eq $tlsName)) {
  Set-ReceiveConnector -Identity 'EX01\Client Frontend EX01' -TlsCertificateName $tlsName
}

# [8/14] receive-connector:EX02\Default Frontend EX02 (rollout): TlsCertificateName of the receive connector EX02\Default Frontend EX02
if (-not ("$((Get-ReceiveConnector -Identity 'EX02\Default Frontend EX02').TlsCertificateName)" -eq $tlsName)) {
  Set-ReceiveConnector -Identity 'EX02\Default Frontend EX02' -TlsCertificateName $tlsName
}

# [9/14] receive-connector:EX02\Client Frontend EX02 (rollout): TlsCertificateName of the receive connector EX02\Client Frontend EX02
if (-not ("$((Get-ReceiveConnector -Identity 'EX02\Client Frontend EX02').TlsCertificateName)" -eq $tlsName)) {
  Set-ReceiveConnector -Identity 'EX02\Client Frontend EX02' -TlsCertificateName $tlsName
}

# [10/14] send-connectors (rollout): TlsCertificateName of the Internet send connectors
if (-not (-not (Get-SendConnector | Where-Object { $_.AddressSpaces -match '^SMTP:\*;' -and "$($_.TlsCertificateName)" -ne $tlsName }))) {
  Get-SendConnector | Where-Object { $_.AddressSpaces -match '^SMTP:\*;' -and "$($_.TlsCertificateName)" -ne $tlsName } | Set-SendConnector -TlsCertificateName $tlsName
}

# [11/14] hybrid-configuration (rollout): TlsCertificateName of the hybrid configuration
if (-not ("$((Get-HybridConfiguration).TlsCertificateName)" -eq $tlsName)) {
  Set-HybridConfiguration -TlsCertificateName $tlsName
}

# [12/14] verify (gate): adplan verify must pass before the old certificate is removed
if (-not ($Verified)) {
  Write-Host 'Now run: adplan verify mail.contoso.com --plan adplan.json --cert pki/mail.contoso.com.crt'
  Write-Host 'When it passes, run this script again with -Verified to remove the old certificate.'
  return
}

# [13/14] remove:EX01 (removal): Remove the old certificate from EX01
if (-not (-not (Get-ExchangeCertificate -Server 'EX01' | Where-Object { $_.Subject -eq $subject -and $_.Thumbprint -ne $thumb }))) {
  Get-ExchangeCertificate -Server 'EX01' | Where-Object { $_.Subject -eq $subject -and $_.Thumbprint -ne $thumb } | Remove-ExchangeCertificate -Server 'EX01' -Confirm:$false
}

# [14/14] remove:EX02 (removal): Remove the old certificate from EX02
if (-not (-not (Get-ExchangeCertificate -Server 'EX02' | Where-Object { $_.Subject -eq $subject -and $_.Thumbprint -ne $thumb }))) {
  Get-ExchangeCertificate -Server 'EX02' | Where-Object { $_.Subject -eq $subject -and $_.Thumbprint -ne $thumb } | Remove-ExchangeCertificate -Server 'EX02' -Confirm:$false
}

Write-Host 'the rollout of mail.contoso.com is complete'
