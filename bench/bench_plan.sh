#!/usr/bin/env bash
# Hosters plan thousands of domains: time `adplan plan --json` and `adplan render` for a plan
# with N tenant domains (scenario 2: an SRV record each; scenario 4: an autodiscover record
# each), to show the planner stays linear.
# Usage: bench/bench_plan.sh [path/to/adplan] [N...]   (default N: 100 1000 5000)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ADPLAN=$(realpath "${1:-$(ls "$HERE"/../build*/tools/adplan/adplan | head -1)}")
shift || true
SIZES=("${@:-100 1000 5000}")
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-bench-plan.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf '%-9s %-8s %12s %12s %12s\n' domains scenario "plan (ms)" "render (ms)" "records"
for n in ${SIZES[*]}; do
  for s in 2 4; do
    python3 - "$n" "$s" "$work/adplan.json" <<'PY'
import json, sys
n, s, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
json.dump({"version": 1, "scenario": s, "domains": [f"tenant{i}.example.com" for i in range(n)],
           "external_host": "mail.hoster.example.com",
           "servers": [{"name": "CAS01", "fqdn": "cas01.hoster.example.com", "ip": "192.0.2.10", "secondary_ip": "192.0.2.11"}],
           "public_ip": "203.0.113.10", "secondary_public_ip": "203.0.113.11", "ca": "internal"}, open(out, "w"))
PY
    t0=$(date +%s%N)
    "$ADPLAN" plan --plan "$work/adplan.json" --json >"$work/plan.out" || true
    t1=$(date +%s%N)
    rm -rf "$work/out"
    "$ADPLAN" render --plan "$work/adplan.json" --out "$work/out" >/dev/null
    t2=$(date +%s%N)
    records=$(python3 -c "import json,sys; d=json.load(open('$work/plan.out')); print(len(d['dns']['external'])+len(d['dns']['internal']))")
    printf '%-9s %-8s %12d %12d %12s\n' "$n" "$s" $(((t1 - t0) / 1000000)) $(((t2 - t1) / 1000000)) "$records"
  done
done
