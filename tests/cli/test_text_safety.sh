#!/usr/bin/env bash
# Text from elsewhere reaches the terminal escaped and --json as valid UTF-8 (issue 10, items 5
# and 7): a certificate whose CN and SAN hold ESC sequences, 0xff bytes and a C1 CSI, and a
# `csr --out` directory whose name is not UTF-8.
source "$(dirname "$0")/lib.sh" "$@"

ESC=$(printf '\x1b') BEL=$(printf '\x07') CSI1=$(printf '\xc2\x9b') FF=$(printf '\xff\xfe')
"$ADPLAN" init --scenario 1 --yes >/dev/null 2>&1 || fail "init"

# no_raw TEXT LABEL: no ESC, BEL or C1 CSI byte sequence.
no_raw() {
  if [[ $1 == *"$ESC"* || $1 == *"$BEL"* || $1 == *"$CSI1"* ]]; then fail "$2: a raw control reached the output"
  else pass "$2: no raw control character"; fi
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout evil.key -out evil.crt -days 30 \
  -subj "/CN=evil${ESC}[2J${ESC}]0;owned${BEL}.contoso.com" \
  -addext "subjectAltName=DNS:x${ESC}[2J.contoso.com,DNS:y${FF}.contoso.com,DNS:z${CSI1}31m.contoso.com" 2>/dev/null ||
  fail "openssl req with escapes in the names"

"$ADPLAN" cert check evil.crt --key evil.key >out.txt 2>err.txt
rc=$?
[[ $rc == 0 || $rc == 1 ]] && pass "cert check ends with exit $rc" || fail "cert check: exit $rc: $(head -c 300 err.txt)"
no_raw "$(cat out.txt err.txt)" "cert check (human)"
contains "$(cat out.txt)" 'CN=evil\x1b[2J\x1b]0;owned\x07.contoso.com' "the CN is shown with its escapes visible"
contains "$(cat out.txt)" 'z\u009b31m.contoso.com' "a C1 CSI in a SAN is shown visibly"

"$ADPLAN" cert check evil.crt --key evil.key --json >out.json 2>err.txt
rc=$?
[[ $rc == 0 || $rc == 1 ]] && pass "cert check --json ends with exit $rc" || fail "cert check --json: exit $rc: $(head -c 300 err.txt)"
json_check out.json "d['common_name'].startswith('evil\x1b[2J')" "cert check --json keeps the CN as JSON data"
json_check out.json "any('\ufffd' in n for n in d['dns_names'])" "cert check --json: 0xff bytes in a SAN as U+FFFD"
no_raw "$(cat out.json)" "cert check --json"

out=$(printf 'pki\xff')
expect_exit 0 -- "$ADPLAN" csr --out "$out" --json && pass "csr --out with a non-UTF-8 name: exit 0"
printf '%s' "$OUT" >csr.json
json_check csr.json "all('\ufffd' in f for f in d['files']) and len(d['files']) >= 2" \
  "csr --json names the files as valid UTF-8 (U+FFFD for the 0xff byte)"
[[ -f "$out/mail.contoso.com.csr" ]] && pass "the files are written under the name given" || fail "no $out/mail.contoso.com.csr"
finish
