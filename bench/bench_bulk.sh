#!/usr/bin/env bash
# Hosters (issue 13): how fast `adplan verify --domains-file` checks N tenant domains sharing one
# front end, on the hoster lab (tools/lab/hoster.sh: one BIND with N tenants, one nginx, three
# tenants broken on purpose), against the plain shell loop a hoster would otherwise write (dig the
# SRV record, curl the target's Autodiscover URL), timed over a sample of tenants. Prints, per N:
# domains/s and peak RSS (GNU time -v) for adplan, domains/s for the shell loop, the ratio, and
# whether exactly the three broken tenants failed.
#
# Usage: bench/bench_bulk.sh [path/to/adplan] [N ...]      (default N: 1000 10000 100000)
# Environment: SAMPLE (shell-loop tenants, default 300), PARALLEL (adplan --parallel, default 8).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ADPLAN=$(realpath "${1:-$(ls "$HERE"/../build*/tools/adplan/adplan | head -1)}")
shift || true
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000 10000 100000)
SAMPLE=${SAMPLE:-300}
for tool in named nginx dig curl /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (bind9-dnsutils, curl, time)"; exit 77; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-bench-bulk.XXXXXX")
trap 'rm -rf "$work"' EXIT

printf '%-8s %12s %12s %14s %10s %s\n' tenants "adplan d/s" "peak RSS" "shell-loop d/s" ratio "failed (want the 3 broken)"
for n in "${SIZES[@]}"; do
  lab=$work/lab-$n
  "$HERE/../tools/lab/hoster.sh" prepare --adplan "$ADPLAN" --tenants "$n" "$lab" 2>/dev/null
  cat >"$lab/bench.sh" <<EOS
set -u
start=\$(date +%s.%N)
/usr/bin/time -v -o $lab/time.txt "\$ADPLAN" verify --plan $lab/adplan.json --dns-server "\$LAB_DNS" --ca-file "\$LAB_CA" \
  --timeout 10 --parallel ${PARALLEL:-8} --domains-file $lab/tenants.txt --json-lines >$lab/lines.json || true
end=\$(date +%s.%N)
echo "\$start \$end" >$lab/adplan.wall
# The shell loop: per tenant, dig its SRV record and POST to the target it names.
head -n $((SAMPLE + 1)) $lab/tenants.txt | grep -v '^#' >$lab/sample.txt
start=\$(date +%s.%N)
while read -r t; do
  target=\$(dig +short -p "\${LAB_DNS##*:}" @"\${LAB_DNS%:*}" SRV "_autodiscover._tcp.\$t" | awk '{print \$4; exit}')
  [[ -n \$target ]] || { echo "\$t fail"; continue; }
  code=\$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 --cacert "\$LAB_CA" \
    --resolve "\${target%.}:443:\$(dig +short -p "\${LAB_DNS##*:}" @"\${LAB_DNS%:*}" A "\${target%.}" | head -1)" \
    -X POST "https://\${target%.}/autodiscover/autodiscover.xml")
  echo "\$t \$code"
done <$lab/sample.txt >$lab/loop.txt
end=\$(date +%s.%N)
echo "\$start \$end \$(wc -l <$lab/sample.txt)" >$lab/loop.wall
EOS
  "$HERE/../tools/lab/hoster.sh" run --adplan "$ADPLAN" "$lab" -- bash "$lab/bench.sh" >"$lab/run.log" 2>&1 || true
  python3 - "$lab" "$n" <<'PY'
import json, sys, pathlib, re
lab, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
s, e = map(float, (lab / "adplan.wall").read_text().split())
checked = failed = 0
fails = []
for line in (lab / "lines.json").read_text().splitlines():
    o = json.loads(line)
    if o["type"] == "domain":
        checked += 1
        if o["verdict"] == "fail": fails.append(o["domain"])
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", (lab / "time.txt").read_text()).group(1))
ls, le, k = (lab / "loop.wall").read_text().split()
loop = int(k) / (float(le) - float(ls))
rate = checked / (e - s)
want = sorted(l.split()[0] for l in (lab / "broken.txt").read_text().splitlines())
print(f"{n:<8} {rate:12.0f} {rss / 1024:10.1f} MB {loop:14.1f} {rate / loop:9.0f}x {len(fails)} {'ok' if sorted(fails) == want else 'WRONG: ' + ' '.join(fails[:5])}")
PY
  rm -rf "$lab"
done
