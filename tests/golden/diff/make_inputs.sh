#!/usr/bin/env bash
# Regenerates the inputs of the diff golden cases (old.json, new.json per case) with
# `adplan init`'s non-interactive flags. Then regenerate expected.txt:
#   tests/golden/diff/make_inputs.sh build/tools/adplan/adplan
#   ADPLAN_UPDATE_GOLDEN=1 build/tests/unit_core_tests -tc='diff golden*'
# and review `git diff tests/golden/diff` before committing.
set -euo pipefail
ADPLAN=$(realpath "${1:?usage: make_inputs.sh path/to/adplan}")
cd "$(dirname "$0")"
init() { local out=$1; shift; "$ADPLAN" init --yes --force -o "$out" "$@" >/dev/null; }

# A SAN certificate replaces the single-name certificate and its redirect site.
mkdir -p migrate-4-to-1
init migrate-4-to-1/old.json --scenario 4
init migrate-4-to-1/new.json --scenario 1

# The single-name certificate with SRV gets a second certificate on a second web site.
mkdir -p migrate-2-to-3
init migrate-2-to-3/old.json --scenario 2
init migrate-2-to-3/new.json --scenario 3

# A second Client Access server joins, in a second AD site (scenario 3: two sites, two IPs each).
mkdir -p one-to-two-servers
init one-to-two-servers/old.json --scenario 3 --server CAS01,cas01.contoso.com,192.0.2.10,Seattle,192.0.2.11
init one-to-two-servers/new.json --scenario 3 --server CAS01,cas01.contoso.com,192.0.2.10,Seattle,192.0.2.11 \
  --server CAS02,cas02.contoso.com,198.51.100.10,Dublin,198.51.100.11

# A hoster (scenario 4, the redirect site) adds a tenant domain.
mkdir -p add-tenant-domain
init add-tenant-domain/old.json --scenario 4 --domain contoso.com
init add-tenant-domain/new.json --scenario 4 --domain contoso.com --domain fabrikam.com

# The same plan twice: exit 0, an empty diff.
mkdir -p equal
init equal/old.json --scenario 3
cp equal/old.json equal/new.json
