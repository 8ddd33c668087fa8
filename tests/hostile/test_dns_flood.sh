#!/usr/bin/env bash
# A hostile DNS server: 1,500 SRV records (over TCP, after a truncated UDP answer) pointing at
# a tarpit, and an http redirect to a name nobody has resolved yet. Before: 1,500 threads, file
# descriptors past FD_SETSIZE, SIGABRT in select() after 6 s at 221 MB. Now: at most 4 SRV
# targets per priority (16 in all) are probed, --parallel workers, poll(): the run ends at
# --timeout with bounded memory, and the report counts the ignored records.
# Then --all-domains over 24 tarpit domains ends within ceil(24 / --parallel) x --timeout.
source "$(dirname "$0")/lib.sh"
PEER="$HOSTILE_SRC/tests/hostile/peers/dns_flood.py"

# start NAME ARGS...: a peer in the background, waiting until it says "ready".
start() {
  local name=$1; shift
  python3 "$PEER" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 200); do grep -q ready "$WORK/$name.log" && return 0; sleep 0.1; done
  fail "$name did not start: $(cat "$WORK/$name.log")"; exit 1
}

TENANTS=()
for i in $(seq -w 1 24); do TENANTS+=(--zone "tenant$i.example.org"); done
start dns dns 127.0.0.53 --flood contoso.com --srv 1500 --tarpit 127.0.0.66 --redirect 127.0.0.67 "${TENANTS[@]}"
start tarpit tarpit 127.0.0.66 80 443
start tarpit67 tarpit 127.0.0.67 443
start redirect redirect 127.0.0.67 80 "https://late.contoso.com/autodiscover/autodiscover.xml"

# 1. The flood. --timeout 5: ends within 10 s (the bound: --timeout plus 5 s for process start,
# DNS over TCP and the judge), no signal, peak RSS measured at 20 MiB: bound 80 MiB.
bounded 10 80 -- verify contoso.com --dns-server 127.0.0.53 --timeout 5
((RC == 1)) && pass "the flood: exit 1 (findings)" || fail "the flood: exit $RC, want 1: ${ERR:0:400}"
contains "$OUT" "SRV record(s) ignored" "the report counts the ignored SRV records"
contains "$OUT" "1488 SRV record(s) ignored" "1,500 records, 12 probed (4 for each of 3 priorities)"
bounded 10 80 -- verify contoso.com --dns-server 127.0.0.53 --timeout 5 --json
echo "$OUT" >flood.json
json_check flood.json 'any(f["id"] == "dns.srv-ignored" and f["evidence"] == "1488 SRV records ignored" for f in d["findings"])' "--json: dns.srv-ignored"
json_check flood.json 'd["ms"] <= 6000' "--json: the run's own time is within --timeout (+1 s)"
# One worker: still within the bound (the endpoints after the first get what is left of the deadline).
bounded 10 80 -- verify contoso.com --dns-server 127.0.0.53 --timeout 5 --parallel 1
((RC == 1)) && pass "--parallel 1: exit 1" || fail "--parallel 1: exit $RC"

# 2. --all-domains: 24 domains, each resolving to the tarpit, 8 at a time, each with its own 5 s:
# the stated bound is ceil(24 / 8) x 5 = 15 s; 7 s margin for a loaded 2-core CI machine.
"$ADPLAN" init --scenario 1 --yes --ca internal --public-ip 127.0.0.66 --server CAS01,mail.tenant01.example.org,127.0.0.66 \
  $(for i in $(seq -w 1 24); do echo --domain "tenant$i.example.org"; done) -o "$WORK/hoster.json" >/dev/null ||
  { fail "init of the 24-domain plan"; finish; }
bounded 22 80 -- verify --all-domains --plan "$WORK/hoster.json" --dns-server 127.0.0.53 --timeout 5 --parallel 8
((RC == 1)) && pass "--all-domains: exit 1" || fail "--all-domains: exit $RC: ${ERR:0:400}"
contains "$OUT" "24 domain(s) checked, 24 failed" "--all-domains: every tarpit domain reported"
awk -v w="$WALL" 'BEGIN { exit !(w >= 14) }' && pass "--all-domains: 3 rounds of 5 s (${WALL}s)" ||
  fail "--all-domains took ${WALL}s: less than 3 rounds, did each domain get its --timeout?"
# --parallel 24: one round.
bounded 10 100 -- verify --all-domains --plan "$WORK/hoster.json" --dns-server 127.0.0.53 --timeout 5 --parallel 24
((RC == 1)) && pass "--all-domains --parallel 24: exit 1" || fail "--all-domains --parallel 24: exit $RC"
finish
