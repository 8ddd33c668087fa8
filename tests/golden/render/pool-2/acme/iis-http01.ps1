# adplan: ACME HTTP-01 on IIS, scenario 1: Single certificate that supports multiple DNS names
# The CA fetches http://<name>/.well-known/acme-challenge/<token> on port 80 (RFC 8555 8.3).
# For each site that answers port 80 for a certificate name: an http binding on port 80, the
# challenge folder, and that path exempt from Require SSL and from HTTP redirects (the
# scenario-4 redirect site redirects everything else as before). Token files have no
# extension: IIS serves them only with a mimeMap for '.'. Run in an elevated PowerShell with
# the WebAdministration module; every value is a single-quoted PowerShell literal.
$ErrorActionPreference = 'Stop'
Import-Module WebAdministration

# No certificate name uses HTTP-01 in this plan (see acme/orders.txt): nothing to change.
