# End-to-end test of a load-balanced pool (issue 24) on the real lab (tools/lab/lab.sh): BIND and
# nginx serving the plan's two servers EX01 (127.0.0.10) and EX02 (127.0.0.20), and in front of
# them, on the namespace's public address 127.0.0.2, a second nginx: a TCP pass-through (the
# `stream` module, Debian's libnginx-mod-stream) or, for bridging, an https proxy with its own
# certificate. verify connects to every member by its own address and to the load balancer. Cases:
#   clean            the same certificate everywhere: verify passes, every pool door consistent
#   member-old-cert  EX02 still serves the previous certificate: tls.pool-mismatch naming EX02, in
#                    every one of three runs (not half of them); and `verify --baseline` of the
#                    day before (both members on the previous certificate) names EX02 as the
#                    member the renewal did not reach (tls.pool-renewal-partial)
#   member-down      EX02 does not listen: tls.pool-member-unreachable naming EX02
#   bridging-ep      bridging with Extended Protection (SE's default), the load balancer on another
#                    certificate: tls.pool-extended-protection, naming Extended Protection
# clean and member-old-cert also run `adplan exporter` under a real Prometheus, which must hold
# adplan_pool_consistent (1, 0) and each member's adplan_pool_member_certificate_info.
# Usage: verify_pool.sh ADPLAN SOURCE_DIR CASE
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-pool.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

case $CASE in clean | member-old-cert | member-down | bridging-ep) ;; *) echo "unknown case $CASE"; exit 2 ;; esac
if ! unshare -rn true 2>/dev/null; then echo "skip: no network namespace here (unshare -rn)"; exit 77; fi
for tool in named nginx openssl ip python3 prometheus curl; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (tools/bootstrap.sh installs it)"; exit 77; }
done
STREAM=/usr/lib/nginx/modules/ngx_stream_module.so
[[ -f $STREAM ]] || { echo "skip: $STREAM missing (libnginx-mod-stream, tools/bootstrap.sh installs it)"; exit 77; }

lab=$WORK/lab
mkdir -p "$lab"
MODE=passthrough
[[ $CASE == bridging-ep ]] && MODE=bridging
"$ADPLAN" init --scenario 1 --yes --ca internal --exchange SE --public-ip 127.0.0.2 \
  --server EX01,ex01.contoso.com,127.0.0.10 --server EX02,ex02.contoso.com,127.0.0.20 \
  --load-balancer "127.0.0.2,$MODE" -o "$lab/adplan.json" >"$WORK/init.log" 2>&1 ||
  { cat "$WORK/init.log"; fail "adplan init"; }
bash "$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" 2>"$WORK/prepare.log" ||
  { cat "$WORK/prepare.log"; fail "lab prepare"; }
crt=$lab/pki/mail.contoso.com.crt
key=$lab/pki/mail.contoso.com.key
# The previous certificate: the same request signed once more by the lab CA (another serial and
# fingerprint, the same names and key), kept aside; the lab serves the newer one.
cp "$crt" "$WORK/previous.crt"
sleep 1
(cd "$lab" && "$ADPLAN" ca sign --all --force >/dev/null) || fail "second signing"
cmp -s "$crt" "$WORK/previous.crt" && fail "the second signing gave the same certificate"
conf=$lab/out/nginx/lab.conf
case $CASE in
  member-old-cert)
    # EX02's own server block: the lab's block copied for 127.0.0.20 with the previous certificate.
    python3 - "$conf" "$WORK/previous.crt" <<'PY'
import re, sys
path, previous = sys.argv[1], sys.argv[2]
text = open(path).read()
out, i = [], 0
for m in re.finditer(r'\nserver \{\n.*?\n\}\n', text, re.S):
    block = m.group(0)
    if 'listen "127.0.0.20:443" ssl;' not in block:
        continue
    one = block.replace('    listen "127.0.0.20:443" ssl;\n', '')
    two = block.replace('    listen "127.0.0.10:443" ssl;\n', '')
    two = re.sub(r'ssl_certificate "[^"]*";', 'ssl_certificate "%s";' % previous, two)
    out.append(text[i:m.start()] + one + two)
    i = m.end()
open(path, 'w').write(''.join(out) + text[i:])
PY
    grep -c 'listen "127.0.0.20:443"' "$conf" | grep -qx 1 || fail "EX02's block not made";;
  member-down)
    sed -i '/listen "127.0.0.20:/d' "$conf";;
esac

