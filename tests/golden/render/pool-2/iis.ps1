# adplan: IIS script, scenario 1: Single certificate that supports multiple DNS names
# Run on each Client Access server (lines for one server are marked with its name), in an
# elevated PowerShell with the WebAdministration module. Every value is a single-quoted
# PowerShell literal, so nothing in it is expanded or run.
#
# Web sites this scenario plans:
#   Default Web Site: https port 443 on EX01 192.0.2.10, EX02 192.0.2.20
$ErrorActionPreference = 'Stop'
Import-Module WebAdministration

# Nothing to change in IIS for this scenario: the Default Web Site keeps its bindings.
