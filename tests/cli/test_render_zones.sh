#!/usr/bin/env bash
# BIND's own checker accepts every full zone adplan renders: every scenario, both views,
# every zone of each view, for the built-in example and a two-domain internal-namespace plan.
set -euo pipefail
ADPLAN=${1:?usage: test_render_zones.sh path/to/adplan source-dir}
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-zones.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

checked=0
for n in 1 2 3 4; do
  "$ADPLAN" init --scenario "$n" --yes -o "simple$n.json" >/dev/null
  servers=(--server "CAS01,cas01.contoso.local,10.0.0.10,Seattle" --server "CAS02,cas02.contoso.local,10.1.0.10,Dublin")
  [ "$n" -ge 3 ] && servers=(--server "CAS01,cas01.contoso.local,10.0.0.10,Seattle,10.0.0.11"
                             --server "CAS02,cas02.contoso.local,10.1.0.10,Dublin,10.1.0.11"
                             --secondary-public-ip 203.0.113.11)
  "$ADPLAN" init --scenario "$n" --yes -o "wide$n.json" --exchange 2010 --domain contoso.com --domain fabrikam.com \
    --internal-domain contoso.local --public-ip 203.0.113.10 --ca internal "${servers[@]}" >/dev/null
  # Issue 23: the mail doors' MX, address and MTA-STS / TLS-RPT TXT records load too.
  "$ADPLAN" init --scenario "$n" --yes -o "doors$n.json" --domain contoso.com --domain fabrikam.com \
    --doors smtp,submission,imap,pop --mta-sts testing "${servers[@]}" >/dev/null
  for plan in "simple$n.json" "wide$n.json" "doors$n.json"; do
    for view in external internal; do
      zones=$("$ADPLAN" dns --plan "$plan" --view "$view" | sed -n 's/^; zone \([^:]*\):.*/\1/p')
      [ -n "$zones" ] || fail "$plan $view: no zones listed"
      for zone in $zones; do
        "$ADPLAN" dns --plan "$plan" --view "$view" --full-zone --domain "$zone" > "$zone.$view.zone"
        named-checkzone -i local "$zone" "$zone.$view.zone" >check.log 2>&1 ||
          { cat check.log "$zone.$view.zone" >&2; fail "$plan $view $zone: named-checkzone refused it"; }
        checked=$((checked + 1))
      done
    done
  done
  # Without --domain: the primary SMTP domain.
  "$ADPLAN" dns --plan "simple$n.json" --view external --full-zone > primary.zone
  named-checkzone -i local contoso.com primary.zone >/dev/null || fail "scenario $n: default full zone"
done
# The SRV record of scenario 2 loads as a real SRV record.
"$ADPLAN" dns --plan simple2.json --view external --full-zone > srv.zone
named-checkzone -D -i local -o - contoso.com srv.zone 2>/dev/null |
  grep -q '^_autodiscover._tcp.contoso.com.[[:space:]]*3600[[:space:]]*IN[[:space:]]*SRV[[:space:]]*0 0 443 mail.contoso.com.$' ||
  fail "scenario 2: no SRV record in the loaded zone"
# The doors' records load as real MX and TXT records.
"$ADPLAN" dns --plan doors1.json --view external --full-zone --domain fabrikam.com > doors.zone
named-checkzone -D -i local -o - fabrikam.com doors.zone 2>/dev/null >loaded.zone
grep -q '^fabrikam.com.[[:space:]]*3600[[:space:]]*IN[[:space:]]*MX[[:space:]]*10 mail.contoso.com.$' loaded.zone ||
  { cat doors.zone >&2; fail "doors: no MX record in the loaded zone"; }
grep -q '^_mta-sts.fabrikam.com.[[:space:]]*3600[[:space:]]*IN[[:space:]]*TXT[[:space:]]*"v=STSv1; id=[0-9a-f]\{16\}"$' loaded.zone ||
  { cat loaded.zone >&2; fail "doors: no _mta-sts TXT record in the loaded zone"; }
grep -q '^_smtp._tls.fabrikam.com.[[:space:]]*3600[[:space:]]*IN[[:space:]]*TXT[[:space:]]*"v=TLSRPTv1; rua=mailto:tlsrpt@contoso.com"$' loaded.zone ||
  fail "doors: no TLS-RPT record in the loaded zone"
# The full internal view of the wide plan has the split-brain zone for the external names.
grep -q '^mail.contoso.com. 3600 IN A 10.0.0.10$' contoso.com.internal.zone || fail "split-brain zone lacks mail A record"

# Usage errors exit 2 with the place and the fix.
set +e
"$ADPLAN" dns --plan simple1.json --full-zone --domain example.org >out.txt 2>err.txt; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "unknown zone: exit $rc, not 2"
grep -qx 'adplan: error: --domain: "example.org" is not a zone of the external view (zones there: contoso.com)' err.txt ||
  { cat err.txt >&2; fail "unknown zone message"; }
set +e
"$ADPLAN" dns --plan simple1.json --format windows --full-zone >/dev/null 2>err.txt; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "--full-zone with windows: exit $rc"
set +e
"$ADPLAN" dns --plan simple1.json --view dmz >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "--view dmz: exit $rc"
echo "ok: $checked zones accepted by named-checkzone"