# The load balancer on 127.0.0.2: pass-through (stream) or, for bridging, TLS to TLS with its own
# certificate (the previous one: valid, trusted, not the servers').
front=$WORK/front
mkdir -p "$front"
{
  echo "load_module $STREAM;"
  echo "worker_processes 1; pid $front/nginx.pid; error_log $front/error.log;"
  echo "events { worker_connections 256; }"
  if [[ $MODE == passthrough ]]; then
    echo "stream { upstream members { server 127.0.0.10:443; server 127.0.0.20:443; }"
    echo "  server { listen 127.0.0.2:443; proxy_pass members; } }"
  else
    echo "http { access_log off; client_body_temp_path $front/body; proxy_temp_path $front/proxy;"
    echo "  fastcgi_temp_path $front/fastcgi; uwsgi_temp_path $front/uwsgi; scgi_temp_path $front/scgi;"
    echo "  upstream members { server 127.0.0.10:443; server 127.0.0.20:443; }"
    echo "  server { listen 127.0.0.2:443 ssl; ssl_protocols TLSv1.2 TLSv1.3;"
    echo "    ssl_certificate $WORK/previous.crt; ssl_certificate_key $key;"
    echo "    location / { proxy_pass https://members; proxy_ssl_server_name on; proxy_ssl_name mail.contoso.com;"
    echo "      proxy_set_header Host \$host; proxy_set_header Authorization \$http_authorization; } } }"
  fi
} >"$front/nginx.conf"

cat >"$WORK/check.sh" <<'EOS'
nginx -p "$FRONT/" -c "$FRONT/nginx.conf" -e "$FRONT/error.log" -g 'daemon off;' >"$FRONT/out.log" 2>&1 &
front_pid=$!
for i in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.2/443) 2>/dev/null && break; sleep 0.05; done
for run in 1 2 3; do
  "$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --user "$LAB_USER" \
    --password-file "$LAB_PASSWORD_FILE" --email "$LAB_EMAIL" --timeout 8 --json >"$LAB_OUT/verify-$run.json" \
    2>"$LAB_OUT/verify-$run.err"
  echo $? >"$LAB_OUT/verify-$run.rc"
done
"$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --user "$LAB_USER" \
  --password-file "$LAB_PASSWORD_FILE" --email "$LAB_EMAIL" --timeout 8 >"$LAB_OUT/report.txt" 2>&1
# --baseline: the first run's report against the lab as it is: nothing changed since.
"$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --email "$LAB_EMAIL" \
  --timeout 8 --json --baseline "$LAB_OUT/verify-1.json" >"$LAB_OUT/baseline.json" 2>&1
# The renewal half landed (member-old-cert): the report of the day before, when both members served
# the previous certificate (EX02's fingerprint now), against today's lab, where only EX01 was renewed.
if [[ $CASE == member-old-cert ]]; then
  python3 - "$LAB_OUT/verify-1.json" "$LAB_OUT/before-renewal.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for p in r["pools"]:
    old = {m["member"]: m for m in p["members"]}["EX02"]
    for m in p["members"]:
        if m["member"] == "EX01":
            m["sha256"], m["thumbprint"], m["serial"] = old["sha256"], old["thumbprint"], old["serial"]
json.dump(r, open(sys.argv[2], "w"))
PY
  "$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --email "$LAB_EMAIL" \
    --timeout 8 --json --baseline "$LAB_OUT/before-renewal.json" >"$LAB_OUT/half-landed.json" 2>"$LAB_OUT/half-landed.err"
fi
# The exporter's pool metrics in a real Prometheus scrape (member-old-cert and clean).
if [[ $CASE == member-old-cert || $CASE == clean ]] && command -v prometheus >/dev/null; then
  printf 'global: {scrape_interval: 1s, scrape_timeout: 900ms}\nscrape_configs:\n  - job_name: pool\n    metrics_path: /probe\n    params: {target: [contoso.com]}\n    static_configs: [{targets: ["127.0.0.1:9711"]}]\n' >"$LAB_OUT/prometheus.yml"
  "$ADPLAN" exporter --listen 127.0.0.1:9711 --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" \
    --timeout 0.8 2>"$LAB_OUT/exporter.err" &
  exporter=$!
  prometheus --config.file="$LAB_OUT/prometheus.yml" --storage.tsdb.path="$LAB_OUT/tsdb" \
    --web.listen-address=127.0.0.1:9090 >"$LAB_OUT/prometheus.log" 2>&1 &
  prom=$!
  for i in $(seq 1 60); do
    curl -s '127.0.0.1:9090/api/v1/query?query=adplan_pool_member_certificate_info' >"$LAB_OUT/prom-info.json"
    python3 -c 'import json,sys; sys.exit(0 if len(json.load(open(sys.argv[1]))["data"]["result"]) >= 2 else 1)' \
      "$LAB_OUT/prom-info.json" 2>/dev/null && break
    sleep 1
  done
  curl -s '127.0.0.1:9090/api/v1/query?query=adplan_pool_consistent' >"$LAB_OUT/prom-consistent.json"
  kill $prom $exporter; wait $prom $exporter 2>/dev/null
fi
kill "$front_pid"; wait "$front_pid" 2>/dev/null
exit 0
EOS
export ADPLAN CASE LAB_DIR=$lab LAB_OUT=$WORK FRONT=$front
bash "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" "$lab" -- bash "$WORK/check.sh" >"$WORK/lab.log" 2>&1 ||
  { cat "$WORK/lab.log"; fail "the lab run"; }
for run in 1 2 3; do [[ -s $WORK/verify-$run.json ]] || { cat "$WORK/lab.log" "$WORK/verify-$run.err"; fail "no report"; }; done

