# Issue 21, items 1, 2, 3 and 7 (the exporter): every probe reads the clock at probe time, the
# password goes only to the plan's hosts whoever names the target, the request head has one
# deadline from accept (a slowloris flood never keeps /metrics out), and an answer comes within
# the scrape's timeout, the wait for a slot included, whatever the timeout header says.
# Peers on 127.0.0.0/8 in this test's own network namespace log every request's headers.
#   $1 = path to adplan, $2 = source dir
source "$(dirname "$0")/lib.sh"
PEERS=$SRC/tests/hostile/peers

start_peer() { # NAME SCRIPT ARGS...: a peer in the background; waits until it listens
  local name=$1; shift
  python3 "$@" "$WORK/$name.ready" 2>"$WORK/$name.err" &
  PIDS+=($!)
  for _ in $(seq 600); do [[ -f $WORK/$name.ready ]] && return 0; sleep 0.05; done
  fail "peer $name did not start: $(cat "$WORK/$name.err")"; finish
}
auth_count() { if [[ -f $1 ]]; then grep -ci '"authorization"' "$1"; else echo 0; fi; }
requests() { if [[ -f $1 ]]; then wc -l <"$1"; else echo 0; fi; }
EXPORTER=""
start_exporter() { # ARGS...: adplan exporter on 127.0.0.1:9711; waits until /metrics answers
  "$ADPLAN" exporter --listen 127.0.0.1:9711 --plan plan.json --dns-server 127.0.0.53 --ca-file ca.crt "$@" \
    2>"$WORK/exporter.err" &
  EXPORTER=$!
  PIDS+=($EXPORTER)
  for _ in $(seq 200); do
    curl -s -o /dev/null --max-time 1 127.0.0.1:9711/metrics && return 0
    kill -0 $EXPORTER 2>/dev/null || break
    sleep 0.05
  done
  fail "the exporter did not start: $(cat "$WORK/exporter.err")"; finish
}
stop_exporter() { kill "$EXPORTER" 2>/dev/null; wait "$EXPORTER" 2>/dev/null; EXPORTER=""; }
scrape() { # TARGET [curl args]: the /probe answer into $WORK/scrape.txt
  local target=$1; shift
  curl -s --max-time 30 "$@" "127.0.0.1:9711/probe?target=$target" >"$WORK/scrape.txt"
}
has_metric() { grep -qF "$1" "$WORK/scrape.txt"; }

# A CA the run trusts (--ca-file); the plan's front end with a certificate valid for 2 more days;
# a tenant's and an attacker's front ends with good certificates of their own. All answer 401.
ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.crt -days 30 -subj "/CN=hostile test CA" 2>/dev/null
issue() { # NAME DAYS DNS...
  local name=$1 days=$2; shift 2
  local san; san=$(printf 'DNS:%s,' "$@"); san=${san%,}
  openssl req -x509 "${ec[@]}" -keyout "$name.key" -out "$name.crt" -days "$days" -CA ca.crt -CAkey ca.key \
    -subj "/CN=$1" -addext "subjectAltName=$san" 2>/dev/null
}
issue front 2 mail.contoso.com autodiscover.contoso.com contoso.com
issue tenant 30 autodiscover.tenant.example tenant.example
issue attacker 30 autodiscover.attacker.example attacker.example
[[ -s front.crt && -s tenant.crt && -s attacker.crt ]] || { fail "openssl could not make the certificates"; finish; }
printf 'S3cret-exporter\n' >pw
chmod 600 pw
"$ADPLAN" init --scenario 1 --yes -o plan.json >/dev/null 2>&1 || { fail "adplan init"; finish; }
printf 'tenant.example\n' >tenants.txt

start_peer dns "$PEERS/dns.py" 127.0.0.53 53 \
  mail.contoso.com=127.0.0.10 autodiscover.contoso.com=127.0.0.10 \
  autodiscover.tenant.example=127.0.0.11 autodiscover.attacker.example=127.0.0.12 autodiscover.slow.example=127.0.0.13
cat >web.json <<EOF
[{"ip": "127.0.0.10", "port": 443, "log": "$WORK/front.log", "tls": ["$WORK/front.crt", "$WORK/front.key"],
  "delay_anonymous": 1.0},
 {"ip": "127.0.0.11", "port": 443, "log": "$WORK/tenant.log", "tls": ["$WORK/tenant.crt", "$WORK/tenant.key"]},
 {"ip": "127.0.0.12", "port": 443, "log": "$WORK/attacker.log", "tls": ["$WORK/attacker.crt", "$WORK/attacker.key"]}]
