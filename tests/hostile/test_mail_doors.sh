# Issue 23 against hostile mail doors: an endless banner, a banner dripped a byte at a time, a
# 1 MB line, STARTTLS refused then plaintext, TLS junk after STARTTLS (SMTP and IMAP), an endless
# IMAP reply and a tarpit MX. `adplan verify` never hangs or crashes, ends within its one
# --timeout (a tarpit costs at most that), stays small, names each door in its own finding, and
# never sends AUTH, LOGIN, USER or PASS to a mail door.
#   $1 = path to adplan, $2 = source dir
source "$(dirname "$0")/lib.sh"
PEERS=$SRC/tests/hostile/peers
DNS=127.0.0.53

start_peer() {
  local name=$1; shift
  python3 "$@" "$WORK/$name.ready" 2>"$WORK/$name.err" &
  PIDS+=($!)
  for _ in $(seq 600); do [[ -f $WORK/$name.ready ]] && return 0; sleep 0.05; done
  fail "peer $name did not start: $(cat "$WORK/$name.err")"; finish
}

# host=address for every door host; the MX hosts are the plan's smtp door hosts.
declare -A AT=([banner.contoso.com]=127.0.0.21 [drip.contoso.com]=127.0.0.22 [huge.contoso.com]=127.0.0.23
  [refuse.contoso.com]=127.0.0.24 [junk.contoso.com]=127.0.0.25 [tarpit.contoso.com]=127.0.0.26
  [imap.contoso.com]=127.0.0.27 [imap2.contoso.com]=127.0.0.28)
dns_args=()
for h in "${!AT[@]}"; do dns_args+=("$h=${AT[$h]}"); done
start_peer dns "$PEERS/dns.py" $DNS 53 mail.contoso.com=127.0.0.20 "${dns_args[@]}"
start_peer mail "$PEERS/mail_peer.py" 127.0.0.21:25=endless-banner 127.0.0.22:25=drip-banner \
  127.0.0.23:25=huge-line 127.0.0.24:25=refuse-plain 127.0.0.25:25=junk-tls 127.0.0.26:25=tarpit \
  127.0.0.27:143=imap-junk-tls 127.0.0.28:143=imap-endless "$WORK/mail.log"

"$ADPLAN" init --scenario 1 --yes -o "$WORK/plan.json" >/dev/null 2>&1 || { fail "init"; finish; }
python3 - "$WORK/plan.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["doors"] = {"smtp": ["banner.contoso.com", "drip.contoso.com", "huge.contoso.com", "refuse.contoso.com",
                       "junk.contoso.com", "tarpit.contoso.com"],
              "imap": ["imap.contoso.com", "imap2.contoso.com"]}
json.dump(p, open(sys.argv[1], "w"), indent=2)
PY

TIMEOUT=4
bounded $((TIMEOUT + 3)) 200 -- verify --plan "$WORK/plan.json" --dns-server $DNS --timeout $TIMEOUT --json
printf '%s' "$OUT" >"$WORK/v.json"
((RC == 1)) && pass "verify fails (exit 1) and ends within --timeout $TIMEOUT plus start-up" ||
  fail "verify: exit $RC: ${ERR:0:400}"
python3 -c 'import json,sys; [print("finding:", f["severity"], f["id"], f["subject"], "|", f["evidence"][:120]) for f in json.load(open(sys.argv[1]))["findings"] if f["id"].split(".")[0] in ("smtp","imap","tls")]' "$WORK/v.json" 2>/dev/null
has() { json_check "$WORK/v.json" "any(f['id'] == '$1' and f['subject'].startswith('$2') and '$3' in f['evidence'] for f in d['findings'])" "$4"; }
has smtp.unreachable "smtp banner.contoso.com:25" "too large" "endless banner: smtp.unreachable, too-large, names the door"
has smtp.unreachable "smtp huge.contoso.com:25" "longer than 4096" "1 MB line: smtp.unreachable, the line bound"
has smtp.unreachable "smtp drip.contoso.com:25" "in time" "dripped banner: ends at the deadline"
has smtp.unreachable "smtp tarpit.contoso.com:25" "in time" "tarpit MX: ends at the deadline"
has smtp.starttls-missing "smtp refuse.contoso.com:25" "454" "STARTTLS refused then plaintext: smtp.starttls-missing"
has smtp.tls-failed "smtp junk.contoso.com:25" "" "TLS junk after STARTTLS: smtp.tls-failed"
has imap.tls-failed "imap imap.contoso.com:143" "" "IMAP junk after STARTTLS: imap.tls-failed"
has imap.unreachable "imap imap2.contoso.com:143" "too large" "an endless IMAP reply: imap.unreachable, too-large"
has imap.unreachable "imap imap.contoso.com:993" "connection refused" "nothing on 993: imap.unreachable, refused"
json_check "$WORK/v.json" "len(d['doors']) == 10 and all(not x['ok'] for x in d['doors'])" "all ten doors reported, none ok"
if grep -Eiq '"command": "(AUTH|LOGIN|USER|PASS|a[0-9]+ (LOGIN|AUTHENTICATE))' "$WORK/mail.log"; then
  fail "a credential command reached a mail door: $(grep -Ei 'AUTH|LOGIN|USER|PASS' "$WORK/mail.log" | head -3)"
else
  pass "no AUTH, LOGIN, USER or PASS ever reached a mail door ($(wc -l <"$WORK/mail.log") commands logged)"
fi
if grep -q 'STARTTLS' "$WORK/mail.log" && ! grep -q '"command": "MAIL' "$WORK/mail.log"; then
  pass "after a refused STARTTLS nothing more than QUIT went in plaintext"
else fail "plaintext after the refused STARTTLS: $(grep refuse -A0 "$WORK/mail.log" | head -3)"; fi

echo "== --no-doors: not one connection to a mail door"
: >"$WORK/mail.log"
bounded $((TIMEOUT + 3)) 200 -- verify --plan "$WORK/plan.json" --dns-server $DNS --timeout $TIMEOUT --json --no-doors
printf '%s' "$OUT" >"$WORK/n.json"
json_check "$WORK/n.json" "d['doors'] == [] and not any(f['id'].startswith(('smtp.', 'imap.')) for f in d['findings'])" \
  "--no-doors: no door in the report"
[[ ! -s $WORK/mail.log ]] && pass "--no-doors: the mail peers saw no command" || fail "--no-doors: commands were sent"
finish
