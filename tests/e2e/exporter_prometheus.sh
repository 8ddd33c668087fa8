#!/usr/bin/env bash
# End-to-end (issue 13): a real Prometheus (Debian `prometheus`) scrapes `adplan exporter` on the
# hoster lab (tools/lab/hoster.sh, 100 tenants) with blackbox_exporter's multi-target job: the
# targets are the tenant domains, relabel_configs move each into ?target= and point the scrape at
# the exporter. Prometheus' query API must then show adplan_probe_success for every tenant, 0 for
# exactly the three broken ones; the exporter refuses a target outside its list.
# Usage: exporter_prometheus.sh ADPLAN SOURCE_DIR
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-prom.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
for tool in named nginx openssl ip python3 prometheus curl; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
lab=$WORK/lab
"$SRC/tools/lab/hoster.sh" prepare --adplan "$ADPLAN" --tenants 100 "$lab" >"$WORK/prepare.log" 2>&1 ||
  { echo "FAIL: hoster prepare"; cat "$WORK/prepare.log"; exit 1; }
python3 - "$lab" "$WORK/prometheus.yml" <<'PY'
import sys, pathlib
lab, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
tenants = ["contoso.com"] + [l for l in (lab / "tenants.txt").read_text().splitlines() if l and not l.startswith("#")]
targets = "".join(f"          - {t}\n" for t in tenants)
out.write_text(f"""global:
  scrape_interval: 10s
  scrape_timeout: 8s
scrape_configs:
  - job_name: adplan
    metrics_path: /probe
    static_configs:
      - targets:
{targets}    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:9711
  - job_name: adplan_exporter
    static_configs:
      - targets: [127.0.0.1:9711]
""")
PY
cat >"$WORK/check.sh" <<EOS
set -u
"\$ADPLAN" exporter --listen 127.0.0.1:9711 --plan $lab/adplan.json --domains-file $lab/tenants.txt \
  --dns-server "\$LAB_DNS" --ca-file "\$LAB_CA" --timeout 5 2>$WORK/exporter.err &
exporter=\$!
prometheus --config.file=$WORK/prometheus.yml --storage.tsdb.path=$WORK/tsdb --web.listen-address=127.0.0.1:9090 \
  >$WORK/prometheus.log 2>&1 &
prom=\$!
for i in \$(seq 1 100); do curl -s -o /dev/null 127.0.0.1:9711/metrics && break; sleep 0.1; done
curl -s '127.0.0.1:9711/probe?target=tenant-000007.example' >$WORK/one.txt
curl -s -o /dev/null -w '%{http_code}' '127.0.0.1:9711/probe?target=not-a-tenant.example' >$WORK/refused.txt
# Until every target has a sample (scrapes are spread over the 10 s interval), at most 120 s.
for i in \$(seq 1 120); do
  curl -s '127.0.0.1:9090/api/v1/query?query=adplan_probe_success' >$WORK/query.json
  python3 -c 'import json,sys; sys.exit(0 if len(json.load(open(sys.argv[1]))["data"]["result"]) >= 101 else 1)' $WORK/query.json 2>/dev/null && break
  sleep 1
done
curl -s '127.0.0.1:9711/metrics' >$WORK/metrics.txt
kill \$prom \$exporter; wait \$prom \$exporter 2>/dev/null
true
EOS
"$SRC/tools/lab/hoster.sh" run --adplan "$ADPLAN" "$lab" -- bash "$WORK/check.sh" >"$WORK/run.log" 2>&1
[[ -s $WORK/query.json ]] || { echo "FAIL: no query answer"; cat "$WORK/run.log" "$WORK/exporter.err"; tail -5 "$WORK/prometheus.log"; exit 1; }
python3 - "$WORK" "$lab" <<'PY'
import json, sys, pathlib
w, lab = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
problems = []
def want(cond, what):
    if not cond: problems.append(what)
tenants = ["contoso.com"] + [l for l in (lab / "tenants.txt").read_text().splitlines() if l and not l.startswith("#")]
broken = sorted(l.split()[0] for l in (lab / "broken.txt").read_text().splitlines())
q = json.load(open(w / "query.json"))
got = {r["metric"]["instance"]: r["value"][1] for r in q["data"]["result"]}
want(sorted(got) == sorted(tenants), f"a sample for every tenant: {len(got)} of {len(tenants)}")
want(sorted(t for t, v in got.items() if v == "0") == broken, f"0 for exactly the broken ones: {sorted(t for t, v in got.items() if v == '0')}")
one = (w / "one.txt").read_text()
want("adplan_probe_success 0" in one and 'adplan_finding{id="dns.srv-missing",severity="error"} 1' in one, f"a probe's metrics: {one[:400]}")
want('adplan_client_method{client="outlook-external"' in one and "adplan_probe_duration_seconds" in one, "client and duration metrics")
want((w / "refused.txt").read_text() == "403", "a target outside the list is refused")
m = (w / "metrics.txt").read_text()
want("adplan_exporter_probes_total" in m and "adplan_exporter_refused_total 1" in m, f"/metrics: {m[:300]}")
for p in problems: print("FAIL:", p)
print("ok" if not problems else f"{len(problems)} failure(s)")
sys.exit(1 if problems else 0)
PY
