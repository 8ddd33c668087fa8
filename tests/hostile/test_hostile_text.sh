# Hostile text: a server whose every string is meant to break the report. A Location header with
# 0xff bytes and ESC[2J, a 60 KB Location, a POX <Error> whose ErrorCode and Message hold
# ill-formed UTF-8 and terminal escapes (ESC[2J, an OSC window title, C1 CSI, DEL), and a
# certificate whose CN and SAN carry ESC sequences and 0xff bytes.
# verify (human and --json) must end normally (exit 0 or 1) within its bounds, the JSON must
# parse, no raw ESC byte may reach stdout or stderr, and no line may be longer than a few KB.
# Usage: test_hostile_text.sh ADPLAN SOURCE_DIR
source "$(dirname "$0")/lib.sh"
PEERS=$HOSTILE_SRC/tests/hostile/peers
ROOT=127.0.0.21 AD=127.0.0.22 DNS=127.0.0.20
for a in $ROOT $AD $DNS; do ip addr add "$a/8" dev lo 2>/dev/null || true; done

ESC=$(printf '\x1b') BEL=$(printf '\x07') FF=$(printf '\xff\xfe')
# A certificate with escapes in its names; openssl keeps the bytes (CN as UTF8String, SAN IA5).
# verify trusts it (--ca-file), so the POX error behind it is judged too.
if openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 \
  -subj "/CN=evil${ESC}[2J${ESC}]0;owned${BEL}.contoso.com" \
  -addext "subjectAltName=DNS:contoso.com,DNS:autodiscover.contoso.com,DNS:x${ESC}[2J.contoso.com,DNS:y${FF}.contoso.com" >/dev/null 2>&1; then
  pass "a certificate with ESC sequences and 0xff bytes in its CN and SAN"
  CERT_ESC=1
else
  echo "note: openssl refused escapes in the names; the certificate sub-case is skipped"
  CERT_ESC=0
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 \
    -subj "/CN=contoso.com" -addext "subjectAltName=DNS:contoso.com,DNS:autodiscover.contoso.com" >/dev/null 2>&1 || { fail "openssl req"; finish; }
fi

python3 "$PEERS/static_dns.py" $DNS 53 contoso.com=$ROOT autodiscover.contoso.com=$AD 2>"$WORK/dns.log" &
PIDS+=($!)
python3 "$PEERS/hostile_http.py" "$WORK/cert.pem" "$WORK/key.pem" $ROOT $AD >"$WORK/http.out" 2>"$WORK/http.log" &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q ready "$WORK/http.out" 2>/dev/null && break; sleep 0.05; done
grep -q ready "$WORK/http.out" || { fail "the hostile server did not start: $(cat "$WORK/http.log")"; finish; }

# check_text FILE LABEL: no raw ESC or BEL, no line over 8 KB.
check_text() {
  if grep -q "[$ESC$BEL]" "$1"; then fail "$2: a raw control byte reached the output"; else pass "$2: no raw ESC or BEL"; fi
  local longest
  longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$1")
  if ((longest > 8192)); then fail "$2: a line of $longest bytes"; else pass "$2: longest line $longest bytes"; fi
}

args=(verify user@contoso.com --dns-server $DNS:53 --ca-file "$WORK/cert.pem" --timeout 8)

bounded 20 300 -- "${args[@]}" --json
cp "$WORK/.out" "$WORK/verify.json"
cp "$WORK/.err" "$WORK/verify.json.err"
if ((RC == 0 || RC == 1)); then pass "verify --json ends with exit $RC"; else fail "verify --json: exit $RC: ${ERR:0:400}"; fi
if python3 -m json.tool "$WORK/verify.json" >/dev/null 2>&1; then pass "verify --json prints valid JSON"; else
  fail "verify --json: not JSON: $(head -c 300 "$WORK/verify.json")"; fi
check_text "$WORK/verify.json" "verify --json stdout"
check_text "$WORK/verify.json.err" "verify --json stderr"
json_check "$WORK/verify.json" \
  "any(f['id'] == 'autodiscover.error-response' and '\ufffd' in f['message'] + f['evidence'] and '\x1b[2J' in f['evidence'] for f in d['findings'])" \
  "the hostile ErrorCode is reported, ill-formed bytes as U+FFFD, ESC kept as JSON data (\\u001b)"
json_check "$WORK/verify.json" \
  "any('Location' in c['detail'] and '\ufffd' in c['detail'] for c in d['checks'])" \
  "the Location with 0xff bytes is reported as valid UTF-8"
json_check "$WORK/verify.json" \
  "any('bytes)' in c['subject'] or 'bytes)' in c['detail'] for c in d['checks']) and max(len(c['subject']) + len(c['detail']) for c in d['checks']) < 4200" \
  "the 60 KB Location is shortened with its length"
if ((CERT_ESC)); then
  json_check "$WORK/verify.json" \
    "any('CN=evil\x1b[2j' in c['detail'] and '\ufffd' in c['detail'] for c in d['checks'] if c['name'] == 'tls')" \
    "the certificate's CN with ESC and its SAN with 0xff are reported as valid UTF-8"
fi

bounded 20 300 -- "${args[@]}"
cp "$WORK/.out" "$WORK/report.txt"
cp "$WORK/.err" "$WORK/report.err"
if ((RC == 0 || RC == 1)); then pass "verify (human) ends with exit $RC"; else fail "verify: exit $RC: ${ERR:0:400}"; fi
check_text "$WORK/report.txt" "verify report stdout"
check_text "$WORK/report.err" "verify report stderr"
contains "$OUT" '\x1b[2J' "the report shows ESC[2J visibly"
contains "$OUT" '\u009b31m' "the report shows the C1 CSI visibly"
contains "$OUT" 'bytes)' "the report shortens the 60 KB Location and says how long it was"
if ((CERT_ESC)); then  # names are compared lower case: ESC[2J reads ESC[2j
  contains "$OUT" 'CN=evil\x1b[2j\x1b]0;owned\x07.contoso.com' "the report shows the certificate's CN escaped"
fi
size=$(wc -c <"$WORK/report.txt")
if ((size < 200000)); then pass "the report is $size bytes"; else fail "the report is $size bytes"; fi

[[ -n ${HOSTILE_KEEP:-} ]] && cp "$WORK"/verify.json "$WORK"/report.txt "$HOSTILE_KEEP"/
stop_servers
finish
