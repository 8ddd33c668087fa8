#!/usr/bin/env bash
# Hosters (issue 13): how fast `adplan verify --domains-file` checks N tenant domains sharing one
# front end, on the hoster lab (tools/lab/hoster.sh: one BIND with N tenants, one nginx, three
# tenants broken on purpose), against the plain shell loop a hoster would otherwise write (dig the
# SRV record, curl the target's Autodiscover URL), timed over a sample of tenants. Prints, per N:
# domains/s and peak RSS (GNU time -v) for adplan, domains/s for the shell loop, the ratio, and
# whether exactly the three broken tenants failed.
#
# Issue 25: the ceiling. Once, on a small hoster lab with BIND's query log on, adplan checks 100
# tenants and the log gives the questions it asks per tenant (the tenant's own names; the plan's
# names are asked once per run). Then, per N, on the same BIND right after adplan's run, dnsperf
# asks those questions for all N tenants (DNSPERF_SECONDS, default 10, looping over the file;
# dnsperf's defaults otherwise: one client, 100 queries in flight). The ceiling is dnsperf's
# queries/s divided by the questions per tenant, in tenants/s; the table prints it and adplan's
# rate as a percentage of it. Each tenant has a zone of its own (hoster.sh --zone-per-tenant), as
# issue 25's target says; ZONES=one puts them all in one zone as before.
#
# Usage: bench/bench_bulk.sh [path/to/adplan] [N ...]      (default N: 1000 10000 100000)
# Environment: SAMPLE (shell-loop tenants, default 300), PARALLEL (adplan --parallel, default 8),
# DNSPERF_SECONDS (default 10), ZONES (tenant or one, default tenant).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ADPLAN=$(realpath "${1:-$(ls "$HERE"/../build*/tools/adplan/adplan | head -1)}")
shift || true
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000 10000 100000)
SAMPLE=${SAMPLE:-300}
DNSPERF_SECONDS=${DNSPERF_SECONDS:-10}
case ${ZONES:-tenant} in
  tenant) zone_flag=(--zone-per-tenant) ;;
  one) zone_flag=() ;;
  *) echo "ZONES: tenant (one zone per tenant) or one (all tenants in one zone), not \"$ZONES\""; exit 2 ;;
esac
for tool in named nginx dig curl /usr/bin/time python3 dnsperf; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (bind9-dnsutils, curl, time, dnsperf)"; exit 77; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-bench-bulk.XXXXXX")
trap 'rm -rf "$work"' EXIT

# BIND answers once it says "running" (with 100,000 zones that is a while after its port opens).
# shellcheck disable=SC2016
wait_bind='for _ in $(seq 1 3000); do grep -q "running$" "$1/run/named.log" 2>/dev/null && break; sleep 0.1; done
grep -q "running$" "$1/run/named.log" || { echo "BIND did not finish loading"; exit 1; }'

# The questions adplan asks per tenant, from BIND's query log: 100 tenants (the hoster lab's
# least), the same flags as below. Written as "NAME TYPE" with the tenant's domain as {tenant}.
count=$work/count
"$HERE/../tools/lab/hoster.sh" prepare --adplan "$ADPLAN" --tenants 100 "${zone_flag[@]}" "$count" 2>/dev/null
# A logging statement for the queries category turns BIND's query log on; under lab.sh's
# `named -g` the lines go to run/named.log with everything else.
echo "logging { category queries { default_stderr; }; };" >"$count/querylog.conf"
cat >"$count/count.sh" <<EOS
set -u
bash -c '$wait_bind' wait "$count"
"\$ADPLAN" verify --plan $count/adplan.json --dns-server "\$LAB_DNS" --ca-file "\$LAB_CA" --timeout 10 \
  --parallel ${PARALLEL:-8} --domains-file $count/tenants.txt --json-lines >$count/lines.json || true
EOS
LAB_NAMED_INCLUDE=$count/querylog.conf "$HERE/../tools/lab/hoster.sh" run --adplan "$ADPLAN" "$count" -- \
  bash "$count/count.sh" >"$count/run.log" 2>&1 || true
