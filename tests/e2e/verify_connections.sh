# Issue 25: a clean verify reuses its connections. On the lab (scenario 2, credentials), `verify
# --json --parallel 2` reports per endpoint (host, address, port) the requests, TCP connects, full
# TLS handshakes and resumed ones, from libcurl's own counters (CURLINFO_NUM_CONNECTS) and the
# connection's SSL (SSL_session_reused). Asserted:
#   h1   nginx speaks HTTP/1.1: at most --parallel connections per endpoint, one full handshake,
#        every extra connection resumed, and more requests than connections where there are several
#   h2   the lab's nginx offers HTTP/2 in ALPN: one connection and one handshake per https endpoint
# Usage: verify_connections.sh ADPLAN SOURCE_DIR h1|h2
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-conn.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

source "$SRC/tests/netns.sh"
require_netns
for tool in named nginx named-checkzone openssl ip; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
[[ $CASE == h1 || $CASE == h2 ]] || { echo "unknown case $CASE"; exit 2; }

lab=$WORK/lab
mkdir -p "$lab"
"$ADPLAN" init --scenario 2 --yes --ca internal --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2 \
  -o "$lab/adplan.json" >/dev/null 2>&1 || { echo "FAIL: adplan init"; exit 1; }
bash "$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" 2>/dev/null || { echo "FAIL: lab prepare"; exit 1; }
if [[ $CASE == h2 ]]; then  # this test's own copy of the lab: HTTP/2 offered on every TLS listener
  sed -i 's/\(listen [^;]*\) ssl;/\1 ssl http2;/' "$lab/out/nginx/lab.conf"
  grep -q 'ssl http2;' "$lab/out/nginx/lab.conf" || { echo "FAIL: no TLS listener to offer HTTP/2 on"; exit 1; }
fi

cat >"$WORK/check.sh" <<'EOS'
"$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --user "$LAB_USER" \
  --password-file "$LAB_PASSWORD_FILE" --email "$LAB_EMAIL" --timeout 8 --parallel 2 --json >"$LAB_OUT/verify.json"
echo $? >"$LAB_OUT/verify.rc"
EOS
export ADPLAN LAB_DIR=$lab LAB_OUT=$WORK
bash "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" "$lab" -- bash "$WORK/check.sh" || true
[[ -f $WORK/verify.rc ]] || { echo "FAIL: the lab did not run verify"; exit 1; }

python3 - "$WORK/verify.json" "$(cat "$WORK/verify.rc")" "$CASE" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rc, case, parallel = int(sys.argv[2]), sys.argv[3], 2
fails = []
if rc != 0 or d["verdict"] != "pass":
    fails.append(f"exit {rc}, verdict {d['verdict']}: {[f['id'] for f in d['findings'] if f['severity'] == 'error']}")
conn = d.get("connections")
if not conn or not conn.get("endpoints"):
    fails.append("verify --json has no connections summary")
    conn = {"endpoints": []}
https = [e for e in conn["endpoints"] if e["port"] == 443 and e["connections"] > 0]
if not https:
    fails.append("no https endpoint was connected")
for e in conn["endpoints"]:
    print(f"{e['host']} {e['address']}:{e['port']}: {e['requests']} requests, {e['connections']} connections, "
          f"{e['handshakes']} full handshakes, {e['resumed']} resumed")
for e in https:
    name = f"{e['host']} {e['address']}:{e['port']}"
    if e["connections"] != e["handshakes"] + e["resumed"]:
        fails.append(f"{name}: {e['connections']} connections but {e['handshakes']} + {e['resumed']} handshakes")
    if e["handshakes"] != 1:
        fails.append(f"{name}: {e['handshakes']} full TLS handshakes, want 1 (every other connection resumes)")
    limit = 1 if case == "h2" else parallel
    if e["connections"] > limit:
        fails.append(f"{name}: {e['connections']} connections, want at most {limit}")
busiest = max(https, key=lambda e: e["requests"], default=None)
if busiest and busiest["requests"] < 5:
    fails.append(f"the busiest endpoint saw only {busiest['requests']} requests: the verify did not run its probes")
if busiest and busiest["requests"] <= busiest["connections"]:
    fails.append(f"{busiest['host']}: {busiest['requests']} requests on {busiest['connections']} connections: none reused")
for key in ("rtt_ms", "round_trips"):
    if key not in conn: fails.append(f"the connections summary has no {key}")
for f in fails: print("FAIL:", f)
print("ok" if not fails else f"{len(fails)} failure(s)")
sys.exit(1 if fails else 0)
PY
