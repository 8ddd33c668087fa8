# adplan: IIS script, scenario 3: Two single-name certificates and Web sites
# Run on each Client Access server (lines for one server are marked with its name), in an
# elevated PowerShell with the WebAdministration module. Every value is a single-quoted
# PowerShell literal, so nothing in it is expanded or run.
#
# Web sites this scenario plans:
#   Default Web Site: https port 443 on CAS01 192.0.2.10
#   Autodiscover Web Site: https port 443 on CAS01 192.0.2.11
$ErrorActionPreference = 'Stop'
Import-Module WebAdministration

# Step 1: Add the second IP address to the network adapter
# Why: Each Client Access server needs a second address for the second web site. SkipAsSource keeps outgoing traffic on the primary address; adjust the adapter name and prefix length.
# CAS01
New-NetIPAddress -InterfaceAlias 'Ethernet' -IPAddress '192.0.2.11' -PrefixLength 24 -SkipAsSource $true

# Step 5: Bind the Default Web Site to the primary IP address
# Why: By default it answers on all unassigned addresses and would take the second site's address.
# CAS01
Import-Module WebAdministration; Set-WebBinding -Name 'Default Web Site' -BindingInformation '*:443:' -PropertyName IPAddress -Value '192.0.2.10'

# Step 6: Create the Autodiscover Web Site on the second IP address
# Why: Anonymous access, home directory C:\inetpub\wwwroot, https on port 443.
# CAS01
New-Website -Name 'Autodiscover Web Site' -IPAddress '192.0.2.11' -Port 443 -Ssl -PhysicalPath 'C:\inetpub\wwwroot'
