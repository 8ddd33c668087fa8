# Issue 14 item 2 and issue 16 item 3, end to end: `adplan verify` reads CAA the way a CA does
# (RFC 8659: the closest CAA set up the tree, through a CNAME) from a DNS server that serves
# CAA records, reports dns.caa-forbids and dns.caa-missing, and `verify --dot FILE` draws what
# it saw — the hosts, the findings on the edges, red for an error — as DOT that Graphviz parses.
#   $1 = path to adplan, $2 = source dir
source "$(dirname "$0")/lib.sh"
PEERS=$SRC/tests/hostile/peers
DNS=127.0.0.53
PORT=5353

"$ADPLAN" init --scenario 1 --yes --caa-issuer letsencrypt.org -o "$WORK/s1.json" >/dev/null 2>&1 || fail "init"
"$ADPLAN" init --scenario 1 --yes -o "$WORK/plain.json" >/dev/null 2>&1 || fail "init plain"
# Nothing listens on the addresses: every https probe is refused, fast.
start_dns() {
  python3 "$PEERS/caa_dns.py" $DNS $PORT contoso.com=A:127.0.0.61 autodiscover.contoso.com=A:127.0.0.62 \
    mail.contoso.com=A:127.0.0.63 cas01.contoso.com=A:127.0.0.64 "$@" >"$WORK/dns.out" 2>"$WORK/dns.log" &
  DNS_PID=$!
  PIDS+=($DNS_PID)
  for _ in $(seq 200); do grep -q ready "$WORK/dns.out" 2>/dev/null && return 0; sleep 0.05; done
  fail "the DNS peer did not start: $(cat "$WORK/dns.log")"
}
stop_dns() { kill "$DNS_PID" 2>/dev/null; wait "$DNS_PID" 2>/dev/null; rm -f "$WORK/dns.out"; }
verify() { bounded 20 200 -- verify --plan "$1" --dns-server $DNS:$PORT --timeout 4 --json "${@:2}"; }

# 1. CAA at the zone apex names another CA; mail.contoso.com is an alias to a CDN name whose CAA
#    names Let's Encrypt: the apex set forbids, the alias target's set permits.
start_dns contoso.com=CAA:0:issue:digicert.com "mail.contoso.com=CNAME:edge.cdn.test" edge.cdn.test=A:127.0.0.63 \
  "edge.cdn.test=CAA:0:issue:letsencrypt.org; validationmethods=http-01"
verify "$WORK/s1.json" --dot "$WORK/seen.dot"
echo "$OUT" >"$WORK/v1.json"
python3 -c 'import json,sys; [print("finding:", f["severity"], f["id"], f["subject"]) for f in json.load(open(sys.argv[1]))["findings"]]' "$WORK/v1.json"
((RC == 1)) && pass "verify fails (exit 1)" || fail "verify: exit $RC: ${ERR:0:300}"
json_check "$WORK/v1.json" "any(f['id'] == 'dns.caa-forbids' and f['subject'] == 'autodiscover.contoso.com' and f['severity'] == 'error' for f in d['findings'])" \
  "dns.caa-forbids: the apex set names only digicert.com"
json_check "$WORK/v1.json" "not any(f['id'] == 'dns.caa-forbids' and f['subject'] == 'mail.contoso.com' for f in d['findings'])" \
  "through the CNAME the target's set lets letsencrypt.org issue for mail.contoso.com"
[[ -s $WORK/seen.dot ]] && pass "--dot wrote the DOT" || fail "--dot: nothing written"
if command -v dot >/dev/null; then
  dot -Tsvg "$WORK/seen.dot" -o "$WORK/check.svg" 2>"$WORK/dot.err" && [[ ! -s $WORK/dot.err ]] &&
    pass "dot -Tsvg parses it without a warning" || fail "dot -Tsvg: $(cat "$WORK/dot.err")"
  [[ -s $WORK/seen.svg ]] && pass "the SVG beside it (dot is installed)" || fail "no seen.svg beside seen.dot"
  for h in contoso.com autodiscover.contoso.com "Outlook, external"; do
    grep -q "$h" "$WORK/check.svg" && pass "the SVG names $h" || fail "the SVG lacks $h"
  done
  grep -q 'stroke="red"' "$WORK/check.svg" && pass "an error is drawn red" || fail "no red edge in the SVG"
else
  echo "note: dot is not installed; the DOT is checked as text only"
fi
grep -q 'color=red' "$WORK/seen.dot" && pass "the DOT has a red element for the errors" || fail "no red in the DOT"
grep -q 'dns.caa-forbids' "$WORK/seen.dot" && pass "the finding is in the picture" || fail "dns.caa-forbids not drawn"
cp "$WORK/seen.dot" "$WORK/first.dot"
stop_dns

# 2. No CAA anywhere: dns.caa-missing (info) with the plan's records as the fix; a malformed CAA
#    record at a name is skipped, and a set of only malformed records is a failed reading.
start_dns cas01.contoso.com=CAA-BAD
verify "$WORK/s1.json"
echo "$OUT" >"$WORK/v2.json"
json_check "$WORK/v2.json" "any(f['id'] == 'dns.caa-missing' and f['severity'] == 'info' and 'CAA 0 issue' in f['remedy'] for f in d['findings'])" \
  "dns.caa-missing is info, with the plan's CAA record as the fix"
json_check "$WORK/v2.json" "any(f['id'] == 'dns.caa-lookup-failed' and f['subject'] == 'cas01.contoso.com' for f in d['findings'])" \
  "a CAA set of malformed records cannot be read: a warning, not a crash"
# 3. A plan without caa_issuers asks no CAA question.
verify "$WORK/plain.json"
echo "$OUT" >"$WORK/v3.json"
json_check "$WORK/v3.json" "not any(f['id'].startswith('dns.caa') for f in d['findings'])" "no caa_issuers: no CAA judgement"
grep -c "257" "$WORK/dns.log" >/dev/null 2>&1 || true
stop_dns
finish