EOF
start_peer web "$PEERS/http_capture.py" web.json
# A tarpit for the slot test: accepts and never answers.
python3 - "$WORK/tarpit.ready" <<'PY' 2>"$WORK/tarpit.err" &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.13", 443)); s.listen(64); open(sys.argv[1], "w").close()
held = []
while True:
    c, _ = s.accept(); held.append(c)
PY
PIDS+=($!)

echo "== 1. the clock moves past notAfter between two scrapes (ADPLAN_TEST_NOW_FILE, no sleeping)"
now=$(date +%s)
echo "$now" >clock
export ADPLAN_TEST_NOW_FILE=$WORK/clock
start_exporter --user alice@contoso.com --password-file pw --timeout 5
scrape contoso.com
before=$(auth_count front.log)
if ((before >= 1)); then pass "first scrape, certificate valid: the plan's front end got the credentials ($before)"; else
  fail "first scrape: no Authorization reached the plan's front end (the test's premise): $(head -c 600 "$WORK/scrape.txt")"; fi
if has_metric 'id="tls.expired"'; then fail "first scrape already says tls.expired"; else pass "first scrape: no tls.expired"; fi
# Issue 25: a warm scrape. The front end holds every answer without credentials for 1 s, so a
# request with credentials that waited for its 401 reaches it at least 1 s after the one without.
findings() { grep '^adplan_finding{' "$WORK/scrape.txt" | sort; }
findings >first.findings
ahead() { # LOG FROM_LINE: the least gap (s) between a POST without and one with credentials per Host
  python3 - "$1" "$2" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()[int(sys.argv[2]):]]
first = {}
gaps = []
for l in lines:
    if l["method"] != "POST" or l["path"] != "/autodiscover/autodiscover.xml":
        continue
    h = {k.lower(): v for k, v in l["headers"]}
    key = (h.get("host", ""), h.get("content-type", ""))
    if "authorization" not in h:
        first.setdefault(key, l["t"])
    elif key in first:
        gaps.append(l["t"] - first[key])
print(f"{min(gaps):.3f}" if gaps else "none")
PY
}
gap1=$(ahead front.log 0)
if [[ $gap1 != none ]] && awk -v g="$gap1" 'BEGIN { exit !(g >= 0.9) }'; then
  pass "first scrape: the POST with credentials waited for its 401 (${gap1}s)"; else
  fail "first scrape: the POST with credentials did not wait for the 401 (gap $gap1)"; fi
lines=$(requests front.log)
scrape contoso.com
warm=$(auth_count front.log)
if ((warm > before)); then pass "warm scrape, certificate valid: credentials sent again ($((warm - before)))"; else
  fail "warm scrape: no Authorization reached the plan's front end"; fi
gap2=$(ahead front.log "$lines")
if [[ $gap2 != none ]] && awk -v g="$gap2" 'BEGIN { exit !(g < 0.5) }'; then
  pass "warm scrape: the POST with credentials went out beside the one without (${gap2}s apart)"; else
  fail "warm scrape: the POST with credentials still waited for the 401 (gap $gap2)"; fi
if [[ "$(findings)" == "$(cat first.findings)" ]]; then pass "warm scrape: the same findings as the first"; else
  fail "warm scrape: findings differ: $(diff <(findings) first.findings | head -c 600)"; fi
if grep -qE '^adplan_probe_dns_cached_answers [1-9]' "$WORK/scrape.txt"; then
  pass "warm scrape: DNS answers kept from the first (TTL 60 s): $(grep '^adplan_probe_dns_cached_answers' "$WORK/scrape.txt")"; else
  fail "warm scrape: no kept DNS answer: $(grep adplan_probe_dns "$WORK/scrape.txt")"; fi
scrape "contoso.com&format=json"
if grep -q 'cached: an earlier scrape' "$WORK/scrape.txt"; then pass "format=json: a kept DNS answer says so"; else
  fail "format=json: no kept DNS answer marked: $(head -c 600 "$WORK/scrape.txt")"; fi
before=$(auth_count front.log)
lines=$(requests front.log)
echo $((now + 3 * 86400)) >clock  # three days later: past notAfter
scrape contoso.com
after=$(auth_count front.log)
if ((after == before)); then pass "after notAfter, certificate expired: no Authorization header sent"; else
  fail "after notAfter sent $((after - before)) Authorization header(s) to an expired certificate"; fi
