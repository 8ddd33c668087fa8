# adplan: Outlook 2016 and later (2019, 2021, 2024, Microsoft 365 Apps): the Autodiscover policy of
# scenario 1: Single certificate that supports multiple DNS names
# Only the values this plan needs, each with its reason (KB 3211279, KB 2480582). Run it as the
# user whose Outlook it is for (HKCU), or deploy the same values by Group Policy Preferences.
$ErrorActionPreference = 'Stop'

$key = 'HKCU:\Software\Policies\Microsoft\Office\16.0\Outlook\AutoDiscover'
# New-Item -Force would empty a key that exists: create it only when it is missing.
if (-not (Test-Path -LiteralPath $key)) { New-Item -Path $key -Force | Out-Null }
# Why: the mailboxes are on premises: Outlook 2016 and later must not ask Exchange Online first (KB 3211279), or an address Exchange Online knows is set up against Exchange Online
New-ItemProperty -LiteralPath $key -Name 'ExcludeExplicitO365Endpoint' -PropertyType DWord -Value 1 -Force | Out-Null
# Why: the plan serves no Autodiscover at https://contoso.com: Outlook skips https://<domain>/autodiscover/autodiscover.xml, where a web site's certificate would raise a warning instead of letting it move on
New-ItemProperty -LiteralPath $key -Name 'ExcludeHttpsRootDomain' -PropertyType DWord -Value 1 -Force | Out-Null
