#!/usr/bin/env bash
# render --diff OLD writes the change plan (change.md, change.ps1) beside the other files; acme
# --calendar --cert FILE starts at the certificate's own renewal day; init --caa-issuer puts CAA
# into every DNS output.
source "$(dirname "$0")/lib.sh" "$@"

"$ADPLAN" init --scenario 4 --yes -o old.json >/dev/null 2>&1 || fail "init 4"
"$ADPLAN" init --scenario 1 --yes --caa-issuer letsencrypt.org -o new.json >/dev/null 2>&1 || fail "init 1"
expect_exit 0 -- "$ADPLAN" render --plan new.json --out out --diff old.json && {
  [[ -s out/change.md && -s out/change.ps1 ]] && pass "change.md and change.ps1 written" || fail "no change plan"
  contains "$(cat out/change.md)" "## 1. Issue and install the new certificates" "change.md: the certificates first"
  contains "$(cat out/change.ps1)" "Read-Host 'step 1 done;" "change.ps1: a pause after each step"
  contains "$(cat out/dns/external.zone)" "contoso.com. 3600 IN CAA 0 issue letsencrypt.org" "CAA in the zone"
  contains "$(cat out/dns/external.ps1)" "-Type 257 -RecordData '000569737375656c657473656e63727970742e6f7267'" "CAA for Windows DNS"
  contains "$(cat out/dns/external.json)" '"type": "CAA"' "CAA in the DNS JSON"
}
expect_exit 2 -- "$ADPLAN" render --plan new.json --out out2 --diff missing.json && [[ ! -e out2 ]] &&
  pass "a missing OLD: nothing written"

# A certificate in service for the plan's names, valid 200 days from 2026-11-01.
openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out cert.pem -subj "/CN=mail.contoso.com" \
  -addext "subjectAltName=DNS:mail.contoso.com,DNS:autodiscover.contoso.com" -not_before 20261101000000Z \
  -not_after 20270519235959Z >/dev/null 2>&1 || openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out cert.pem \
  -subj "/CN=mail.contoso.com" -addext "subjectAltName=DNS:mail.contoso.com,DNS:autodiscover.contoso.com" -days 200 \
  >/dev/null 2>&1
expect_exit 0 -- "$ADPLAN" acme --plan new.json --calendar --cert cert.pem && {
  contains "$OUT" "current certificate cert.pem" "the calendar names the certificate in service"
  contains "$OUT" "first renewal on" "its own renewal day"
}
expect_exit 2 -- "$ADPLAN" acme --plan new.json --cert cert.pem && contains "$ERR" "goes with --calendar" "--cert alone"
finish