python3 - "$count" >"$work/questions.txt" <<'PY'
import collections, pathlib, re, sys
d = pathlib.Path(sys.argv[1])
broken = {l.split()[0] for l in (d / "broken.txt").read_text().splitlines()}
tenants = [t for t in (d / "tenants.txt").read_text().split() if t.endswith(".example")]
asked = collections.defaultdict(collections.Counter)  # tenant -> (name pattern, type) -> times
for line in (d / "run/named.log").read_text().splitlines():
    m = re.search(r"query: (\S+) IN (\S+) ", line)
    if not m:
        continue
    name, qtype = m.group(1).lower().rstrip("."), m.group(2)
    for t in re.findall(r"tenant-\d{6}\.example", name):
        asked[t][(name.replace(t, "{tenant}"), qtype)] += 1
healthy = [t for t in tenants if t not in broken]
sets = collections.Counter(frozenset(asked[t]) for t in healthy)
if not sets or not max(sets):
    sys.exit(f"no tenant questions in {d}/run/named.log: see {d}/run.log")
common, seen = sets.most_common(1)[0]
if seen != len(healthy):
    print(f"note: {len(healthy) - seen} of {len(healthy)} healthy tenants were asked other questions", file=sys.stderr)
repeats = sum(sum(asked[t].values()) for t in healthy) - seen * len(common)
if repeats > 0:
    print(f"note: {repeats} questions asked again (retries) over {len(healthy)} tenants", file=sys.stderr)
for name, qtype in sorted(common):
    print(name, qtype)
PY
echo "adplan asks per tenant (BIND's query log, 100 tenants, zones: ${ZONES:-tenant}): $(wc -l <"$work/questions.txt")" \
  "questions: $(awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}' "$work/questions.txt")"

printf '%-8s %12s %12s %14s %10s %12s %12s %9s %s\n' tenants "adplan d/s" "peak RSS" "shell-loop d/s" ratio \
  "dnsperf q/s" "ceiling t/s" "% ceiling" "failed (want the 3 broken)"
for n in "${SIZES[@]}"; do
  lab=$work/lab-$n
  "$HERE/../tools/lab/hoster.sh" prepare --adplan "$ADPLAN" --tenants "$n" "${zone_flag[@]}" "$lab" 2>/dev/null
  # dnsperf's input: the questions above for every tenant, tenant by tenant.
  python3 - "$work/questions.txt" "$lab/tenants.txt" >"$lab/dnsperf.txt" <<'PY'
import sys
qs = [l.split() for l in open(sys.argv[1]) if l.strip()]
for t in open(sys.argv[2]):
    t = t.strip()
    if t and not t.startswith("#"):
        for name, qtype in qs:
            print(name.replace("{tenant}", t), qtype)
PY
  cat >"$lab/bench.sh" <<EOS
set -u
bash -c '$wait_bind' wait "$lab"
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
# The ceiling: dnsperf asks the same BIND the same questions for every tenant.
dnsperf -s "\${LAB_DNS%:*}" -p "\${LAB_DNS##*:}" -d $lab/dnsperf.txt -l $DNSPERF_SECONDS >$lab/dnsperf.out 2>&1
EOS
  "$HERE/../tools/lab/hoster.sh" run --adplan "$ADPLAN" "$lab" -- bash "$lab/bench.sh" >"$lab/run.log" 2>&1 || true
  python3 - "$lab" "$n" "$(wc -l <"$work/questions.txt")" <<'PY'
import json, sys, pathlib, re
lab, n, per_tenant = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
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
perf = (lab / "dnsperf.out").read_text()
qps = re.search(r"Queries per second:\s+([\d.]+)", perf)
if not qps:
    sys.exit(f"dnsperf gave no rate:\n{perf}")
qps = float(qps.group(1))
lost = re.search(r"Queries lost:\s+(\d+)", perf)
ceiling = qps / per_tenant
print(f"{n:<8} {rate:12.0f} {rss / 1024:10.1f} MB {loop:14.1f} {rate / loop:9.0f}x {qps:12.0f} {ceiling:12.0f} "
      f"{100 * rate / ceiling:8.0f}% {len(fails)} {'ok' if sorted(fails) == want else 'WRONG: ' + ' '.join(fails[:5])}"
      + (f" (dnsperf lost {lost.group(1)})" if lost and lost.group(1) != "0" else ""))
PY
  rm -rf "$lab"
done
