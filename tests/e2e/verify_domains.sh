#!/usr/bin/env bash
# End-to-end: `adplan verify --all-domains` on the real lab (BIND + nginx) for a hoster plan
# with three SMTP domains in scenario 2 (an SRV record each): all pass; then with one
# domain's SRV record removed, exactly that domain fails, named with its finding. Last, a
# second address for the external host where nothing listens (a dead round-robin node).
# Usage: verify_domains.sh ADPLAN SOURCE_DIR
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-domains.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
for tool in named nginx openssl ip; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
lab=$WORK/lab
mkdir -p "$lab"
"$ADPLAN" init --scenario 2 --yes --ca internal --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2 \
  --domain contoso.com --domain fabrikam.com --domain tailspin.example.org -o "$lab/adplan.json" >/dev/null ||
  { echo "FAIL: init"; exit 1; }
"$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" >"$WORK/prepare.log" 2>&1 ||
  { echo "FAIL: lab prepare"; cat "$WORK/prepare.log"; exit 1; }
cat >"$WORK/check.sh" <<EOS
"\$ADPLAN" verify --all-domains --plan $lab/adplan.json --dns-server "\$LAB_DNS" --ca-file "\$LAB_CA" --timeout 8 --json >$WORK/all.json
echo \$? >$WORK/all.rc
# Break one tenant: its SRV record disappears from its own zone, BIND reloads.
sed -i '/IN SRV/d' $lab/run/bind/fabrikam.com.zone
kill -HUP \$(cat $lab/run/named.pid) && sleep 1
"\$ADPLAN" verify --all-domains --plan $lab/adplan.json --dns-server "\$LAB_DNS" --ca-file "\$LAB_CA" --timeout 8 --json >$WORK/broken.json
echo \$? >$WORK/broken.rc
"\$ADPLAN" verify --all-domains --plan $lab/adplan.json --dns-server "\$LAB_DNS" --ca-file "\$LAB_CA" --timeout 8 >$WORK/broken.txt
# DNS round robin with a dead node: a second address for the external host where nothing listens.
echo "mail.contoso.com. 3600 IN A 127.0.0.9" >>$lab/run/bind/contoso.com.zone
kill -HUP \$(cat $lab/run/named.pid) && sleep 1
"\$ADPLAN" verify contoso.com --plan $lab/adplan.json --dns-server "\$LAB_DNS" --ca-file "\$LAB_CA" --timeout 8 --json >$WORK/rr.json
EOS
"$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" "$lab" -- bash "$WORK/check.sh" >"$WORK/run.log" 2>&1
[[ -s $WORK/all.json && -s $WORK/broken.json ]] || { echo "FAIL: no report"; cat "$WORK/run.log"; exit 1; }
python3 - "$WORK" <<'PY'
import json, sys, pathlib
w = pathlib.Path(sys.argv[1])
good, bad = json.load(open(w / "all.json")), json.load(open(w / "broken.json"))
good_rc, bad_rc = int((w / "all.rc").read_text()), int((w / "broken.rc").read_text())
text = (w / "broken.txt").read_text()
problems = []
def want(cond, what):
    if not cond: problems.append(what)
want(good_rc == 0 and good["verdict"] == "pass" and good["domains_checked"] == 3, f"all three pass: rc {good_rc} {good.get('verdict')}")
by = {d["domain"]: d for d in good["domains"]}
want(all(any(c["client"] == "outlook-external" and c["method"] == "srv" for c in d["clients"]) for d in good["domains"]), "each found by SRV")
want(any("SRV warning" in p for c in by["fabrikam.com"]["clients"] for p in c["prompts"]), "a tenant outside the target's domain gets the SRV prompt")
bby = {d["domain"]: d for d in bad["domains"]}
want(bad_rc == 1 and bad["domains_failed"] == 1, f"one domain fails: rc {bad_rc} {bad.get('domains_failed')}")
want(bby["fabrikam.com"]["verdict"] == "fail" and any(f["id"] == "dns.srv-missing" for f in bby["fabrikam.com"]["findings"]), "fabrikam.com: dns.srv-missing")
want(bby["contoso.com"]["verdict"] == "pass" and bby["tailspin.example.org"]["verdict"] == "pass", "the others still pass")
want("FAIL fabrikam.com" in text and "3 domain(s) checked, 1 failed" in text, "report lines")
rr = json.load(open(w / "rr.json"))
want(any(f["id"] == "tcp.unreachable" and f["severity"] == "error" and f["subject"].endswith("via 127.0.0.9") for f in rr["findings"]),
     f"the dead round-robin node is named: {[(f['id'], f['subject']) for f in rr['findings']]}")
for p in problems: print("FAIL:", p)
print("ok" if not problems else f"{len(problems)} failure(s)")
sys.exit(1 if problems else 0)
PY
