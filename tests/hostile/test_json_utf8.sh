# Issue 22, item 2: every byte of every JSON output is valid UTF-8 with the controls escaped. Hostile
# bytes -- 0xff, a lone surrogate's UTF-8 form (ED A0 80), C1 controls (U+009B CSI, U+0085 NEL),
# bidirectional controls (U+202E, U+2066) and ESC -- go in through a --domains-file, a server's
# header (Location) and an XML value (a POX <Error>'s ErrorCode and Message); every line of
# verify --json, verify --json-lines and the exporter's answers (/probe?format=json, /probe,
# /metrics) is parsed with a strict parser (tests/hostile/strict_json.py: strict UTF-8, no raw
# control, no NaN, no lone surrogate), and the hostile text is checked to have arrived.
# Usage: test_json_utf8.sh ADPLAN SOURCE_DIR
source "$(dirname "$0")/lib.sh"
PEERS=$HOSTILE_SRC/tests/hostile/peers
STRICT=$HOSTILE_SRC/tests/hostile/strict_json.py
ROOT=127.0.0.31 AD=127.0.0.32 DNS=127.0.0.30
for a in $ROOT $AD $DNS; do ip addr add "$a/8" dev lo 2>/dev/null || true; done

openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj "/CN=contoso.com" \
  -addext "subjectAltName=DNS:contoso.com,DNS:autodiscover.contoso.com,DNS:mail.contoso.com" >/dev/null 2>&1 ||
  { fail "openssl req"; finish; }
"$ADPLAN" init --scenario 1 --yes -o plan.json >/dev/null 2>&1 || { fail "adplan init"; finish; }
python3 "$PEERS/static_dns.py" $DNS 53 contoso.com=$ROOT autodiscover.contoso.com=$AD mail.contoso.com=$ROOT \
  2>"$WORK/dns.log" &
PIDS+=($!)
HOSTILE_BIDI=1 python3 "$PEERS/hostile_http.py" cert.pem key.pem $ROOT $AD >"$WORK/http.out" 2>"$WORK/http.log" &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q ready "$WORK/http.out" 2>/dev/null && break; sleep 0.05; done
grep -q ready "$WORK/http.out" || { fail "the hostile server did not start: $(cat "$WORK/http.log")"; finish; }

# Five bad lines, each with bytes meant to break a JSON line, and two good ones.
printf 'contoso.com\n\xff\xfe.example\nbad\xed\xa0\x80.example\nc1\xc2\x9b\xc2\x85.example\n' >domains.txt
printf 'bidi\xe2\x80\xae\xe2\x81\xa6.example\nesc\x1b[2J.example\nalice@contoso.com\n' >>domains.txt

# strict MODE FILE LABEL [EXPR]
strict() {
  local out
  if out=$(python3 "$STRICT" "$1" "$2" "${4:-True}" 2>&1); then pass "$3: $out document(s), strict UTF-8 JSON"; else
    fail "$3: $out"; fi
}
common=(--dns-server $DNS:53 --ca-file cert.pem --timeout 8)

# verify --json: the Location header and the XML values reach findings and checks.
bounded 20 300 -- verify user@contoso.com "${common[@]}" --json
cp "$WORK/.out" verify.json
((RC == 0 || RC == 1)) && pass "verify --json ends with exit $RC" || fail "verify --json: exit $RC: ${ERR:0:300}"
strict doc verify.json "verify --json" \
  "any('\ufffd' in f['evidence'] and '\u202e' in f['evidence'] and '\x9b' in f['evidence'] for f in docs[0]['findings']) and any('Location' in c['detail'] and '\u202e' in c['detail'] for c in docs[0]['checks'])"

# verify --json-lines: the bad lines as input-error lines quoting them, the domains as judged.
bounded 40 400 -- verify --plan plan.json --domains-file domains.txt --json-lines --deep "${common[@]}"
cp "$WORK/.out" lines.jsonl
((RC == 1)) && pass "verify --json-lines ends with exit 1 (bad lines)" || fail "verify --json-lines: exit $RC: ${ERR:0:300}"
strict lines lines.jsonl "verify --json-lines" \
  "sum(d['type'] == 'input-error' for d in docs) == 5 and docs[-1]['type'] == 'summary' and docs[-1]['bad_lines'] == 5"
strict lines lines.jsonl "verify --json-lines: the bad lines are quoted as U+FFFD and escaped controls" \
  "any('\ufffd' in d['message'] for d in docs if d['type'] == 'input-error') and any('\u202e' in d['message'] for d in docs if d['type'] == 'input-error') and any('\x9b' in d['message'] for d in docs if d['type'] == 'input-error') and any('\x1b' in d['message'] for d in docs if d['type'] == 'input-error')"
strict lines lines.jsonl "verify --json-lines: the hostile server's text arrived in a domain line" \
  "any(d['type'] == 'domain' and any('\u202e' in f['evidence'] for f in d['findings']) for d in docs)"
if grep -q $'\x1b' "$WORK/.err"; then fail "verify --json-lines: a raw ESC on stderr"; else pass "verify --json-lines: stderr has no raw ESC"; fi

# verify --all-domains --json: the same result objects, one document.
bounded 40 300 -- verify --plan plan.json --all-domains "${common[@]}" --json
cp "$WORK/.out" domains.json
strict doc domains.json "verify --all-domains --json" \
  "any('\u202e' in f['evidence'] for f in docs[0]['domains'][0]['findings'])"

# The exporter: /probe?format=json is verify --json's document; /probe and /metrics are the text format.
"$ADPLAN" exporter --listen 127.0.0.1:9713 --plan plan.json --domains-file domains.txt "${common[@]}" \
  2>"$WORK/exporter.err" &
EXPORTER=$!
PIDS+=($EXPORTER)
for _ in $(seq 200); do curl -s -o /dev/null --max-time 1 127.0.0.1:9713/metrics && break; sleep 0.05; done
curl -s --max-time 30 '127.0.0.1:9713/probe?target=contoso.com&format=json' >probe.json
strict doc probe.json "exporter /probe?format=json" \
  "docs[0]['format'] == 'adplan-verify/1' and any('\u202e' in f['evidence'] and '\ufffd' in f['evidence'] for f in docs[0]['findings'])"
curl -s --max-time 30 '127.0.0.1:9713/probe?target=contoso.com' >probe.txt
strict prom probe.txt "exporter /probe (labels parsed as JSON strings)" "any('id' in d for d in docs)"
curl -s --max-time 5 '127.0.0.1:9713/metrics' >metrics.txt
strict prom metrics.txt "exporter /metrics"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 '127.0.0.1:9713/probe?target=%ff%ed%a0%80.example')
[[ $code == 400 ]] && pass "exporter: a target of hostile bytes is refused (400)" || fail "exporter: target of hostile bytes: $code"
kill $EXPORTER 2>/dev/null
wait $EXPORTER 2>/dev/null
if python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8", "strict")' <"$WORK/exporter.err" &&
  ! grep -q $'\x1b' "$WORK/exporter.err"; then
  pass "exporter: its warnings about the bad lines are valid UTF-8 without a raw ESC"
else
  fail "exporter: stderr: $(head -c 400 "$WORK/exporter.err")"
fi
[[ -n ${HOSTILE_KEEP:-} ]] && cp verify.json lines.jsonl domains.json probe.json probe.txt "$HOSTILE_KEEP"/
stop_servers
finish
