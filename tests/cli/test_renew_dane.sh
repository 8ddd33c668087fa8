#!/usr/bin/env bash
# Issue 27 item 3, `adplan renew` and DANE: where the plan has DANE for the renewed certificate,
# renew looks up _25._tcp.<mx> TLSA with DNSSEC validation and refuses a new key no published
# record names, giving the exact record line, why and how to proceed; --ignore-dane writes anyway
# and still warns; a bogus zone and an unanswered look-up refuse, an unsigned zone does not; a plan
# without DANE asks nothing. The zone: a real BIND serving contoso.com signed with dnssec-signzone,
# in a private network namespace (the whole test runs in one; skipped where none can be made).
source "$(dirname "$0")/../netns.sh"
enter_netns "$0" "$@"
source "$(dirname "$0")/lib.sh"
for tool in named dnssec-keygen dnssec-signzone dnssec-dsfromkey openssl; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (tools/bootstrap.sh installs it)"; exit 77; }
done

"$ADPLAN" init --scenario 1 --yes --ca internal --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2 \
  --doors smtp --dane 3 1 1 -o adplan.json >/dev/null || fail "init"
"$ADPLAN" ca init --key ec:p256 --name "test root" >/dev/null && "$ADPLAN" csr >/dev/null &&
  "$ADPLAN" ca sign --all >/dev/null || fail "csr, ca sign"
# A renewal with another key: what a client without key reuse brings.
"$ADPLAN" csr --out other >/dev/null && "$ADPLAN" ca sign other/mail.contoso.com.csr >/dev/null || fail "the other key"
key_hash() { openssl pkey -in "$1" -pubout -outform DER | sha256sum | cut -d' ' -f1; }
old=$(key_hash pki/mail.contoso.com.key)
new=$(key_hash other/mail.contoso.com.key)
line="_25._tcp.mail.contoso.com. IN TLSA 3 1 1 $new"

# Usage errors before anything is read or asked (exit 2, naming the flag).
expect_exit 2 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --ca-file ca/ca.crt --dnssec-trust-anchor nosuch
contains "$ERR" "--dnssec-trust-anchor" "an unreadable trust anchor is named"
printf 'contoso.com. IN A 192.0.2.1\n' >not-an-anchor
expect_exit 2 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --ca-file ca/ca.crt --dnssec-trust-anchor not-an-anchor
contains "$ERR" "no DS or DNSKEY" "a trust anchor without DS or DNSKEY is refused"
expect_exit 2 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --ca-file ca/ca.crt --dns-server not-an-ip
contains "$ERR" "--dns-server" "a bad --dns-server is named"
expect_exit 2 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --ca-file ca/ca.crt --timeout 0
contains "$ERR" "--timeout" "--timeout 0 is refused"

# The signed zone, served by BIND on 127.0.0.1:53 of this namespace: the records adplan dns writes
# from the current key. zone FILE [unsigned|bogus] (re)starts BIND on it.
mkdir -p bind keys
"$ADPLAN" dns --full-zone >bind/contoso.com.zone || fail "dns --full-zone"
grep -q "IN TLSA 3 1 1 $old" bind/contoso.com.zone && pass "the zone carries 3 1 1 of the current key" || fail "no TLSA in the zone"
ksk=$(dnssec-keygen -q -K keys -a ECDSAP256SHA256 -f KSK contoso.com)
dnssec-keygen -q -K keys -a ECDSAP256SHA256 contoso.com >/dev/null
dnssec-signzone -q -K keys -d keys -S -O full -o contoso.com -f bind/contoso.com.zone.signed bind/contoso.com.zone >/dev/null ||
  fail "dnssec-signzone"
dnssec-dsfromkey -2 "keys/$ksk.key" >anchor
NAMED=""
serve() {  # serve ZONE-FILE: BIND on it, restarted
  if [[ -n $NAMED ]]; then kill "$NAMED"; wait "$NAMED" 2>/dev/null; fi
  cat >bind/named.conf <<EOC
options { directory "$WORK/bind"; pid-file "$WORK/bind/named.pid"; session-keyfile "$WORK/bind/session.key";
  recursion no; dnssec-validation no; listen-on port 53 { 127.0.0.1; }; listen-on-v6 { none; }; };
controls { };
zone "contoso.com" { type primary; file "$WORK/bind/$1"; };
EOC
  named -g -u root -c "$WORK/bind/named.conf" >bind/named.log 2>&1 &
  NAMED=$!
  local i
  for i in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/53) 2>/dev/null && return 0
    sleep 0.05
  done
  cat bind/named.log >&2
  fail "BIND did not start"
}
trap '[[ -n $NAMED ]] && kill "$NAMED" 2>/dev/null; rm -rf "$WORK"' EXIT
serve contoso.com.zone.signed
dane=(--dns-server 127.0.0.1:53 --dnssec-trust-anchor anchor --timeout 5)

# The key reused: accepted, the record it matches named.
expect_exit 0 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --ca-file ca/ca.crt "${dane[@]}" &&
  pass "the same key: renew writes the rollout"
contains "$OUT" "dane.renewal-match" "... saying the published record matches"
contains "$OUT" "IN TLSA 3 1 1 $old" "... naming it"