python3 - "$CASE" "$WORK" <<'PY' || { cat "$WORK/report.txt"; exit 1; }
import json, sys
case, work = sys.argv[1], sys.argv[2]
def bad(msg):
    print("FAIL:", msg); sys.exit(1)
for run in (1, 2, 3):
    r = json.load(open(f"{work}/verify-{run}.json"))
    rc = int(open(f"{work}/verify-{run}.rc").read())
    ids = [(f["id"], f["subject"], f["message"] + " " + f["remedy"] + " " + f["evidence"]) for f in r["findings"]]
    pool = [f for f in ids if f[0].startswith("tls.pool")]
    https = [p for p in r["pools"] if p["door"] == "https"]
    if len(https) != 1: bad(f"run {run}: expected one https pool door, got {r['pools']}")
    members = {m["member"]: m for m in https[0]["members"]}
    if set(members) != {"EX01", "EX02", "load balancer"}: bad(f"run {run}: members {sorted(members)}")
    if case == "clean":
        if r["verdict"] != "pass" or rc != 0: bad(f"run {run}: verdict {r['verdict']} (exit {rc}): {ids}")
        if pool: bad(f"run {run}: pool findings on a clean pool: {pool}")
        if not https[0]["consistent"]: bad(f"run {run}: the pool is not consistent")
        if members["EX01"]["sha256"] != members["EX02"]["sha256"] or not members["EX01"]["sha256"]:
            bad(f"run {run}: members differ")
    elif case == "member-old-cert":
        hits = [f for f in pool if f[0] == "tls.pool-mismatch" and "EX02" in f[2].split("evidence")[0]]
        m = [f for f in pool if f[0] == "tls.pool-mismatch"]
        if not m: bad(f"run {run}: no tls.pool-mismatch: {ids}")
        if "on EX02 " not in m[0][2] or "on EX01" in m[0][2]: bad(f"run {run}: the remedy does not name EX02 alone: {m[0]}")
        if rc != 1 or r["verdict"] != "fail": bad(f"run {run}: exit {rc}")
        if https[0]["consistent"]: bad(f"run {run}: consistent despite two certificates")
    elif case == "member-down":
        m = [f for f in pool if f[0] == "tls.pool-member-unreachable"]
        if not m or "EX02" not in m[0][2]: bad(f"run {run}: no tls.pool-member-unreachable naming EX02: {ids}")
        if members["EX02"]["reachable"]: bad(f"run {run}: EX02 reachable")
    elif case == "bridging-ep":
        m = [f for f in pool if f[0] == "tls.pool-extended-protection"]
        if not m or "Extended Protection" not in m[0][2]: bad(f"run {run}: no error naming Extended Protection: {ids}")
        if rc != 1: bad(f"run {run}: exit {rc}")
        if [f for f in pool if f[0] == "tls.pool-mismatch"]: bad(f"run {run}: the servers agree, yet tls.pool-mismatch")
import os
if case in ("member-old-cert", "clean"):
    if not os.path.exists(f"{work}/prom-consistent.json"): bad("no Prometheus query answer")
    info = json.load(open(f"{work}/prom-info.json"))["data"]["result"]
    cons = json.load(open(f"{work}/prom-consistent.json"))["data"]["result"]
    fps = {r["metric"]["member"]: r["metric"]["fingerprint"] for r in info}
    if not {"EX01", "EX02"} <= set(fps): bad(f"Prometheus: adplan_pool_member_certificate_info lacks a member: {info}")
    if not cons or cons[0]["metric"].get("namespace") != "mail.contoso.com": bad(f"Prometheus: adplan_pool_consistent: {cons}")
    want = "1" if case == "clean" else "0"
    if cons[0]["value"][1] != want: bad(f"Prometheus: adplan_pool_consistent is {cons[0]['value'][1]}, want {want}")
    if (fps["EX01"] == fps["EX02"]) != (case == "clean"): bad(f"Prometheus: fingerprints {fps}")
    print(f"ok: {case}: Prometheus scraped adplan_pool_consistent {want} and each member's fingerprint")
if case == "member-old-cert":
    h = json.load(open(f"{work}/half-landed.json"))
    part = [f for f in h["findings"] if f["id"] == "tls.pool-renewal-partial"]
    if not part: bad(f"--baseline of the day before: no tls.pool-renewal-partial: {[f['id'] for f in h['findings']]}")
    msg = part[0]["message"]
    if "EX01 changed certificate and EX02 did not" not in msg or "EX02" not in part[0]["remedy"]:
        bad(f"--baseline does not name EX02 as the member that did not change: {part[0]}")
    print("ok: member-old-cert: --baseline names EX02 as the member the renewal did not reach")
b = json.load(open(f"{work}/baseline.json"))
if [f for f in b["findings"] if f["id"] in ("tls.pool-renewal-partial", "tls.pool-renewed")]:
    bad("--baseline against an unchanged lab reported a change")
print(f"ok: {case}: three runs, each as expected")
PY