if (($(requests front.log) > lines)); then pass "after notAfter: the front end was asked (without credentials)"; else
  fail "after notAfter: the front end saw no request"; fi
if has_metric 'adplan_finding{id="tls.expired",severity="error"}'; then pass "after notAfter: tls.expired"; else
  fail "after notAfter: no tls.expired: $(grep adplan_finding "$WORK/scrape.txt" | head -c 800)"; fi
if has_metric 'adplan_finding{id="auth.withheld",severity="error"}'; then pass "after notAfter: auth.withheld"; else
  fail "after notAfter: no auth.withheld: $(grep adplan_finding "$WORK/scrape.txt" | head -c 800)"; fi
if has_metric 'id="tls.expiring-soon"'; then fail "after notAfter still says tls.expiring-soon"; else
  pass "after notAfter: not tls.expiring-soon"; fi
findings >warm.findings
stop_exporter
# The same clock, an exporter with no memory (as a single verify): the same findings.
start_exporter --user alice@contoso.com --password-file pw --timeout 5
before=$(auth_count front.log)
scrape contoso.com
if [[ "$(findings)" == "$(cat warm.findings)" ]]; then pass "after notAfter: a cold exporter finds the same as the warm one"; else
  fail "after notAfter: cold and warm differ: $(diff <(findings) warm.findings | head -c 600)"; fi
if (($(auth_count front.log) == before)); then pass "after notAfter, cold: no Authorization header sent"; else
  fail "after notAfter, cold: Authorization sent"; fi
stop_exporter
unset ADPLAN_TEST_NOW_FILE

echo "== 2. credentials only to the plan's hosts, whoever names the target"
expect_exit 2 -- timeout 10 "$ADPLAN" exporter --listen 127.0.0.1:9711 --plan plan.json --allow-any-target \
  --user alice@contoso.com --password-file pw
contains "$ERR" "--allow-redirect" "--user with --allow-any-target is refused without --allow-redirect, naming the fix"
start_exporter --user alice@contoso.com --password-file pw --timeout 5 --domains-file tenants.txt \
  --allow-any-target --allow-redirect mail.contoso.com
scrape tenant.example
if (($(requests tenant.log) >= 1)); then pass "the tenant's front end was probed"; else fail "the tenant's front end saw no request"; fi
if (($(auth_count tenant.log) == 0)); then pass "--domains-file tenant: no Authorization header at its own host"; else
  fail "the tenant's own host received the credentials"; fi
if has_metric 'adplan_finding{id="auth.withheld",severity="warning"}'; then pass "the tenant's probe says auth.withheld"; else
  fail "the tenant's probe has no auth.withheld: $(grep adplan_finding "$WORK/scrape.txt" | head -c 800)"; fi
scrape attacker.example
if (($(requests attacker.log) >= 1)); then pass "the scraper-chosen target was probed"; else
  fail "the scraper-chosen target saw no request"; fi
if (($(auth_count attacker.log) == 0)); then pass "--allow-any-target: no Authorization header at the scraper's target"; else
  fail "a scraper-chosen target received the credentials"; fi
stop_exporter
"$ADPLAN" exporter --listen 0.0.0.0:9712 --plan plan.json 2>"$WORK/wide.err" &
wide=$!
for _ in $(seq 100); do grep -q "listening" "$WORK/wide.err" && break; sleep 0.05; done
kill $wide 2>/dev/null; wait $wide 2>/dev/null
contains "$(cat "$WORK/wide.err")" "not a loopback address" "--listen 0.0.0.0 is warned about"
# verify --domains-file --deep: the plan's domain gets them, the tenant's own host does not.
rm -f tenant.log front.log
bounded 60 300 -- verify --plan plan.json --domains-file tenants.txt --deep --json-lines --dns-server 127.0.0.53 \
  --ca-file ca.crt --user alice@contoso.com --password-file pw --timeout 5
if (($(auth_count front.log) >= 1)); then pass "--deep: the plan's front end got the credentials"; else
  fail "--deep: no Authorization at the plan's front end (premise)"; fi
if (($(requests tenant.log) >= 1)) && (($(auth_count tenant.log) == 0)); then
  pass "--deep: the tenant's own host was probed without credentials"; else
  fail "--deep: the tenant's own host: $(requests tenant.log) request(s), $(auth_count tenant.log) with credentials"; fi
contains "$OUT" "not-plan-host" "--deep: the tenant's line says why the credentials were withheld"

