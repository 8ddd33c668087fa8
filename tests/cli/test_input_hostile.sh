#!/usr/bin/env bash
# Hostile and careless input, black-box (issue 10, items 4, 8-11, 15, 18): every refusal exits 2,
# names the field (or flag) and the fix, echoes no value longer than ~80 characters, and writes
# nothing; a deep or huge adplan.json ends within a time and memory bound.
source "$(dirname "$0")/lib.sh" "$@"

"$ADPLAN" init --scenario 1 --yes >/dev/null 2>&1 || fail "init"
cp adplan.json good.json

# plan_with NAME PYTHON: adplan.json with the edit applied to `d` (a dict), as NAME.
plan_with() {
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open("good.json"))
exec(sys.argv[2])
open(sys.argv[1], "w").write(json.dumps(d, ensure_ascii=False))
PY
}
# listing: every file under the work directory but the test's own, for "nothing written".
listing() { find . -mindepth 1 ! -name '.stderr' ! -name '.time' ! -name '.out' ! -name '.err' | sort; }
# bounded MAX_S MAX_MB -- adplan args: wall time and peak RSS of one run, a signal is a failure.
bounded() {
  local max_s=$1 max_mb=$2; shift 2; [[ $1 == -- ]] && shift
  /usr/bin/time -f '%e %M' -o "$WORK/.time" timeout -s KILL $((max_s + 5)) "$ADPLAN" "$@" >"$WORK/.out" 2>"$WORK/.err"
  RC=$?
  OUT=$(cat "$WORK/.out"); ERR=$(cat "$WORK/.err")
  local wall rss; read -r wall rss < <(tail -1 "$WORK/.time")
  echo "bounded: exit $RC, ${wall}s, peak RSS $((rss / 1024)) MiB (bounds ${max_s}s, ${max_mb} MiB)"
  if ((RC > 128)) || grep -q 'terminated by signal' "$WORK/.time"; then fail "adplan died of a signal: $*"; fi
  if awk -v w="$wall" -v m="$max_s" 'BEGIN { exit !(w > m) }'; then fail "took ${wall}s > ${max_s}s"; fi
  if ((rss > max_mb * 1024)); then fail "peak RSS $((rss / 1024)) MiB > ${max_mb} MiB"; fi
}
# short TEXT LABEL: the message is short (no echoed 100 KB value).
short() { if ((${#1} < 1024)); then pass "$2 (${#1} bytes)"; else fail "$2: ${#1} bytes: ${1:0:300}"; fi; }

# --- item 4: 100,000 nested [ neither crash nor echo; the message names the nesting limit
python3 -c 'print("[" * 100000)' > deep.json
bounded 5 64 -- plan --plan deep.json
[[ $RC -eq 2 ]] && pass "100,000 nested [: exit 2" || fail "deep: exit $RC"
contains "$ERR" "deep.json:1:65" "deep: the place of the bracket past the limit"
contains "$ERR" "nest deeper than 64 levels, the nesting limit" "deep: names the nesting limit"
short "$ERR" "deep: short message"
python3 -c 'print("{\"version\": " + "[" * 50000 + "]" * 50000 + "}")' > deep-value.json
bounded 5 64 -- plan --plan deep-value.json
[[ $RC -eq 2 ]] && pass "50,000 levels in a value: exit 2" || fail "deep value: exit $RC"
short "$ERR" "deep value: no 100 KB echo"
# a 4 MB document of one flat array is fine to parse and refuse
python3 -c 'print("{\"domains\": [" + ",".join(["1"] * 1500000) + "]}")' > wide.json
bounded 10 200 -- plan --plan wide.json
[[ $RC -eq 2 ]] && pass "1.5 million array items: exit 2" || fail "wide: exit $RC"
(( $(wc -l <<<"$ERR") <= 102 )) && pass "wide: at most 100 problems listed" || fail "wide: $(wc -l <<<"$ERR") lines"
contains "$ERR" "more problems are not listed" "wide: the rest counted"

# --- item 8: a NUL in a host name is refused, never cut to "mail.evil.com"
python3 - <<'PY'
import json
d = json.load(open("good.json"))
t = json.dumps(d).replace('"mail.contoso.com"', '"mail.evil.com\\u0000\\u00fc.contoso.com"')
open("nul.json", "w").write(t)
PY
expect_exit 2 -- "$ADPLAN" plan --plan nul.json && pass "NUL in external_host: exit 2"
contains "$ERR" "external_host: \"mail.evil.com\\x00" "NUL: the field and the escaped value"
contains "$ERR" "holds a NUL character" "NUL: says what"
[[ $OUT != *mail.evil.com* ]] && pass "NUL: no plan for mail.evil.com" || fail "NUL: planned mail.evil.com"

# --- item 9: version 4294967297 is not 1
sed 's/"version": 1/"version": 4294967297/' good.json > v.json
grep -q 4294967297 v.json || fail "sed version"
expect_exit 2 -- "$ADPLAN" plan --plan v.json && pass "version 4294967297: exit 2"
contains "$ERR" "version: 4294967297 is not a format version" "version: names the field and the value"
sed 's/"scenario": 1/"scenario": 4294967297/' good.json > s.json
expect_exit 2 -- "$ADPLAN" plan --plan s.json && pass "scenario 4294967297: exit 2"

# --- item 10: a wildcard where a host is expected is refused like external_host
plan_with wild.json 'd["autodiscover_host"] = "*.contoso.com"'
before=$(listing)
expect_exit 2 -- "$ADPLAN" plan --plan wild.json && pass "autodiscover_host wildcard: plan exit 2"
contains "$ERR" "autodiscover_host: \"*.contoso.com\" is a wildcard, not a host name" "wildcard: field and reason"
contains "$ERR" "autodiscover.contoso.com" "wildcard: the fix names a real host"
expect_exit 2 -- "$ADPLAN" dns --plan wild.json --full-zone && pass "dns --full-zone refuses it"
[[ $OUT != *'*.contoso.com'* ]] && pass "dns: no wildcard record" || fail "dns wrote a wildcard: $OUT"
expect_exit 2 -- "$ADPLAN" csr --plan wild.json --out wild-pki && pass "csr refuses it"
[[ "$(listing)" == "$before" ]] && pass "wildcard: nothing written" || fail "wildcard: files written"
plan_with wild-fqdn.json 'd["servers"][0]["fqdn"] = "*.contoso.com"'
expect_exit 2 -- "$ADPLAN" plan --plan wild-fqdn.json && pass "servers[0].fqdn wildcard: exit 2"
contains "$ERR" "servers[0].fqdn:" "wildcard fqdn: names the field"
expect_exit 2 -- "$ADPLAN" dns --full-zone --domain '*.contoso.com' && pass "dns --domain wildcard: exit 2"
contains "$ERR" "--domain:" "dns --domain: names the flag"

# --- item 11: csr's subject flags pass adplan.json's validator
before=$(listing)
expect_exit 2 -- "$ADPLAN" csr --org "$(head -c 5000 /dev/zero | tr '\0' a)" --unit $'\xff\xfe' \
  --locality $'Red\x1b[2Jmond' --state $'WA\x07' --country USA && pass "bad subject flags: exit 2"
contains "$ERR" "--org: \"aaaa" "--org named"
contains "$ERR" "(5000 bytes) is longer than 64 characters" "--org: the value cut, its length given"
contains "$ERR" "--unit: \"\\xff\\xfe\"" "--unit named, bytes escaped"
contains "$ERR" "--locality: \"Red\\x1b[2Jmond\"" "--locality named, ESC escaped"
contains "$ERR" "--state:" "--state named"
contains "$ERR" "--country:" "--country named too (all problems at once)"
contains "$ERR" "letters, digits, spaces and . , - & ( ) /, at most 64" "the fix adplan.json's subject gives"
[[ $ERR != *$'\x1b'* ]] && pass "no raw ESC reaches the terminal" || fail "raw ESC in stderr"
short "$ERR" "subject flags: short message"
[[ "$(listing)" == "$before" ]] && pass "subject flags: nothing written" || fail "subject flags: files written"
expect_exit 2 -- "$ADPLAN" ca init --dir bad-ca --org $'Evil\x1b]0;pwned\x07' && pass "ca init --org: the same validator"
contains "$ERR" "--org: \"Evil\x1b]0;pwned\x07\"" "ca init --org named, escaped"
[[ ! -e bad-ca ]] && pass "ca init: nothing written" || fail "ca init wrote bad-ca"
plan_with subj.json 'd["subject"] = {"O": "a" * 5000}'
expect_exit 2 -- "$ADPLAN" csr --plan subj.json && pass "the same value in adplan.json: exit 2"
contains "$ERR" "subject.O: \"aaaa" "adplan.json: subject.O named"
contains "$ERR" "is longer than 64 characters" "the same message for both"

# --- item 15: messages that name the field and the fix
sed 's/"dns_ttl": 3600/"dns_ttl": 1e400/' good.json > ttl.json
grep -q 1e400 ttl.json || fail "sed dns_ttl"
expect_exit 2 -- "$ADPLAN" plan --plan ttl.json && pass "dns_ttl 1e400: exit 2"
contains "$ERR" "ttl.json: dns_ttl: 1e400 at line" "1e400: names the field"
contains "$ERR" "seconds from 60 to 604800" "1e400: the fix"
[[ $ERR != *json.exception* ]] && pass "1e400: no bare library exception" || fail "1e400: $ERR"

before=$(listing)
expect_exit 2 -- "$ADPLAN" render --out r --email 'a$x@contoso.com' && pass "render --email with \$: exit 2"
contains "$ERR" "--email: \"a\$x@contoso.com\" holds '\$'" "--email: names the flag and the value"
contains "$ERR" "use an address without '\$'" "--email: the fix"
[[ $ERR != *mustache* ]] && pass "--email: no template named" || fail "--email: names a template: ${ERR:0:200}"
short "$ERR" "--email: short message"
[[ "$(listing)" == "$before" ]] && pass "--email: nothing written" || fail "--email: files written"

mkdir plandir
expect_exit 2 -- "$ADPLAN" plan --plan plandir && pass "a directory as --plan: exit 2"
contains "$ERR" "plandir: is a directory" "directory: says so"
contains "$ERR" "plandir/adplan.json" "directory: the fix"
[[ $ERR != *"malformed JSON"* ]] && pass "directory: not called malformed JSON" || fail "directory: $ERR"

expect_exit 2 -- "$ADPLAN" frobnicate && pass "unknown command: exit 2"
contains "$ERR" "unknown command \"frobnicate\"" "unknown command: named"
contains "$ERR" "init, plan" "unknown command: the commands listed"
contains "$ERR" "verify" "unknown command: verify among them"
[[ $ERR != *"A subcommand is required"* ]] && pass "unknown command: not 'a subcommand is required'" || fail "$ERR"

big=$(head -c 120000 /dev/zero | tr '\0' x)
for args in "frobnicate$big" "plan $big" "render --out r --email $big@contoso.com" "csr --key $big" \
            "dns --view $big" "render --out r --ns $big.com"; do
  read -ra argv <<<"$args"
  expect_exit 2 -- "$ADPLAN" "${argv[@]}" && pass "120 KB argument: ${args:0:12}...: exit 2"
  short "$ERR" "120 KB argument: ${args:0:12}..."
done
expect_exit 2 -- "$ADPLAN" render --out r --email "a@$big.com"
contains "$ERR" "(120006 bytes)" "120 KB --email: the original length given"

# --- item 18: homoglyph labels warn, with the Unicode and the xn-- form
plan_with homo.json 'd["external_host"] = "m\u0430il.contoso.com"'
expect_exit 0 -- "$ADPLAN" plan --plan homo.json && pass "mixed-script name: a warning, not a refusal"
contains "$OUT" "name.mixed-script" "mixed script: the finding"
contains "$OUT" "\"mаil.contoso.com\" (xn--mil-6cd.contoso.com)" "mixed script: both forms"
contains "$OUT" "mixes Latin and Cyrillic letters (Cyrillic: \"а\" U+0430)" "mixed script: the odd letter"
expect_exit 0 -- "$ADPLAN" csr --plan homo.json --out homo-pki && pass "csr of a mixed-script name"
contains "$OUT" "name.mixed-script" "csr repeats the warning"
plan_with cyr.json 'd["domains"] = ["почта.рф"]; d["external_host"] = "почта.почта.рф"; d.pop("autodiscover_host")'
expect_exit 0 -- "$ADPLAN" plan --plan cyr.json && pass "whole-script Cyrillic names plan"
[[ $OUT != *name.mixed-script* ]] && pass "whole-script Cyrillic: no warning" || fail "Cyrillic warned: $OUT"

finish