# Another key: refused, nothing written, the exact record line, why, and how to proceed.
rm -rf renew
expect_exit 1 -- "$ADPLAN" renew --cert other/mail.contoso.com.crt --key other/mail.contoso.com.key --ca-file ca/ca.crt \
  "${dane[@]}" && pass "a new key no record names is refused (exit 1)"
contains "$OUT$ERR" "dane.renewal-mismatch" "... as dane.renewal-mismatch"
printf "%s\n%s\n" "$OUT" "$ERR" | sed "s/^/  | /"
contains "$OUT$ERR" "$line" "... giving the exact record to publish ($line)"
contains "$OUT$ERR" "Exchange Online" "... saying who would stop delivering"
contains "$OUT$ERR" "wait 2 x TTL (7200 s" "... and to wait 2 x TTL before running it again"
contains "$ERR" "nothing was written" "... nothing was written"
[[ ! -e renew ]] && pass "no rollout on disk" || fail "a refused renewal wrote files"
expect_exit 1 -- "$ADPLAN" renew --cert other/mail.contoso.com.crt --key other/mail.contoso.com.key --ca-file ca/ca.crt \
  "${dane[@]}" --json
echo "$OUT" >refused.json
json_check refused.json '[f["severity"] for f in d["findings"] if f["id"] == "dane.renewal-mismatch"] == ["error"]' \
  "--json: the refusal's finding is an error"

# --ignore-dane: written, the warning still printed.
expect_exit 0 -- "$ADPLAN" renew --cert other/mail.contoso.com.crt --key other/mail.contoso.com.key --ca-file ca/ca.crt \
  "${dane[@]}" --ignore-dane && pass "--ignore-dane writes the rollout"
contains "$OUT" "dane.renewal-mismatch" "... still printing the mismatch"
contains "$OUT" "$line" "... with the record to publish"
[[ -f renew/rollout.ps1 ]] && pass "... rollout.ps1 written" || fail "--ignore-dane wrote nothing"

# The next key's record published beside the current one (what csr --next-key prepares): accepted.
"$ADPLAN" dns --full-zone >bind/contoso.com.zone
echo "$line" | sed 's/ IN / 3600 IN /' >>bind/contoso.com.zone
dnssec-signzone -q -K keys -d keys -S -O full -o contoso.com -f bind/contoso.com.zone.signed bind/contoso.com.zone >/dev/null
serve contoso.com.zone.signed
expect_exit 0 -- "$ADPLAN" renew --cert other/mail.contoso.com.crt --key other/mail.contoso.com.key --ca-file ca/ca.crt \
  "${dane[@]}" --force && pass "the new key's record published first: accepted"
contains "$OUT" "dane.renewal-match" "... matching the new record"

# A broken signature (a record changed after signing): refused, the zone is broken.
python3 - bind/contoso.com.zone.signed bind/bogus.zone <<'PY2'
import re, sys
text = open(sys.argv[1]).read()
flip = lambda m: m.group(1) + ("1" if m.group(2) != "1" else "2")
out, n = re.subn(r"(IN\s+TLSA\s+3 1 1 )([0-9A-Fa-f])", flip, text)
open(sys.argv[2], "w").write(out)
sys.exit(0 if n else 1)
PY2
[[ $? -eq 0 ]] || fail "no TLSA record to break in the signed zone"
serve bogus.zone
expect_exit 1 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --ca-file ca/ca.crt "${dane[@]}" --force
contains "$OUT$ERR" "dane.renewal-bogus" "a bogus answer refuses: dane.renewal-bogus"

# The zone unsigned (under an anchor for another zone): senders ignore the records, not refused.
serve contoso.com.zone
dnssec-keygen -q -K keys -a ECDSAP256SHA256 -f KSK lab.invalid >keys/other-ksk
dnssec-dsfromkey -2 "keys/$(cat keys/other-ksk).key" >other-anchor
expect_exit 0 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --ca-file ca/ca.crt --dns-server 127.0.0.1:53 \
  --dnssec-trust-anchor other-anchor --timeout 5 --force && pass "an unsigned zone does not refuse"
contains "$OUT" "dane.unsigned" "... a dane.unsigned warning"

# Nothing answers: refused as unchecked, naming the flags.
kill "$NAMED"; wait "$NAMED" 2>/dev/null; NAMED=""
expect_exit 1 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --ca-file ca/ca.crt --dns-server 127.0.0.1:53 \
  --dnssec-trust-anchor anchor --timeout 2 --force
contains "$OUT$ERR" "dane.renewal-unchecked" "no answer: refused as dane.renewal-unchecked"

# No DANE in the plan: no look-up at all (nothing answers, and nothing is refused).
python3 -c 'import json; d = json.load(open("adplan.json")); del d["dane"]; json.dump(d, open("plain.json", "w"))'
expect_exit 0 -- "$ADPLAN" renew --plan plain.json --cert other/mail.contoso.com.crt --key other/mail.contoso.com.key \
  --ca-file ca/ca.crt "${dane[@]}" --force --json
echo "$OUT" >plain-out.json
json_check plain-out.json 'not any(f["id"].startswith("dane.") for f in d["findings"])' "a plan without DANE: no DANE finding, no look-up"
finish
