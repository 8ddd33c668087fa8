#!/usr/bin/env bash
# Issue 27, DANE from the command line: init --dane (and its refusals), csr --next-key, `dns`
# writing the TLSA records from the key files -- checked against openssl's hash of the same key --
# in BIND, Windows DNS and JSON, the calendar's rollover steps, and verify's DANE flags.
source "$(dirname "$0")/lib.sh"

expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --dane
contains "$ERR" "dane" "--dane without the smtp door is refused"
contains "$ERR" "doors.smtp" "... naming what is missing"
expect_exit 2 -- "$ADPLAN" init --scenario 1 --yes -o bad.json --doors smtp --dane 1 1 1
contains "$ERR" "dane.tlsa[0]" "a PKIX usage is refused, naming the field"
contains "$ERR" "RFC 7672" "... and why"

expect_exit 0 -- "$ADPLAN" init --scenario 1 --yes -o adplan.json --doors smtp --mx mail.contoso.com \
  --dane 3 1 1,2 1 1 --dane-rollover next-key && pass "init --dane 3 1 1,2 1 1 (the words the shell split)"
json_check adplan.json 'd["dane"] == {"tlsa": ["3 1 1", "2 1 1"], "rollover": "next-key"}' "dane in adplan.json"
expect_exit 0 -- "$ADPLAN" plan --json
contains "$OUT" '"_25._tcp.mail.contoso.com"' "plan --json names the TLSA owner"
contains "$OUT" 'dane.ta-chain' "2 1 1: the intermediates warning"
contains "$OUT" 'dane.dnssec-required' "the signed-zone note"

expect_exit 0 -- "$ADPLAN" dns
contains "$ERR" "not made" "no key yet: dns says so on stderr"
[[ $OUT != *TLSA* ]] && pass "no key, no TLSA record" || fail "a TLSA record without a key"

"$ADPLAN" csr >/dev/null || fail "csr"
key=$(openssl pkey -in pki/mail.contoso.com.key -pubout -outform DER | sha256sum | cut -d' ' -f1)
expect_exit 0 -- "$ADPLAN" dns
contains "$OUT" "_25._tcp.mail.contoso.com. 3600 IN TLSA 3 1 1 $key" "dns: 3 1 1 equals openssl pkey -pubout -outform DER | sha256sum"
contains "$ERR" "next key" "next-key rollover without a next key: said"

expect_exit 0 -- "$ADPLAN" csr --next-key
[[ -f pki/mail.contoso.com.next.key && -f pki/mail.contoso.com.next.csr ]] && pass "csr --next-key writes .next.key and .next.csr" ||
  fail "csr --next-key files"
next=$(openssl pkey -in pki/mail.contoso.com.next.key -pubout -outform DER | sha256sum | cut -d' ' -f1)
[[ $next != "$key" ]] && pass "the next key is another key" || fail "the next key is the current one"
expect_exit 2 -- "$ADPLAN" csr --next-key
contains "$ERR" "--force" "csr --next-key never overwrites without --force"

expect_exit 0 -- "$ADPLAN" dns
contains "$OUT" "IN TLSA 3 1 1 $key" "dns: the current key's record"
contains "$OUT" "IN TLSA 3 1 1 $next" "dns: and the next key's"
expect_exit 0 -- "$ADPLAN" dns --format windows
contains "$OUT" "Add-DnsServerResourceRecord -TLSA -ZoneName 'contoso.com' -Name '_25._tcp.mail' -CertificateUsage 'DomainIssuedCertificate' -Selector 'SubjectPublicKeyInfo' -MatchingType 'Sha256Hash' -CertificateAssociationData '$key'" \
  "dns --format windows: Add-DnsServerResourceRecord -TLSA"
"$ADPLAN" dns --format json >dns.json || fail "dns --format json"
json_check dns.json "sum(r['type'] == 'TLSA' for z in d['zones'] for r in z['records']) == 2" "dns --format json: both TLSA records"
expect_exit 0 -- "$ADPLAN" dns --full-zone
contains "$OUT" "IN TLSA 3 1 1 $key" "dns --full-zone carries them"
expect_exit 0 -- "$ADPLAN" dns --view internal
[[ $OUT != *TLSA* ]] && pass "the internal view has no TLSA (senders see the external one)" || fail "TLSA in the internal view"

# A key encrypted with a passphrase: the request beside it gives the same public key.
mkdir enc && printf 'secret\n' >enc/pass
"$ADPLAN" csr --out enc --passphrase-file enc/pass >/dev/null || fail "csr --passphrase-file"
enc=$(openssl req -in enc/mail.contoso.com.csr -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1)
expect_exit 0 -- "$ADPLAN" dns --pki enc
contains "$OUT" "IN TLSA 3 1 1 $enc" "an encrypted key: the record comes from its .csr"

expect_exit 0 -- "$ADPLAN" acme --calendar
contains "$OUT" "publish the next key's TLSA record at _25._tcp.mail.contoso.com" "calendar: publish before each renewal"
contains "$OUT" "remove the old key's TLSA record" "calendar: remove after it"

expect_exit 2 -- "$ADPLAN" verify --dnssec-trust-anchor no-such-file --email a@contoso.com
contains "$ERR" "--dnssec-trust-anchor" "verify: an unreadable trust anchor is named"
printf 'contoso.com. IN A 192.0.2.1\n' >anchor.txt
expect_exit 2 -- "$ADPLAN" verify --dnssec-trust-anchor anchor.txt --email a@contoso.com
contains "$ERR" "no DS or DNSKEY" "verify: a trust anchor without DS or DNSKEY is refused"
finish