echo "== 3. slowloris: 40 connections dribbling a byte a second; /metrics answers throughout"
start_exporter --max-concurrent 8 --timeout 5
python3 - <<'PY' >"$WORK/slowloris.txt"
import socket, threading, time, urllib.request
stop = time.monotonic() + 13
lifetimes, statuses, lock = [], [], threading.Lock()
def dribbler():
    while time.monotonic() < stop:
        try:
            s = socket.create_connection(("127.0.0.1", 9711), timeout=2)
        except OSError:
            time.sleep(0.1); continue
        opened = time.monotonic()
        try:
            s.sendall(b"GET /metrics HTTP/1.1\r\n")
            while time.monotonic() < stop:
                s.sendall(b"X")
                time.sleep(1)
                s.settimeout(0.01)
                try:
                    if s.recv(1) == b"":
                        break
                except socket.timeout:
                    pass
                except OSError:
                    break
        except OSError:
            pass
        if time.monotonic() < stop:
            with lock: lifetimes.append(time.monotonic() - opened)
        s.close()
for _ in range(40):
    threading.Thread(target=dribbler, daemon=True).start()
time.sleep(1)
while time.monotonic() < stop - 0.5:
    try:
        with urllib.request.urlopen("http://127.0.0.1:9711/metrics", timeout=2) as r:
            statuses.append(str(r.status))
    except Exception as e:
        statuses.append(type(e).__name__ + ":" + str(getattr(e, "code", "")))
    time.sleep(0.5)
print("statuses", " ".join(statuses))
print("closed", len(lifetimes), "longest", round(max(lifetimes) if lifetimes else 0, 2))
PY
cat "$WORK/slowloris.txt"
read -r _ statuses < <(grep '^statuses' "$WORK/slowloris.txt")
read -r _ closed _ longest < <(grep '^closed' "$WORK/slowloris.txt")
n_ok=$(tr ' ' '\n' <<<"$statuses" | grep -c '^200$')
n_all=$(wc -w <<<"$statuses")
if ((n_all >= 15 && n_ok == n_all)); then pass "/metrics answered 200 to all $n_all scrapes during the flood"; else
  fail "/metrics during the flood: $n_ok of $n_all answered 200 ($statuses)"; fi
if ((closed >= 40)) && awk -v l="$longest" 'BEGIN { exit !(l <= 7) }'; then
  pass "the dribblers were closed at the head's deadline ($closed closed, the longest after ${longest}s)"; else
  fail "dribblers held their connections: $closed closed, the longest after ${longest}s (deadline 5 s from accept)"; fi
stop_exporter

echo "== 7. the scrape timeout header: nan, inf, -1, 1e308 never reach a cast; the slot wait counts"
start_exporter --max-concurrent 1 --timeout 10 --allow-any-target
for v in nan inf -inf -1 1e308 1e309 garbage; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -H "X-Prometheus-Scrape-Timeout-Seconds: $v" \
    '127.0.0.1:9711/metrics')
  scrape nonexistent.example -H "X-Prometheus-Scrape-Timeout-Seconds: $v"
  if kill -0 "$EXPORTER" 2>/dev/null && [[ $code == 200 ]] && has_metric adplan_probe_success; then
    pass "timeout header $v: answered, still running"; else fail "timeout header $v: code $code, exporter alive: $(kill -0 "$EXPORTER" 2>/dev/null && echo yes || echo no)"; fi
done
# One slot: a probe of the tarpit (1.5 s scrape: 1 s budget) holds it; a second scrape with a 3 s
# timeout, sent 0.3 s later, gets the slot after about 0.7 s and must still answer within 3 s.
curl -s -o /dev/null --max-time 20 -H 'X-Prometheus-Scrape-Timeout-Seconds: 1.5' \
  '127.0.0.1:9711/probe?target=slow.example' &
PIDS+=($!)
sleep 0.3
t=$(curl -s -o "$WORK/second.txt" -w '%{http_code} %{time_total}' --max-time 20 \
  -H 'X-Prometheus-Scrape-Timeout-Seconds: 3' '127.0.0.1:9711/probe?target=slow.example')
read -r code secs <<<"$t"
if awk -v s="$secs" 'BEGIN { exit !(s < 3.0) }'; then pass "waiting for a slot: answered $code after ${secs}s, within the 3 s scrape timeout"; else
  fail "waiting for a slot: answered $code after ${secs}s, past the 3 s scrape timeout"; fi
stop_exporter
finish
