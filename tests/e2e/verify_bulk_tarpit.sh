#!/usr/bin/env bash
# End-to-end (issue 13): a tarpit front end costs a hoster's run about one timeout, not one per
# tenant or per 1,000-tenant chunk. The hoster lab (tools/lab/hoster.sh) with 4,000 tenants, four of
# them (one in each chunk of 1,000) sent by their SRV record to a host of their own on a tarpit
# (tests/hostile/peers/dns_flood.py: accepts, never answers). With --timeout 3 the whole run must end
# within 3 + 5 s (a hang bound, not a speed assertion: an engine that meets the tarpit once per chunk
# takes at least 4 x 3 s); those four tenants and the three broken on purpose fail, the rest pass.
# Usage: verify_bulk_tarpit.sh ADPLAN SOURCE_DIR
set -uo pipefail
for tool in named nginx openssl ip python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
ADPLAN=$(realpath "$1") SRC=$(realpath "$2") WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-tarpit.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
lab=$WORK/lab
"$SRC/tools/lab/hoster.sh" prepare --adplan "$ADPLAN" --tenants 4000 "$lab" >"$WORK/prepare.log" 2>&1 ||
  { echo "FAIL: hoster prepare"; cat "$WORK/prepare.log"; exit 1; }
zone=$lab/out/dns/zones/external/example.zone
for i in 500 1500 2500 3500; do
  t=$(printf 'tenant-%06d' "$i")
  sed -i "s/^_autodiscover._tcp.$t IN SRV .*/_autodiscover._tcp.$t IN SRV 0 0 443 tarpit-$i.elsewhere.example./" "$zone"
  echo "tarpit-$i.elsewhere IN A 127.0.0.9" >>"$zone"
  echo "$t.example tarpit" >>"$lab/broken.txt"
done
cat >"$WORK/check.sh" <<EOS
set -u
python3 $SRC/tests/hostile/peers/dns_flood.py tarpit 127.0.0.9 443 80 >$WORK/tarpit.log 2>&1 &
peer=\$!
for _ in \$(seq 50); do grep -q ready $WORK/tarpit.log && break; sleep 0.1; done
/usr/bin/time -f '%e' -o $WORK/wall timeout -s KILL 60 "\$ADPLAN" verify --plan $lab/adplan.json --dns-server "\$LAB_DNS" \
  --ca-file "\$LAB_CA" --timeout 3 --domains-file $lab/tenants.txt --json-lines >$WORK/lines.json 2>$WORK/lines.err
echo \$? >$WORK/rc
kill \$peer
EOS
"$SRC/tools/lab/hoster.sh" run --adplan "$ADPLAN" "$lab" -- bash "$WORK/check.sh" >"$WORK/run.log" 2>&1
[[ -s $WORK/lines.json ]] || { echo "FAIL: no report"; cat "$WORK/run.log" "$WORK/lines.err" "$WORK/tarpit.log"; exit 1; }
python3 - "$WORK" "$lab" <<'PY'
import json, sys, pathlib
w, lab = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
problems = []
def want(cond, what):
    if not cond: problems.append(what)
wall = float((w / "wall").read_text().split()[-1])
print(f"wall: {wall:.1f} s for 4,001 domains, --timeout 3")
want(wall <= 3 + 5, f"the run took {wall:.1f} s > 3 + 5 s: the tarpit was met more than about once")
broken = dict(l.split() for l in (lab / "broken.txt").read_text().splitlines())
lines = [json.loads(l) for l in (w / "lines.json").read_text().splitlines()]
doms = [l for l in lines if l["type"] == "domain"]
want(len(doms) == 4001, f"one line per domain: {len(doms)}")
failed = sorted(d["domain"] for d in doms if d["verdict"] == "fail")
want(failed == sorted(broken), f"exactly the broken and the tarpit's tenants fail: {failed[:12]}")
want(int((w / "rc").read_text()) == 1, "exit 1")
for p in problems: print("FAIL:", p)
print("ok" if not problems else f"{len(problems)} failure(s)")
sys.exit(1 if problems else 0)
PY
