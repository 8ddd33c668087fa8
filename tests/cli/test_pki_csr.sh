#!/usr/bin/env bash
# adplan csr, black-box: files, modes, no clobbering, refusals, passphrase, --exchange, --json.
# OpenSSL's command line reads everything adplan (Botan) wrote.
source "$(dirname "$0")/lib.sh" "$@"

sha() { sha256sum "$@" | sort; }
mode() { stat -c %a "$1"; }
# The DNS names of a request's SAN, sorted, one line.
req_sans() { openssl req -in "$1" -noout -text | grep -A1 'Subject Alternative Name' | tail -1 | tr -d ' ' | tr ',' '\n' | sed 's/^DNS://' | sort | tr '\n' ' '; }
plan_sans() { "$ADPLAN" plan --plan "$1" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(' '.join(sorted(d['certificates'][$2]['sans'])), end=' ')"; }

"$ADPLAN" init --scenario 1 --yes >/dev/null 2>&1 || fail "init"

# --- writes a key and a request per certificate, named after the common name
expect_exit 0 -- "$ADPLAN" csr && pass "csr exits 0"
[[ -f pki/mail.contoso.com.key && -f pki/mail.contoso.com.csr ]] && pass "files named after the CN" || fail "files: $(ls pki)"
[[ $(mode pki/mail.contoso.com.key) == 600 ]] && pass "key mode 0600" || fail "key mode $(mode pki/mail.contoso.com.key)"
[[ $(mode pki/mail.contoso.com.csr) == 644 ]] && pass "csr mode 0644" || fail "csr mode"
head -1 pki/mail.contoso.com.key | grep -q -- '-----BEGIN PRIVATE KEY-----' && pass "PKCS#8 PEM" || fail "key format"
openssl req -in pki/mail.contoso.com.csr -noout -verify 2>&1 | grep -q 'verify OK' && pass "OpenSSL verifies the request" || fail "openssl req -verify"
[[ "$(req_sans pki/mail.contoso.com.csr)" == "$(plan_sans adplan.json 0)" ]] && pass "SAN is exactly the plan's ($(req_sans pki/mail.contoso.com.csr))" \
  || fail "SAN '$(req_sans pki/mail.contoso.com.csr)' != plan '$(plan_sans adplan.json 0)'"
openssl req -in pki/mail.contoso.com.csr -noout -subject | grep -q 'CN *= *mail.contoso.com' && pass "subject CN" || fail "subject"
openssl req -in pki/mail.contoso.com.csr -noout -text | grep -q 'sha256WithRSAEncryption' && pass "RSA with SHA-256" || fail "signature alg"
openssl pkey -in pki/mail.contoso.com.key -noout -text | head -1 | grep -q '2048 bit' && pass "RSA 2048 by default" || fail "key size"
# the key OpenSSL reads is the request's key
[[ "$(openssl pkey -in pki/mail.contoso.com.key -pubout)" == "$(openssl req -in pki/mail.contoso.com.csr -noout -pubkey)" ]] && pass "key matches request" || fail "key/request mismatch"

# --- never overwrites: exit 2, every file byte-identical
before=$(sha pki/*)
expect_exit 2 -- "$ADPLAN" csr && pass "second run refused"
contains "$ERR" "pki/mail.contoso.com.key: already exists" "message names the file"
contains "$ERR" "--force" "message says how to replace"
[[ "$(sha pki/*)" == "$before" ]] && pass "files byte-identical after refusal" || fail "files changed"
# one file missing: still nothing written (all or nothing)
rm pki/mail.contoso.com.csr
expect_exit 2 -- "$ADPLAN" csr && pass "refused with one file left"
[[ ! -e pki/mail.contoso.com.csr ]] && pass "no request written beside the kept key" || fail "csr was written"
[[ -z "$(ls -A pki | grep -v '\.key$\|\.csr$')" ]] && pass "no temporary files" || fail "leftovers: $(ls -A pki)"
expect_exit 0 -- "$ADPLAN" csr --force && pass "--force replaces"
[[ "$(sha pki/mail.contoso.com.key)" != "$(echo "$before" | grep mail.contoso.com.key)" ]] && pass "new key" || fail "key not replaced"
[[ $(mode pki/mail.contoso.com.key) == 600 ]] && pass "replaced key still 0600" || fail "mode after --force"

# --- RSA below 2048 refused in every mode, nothing written
for ca in public internal; do
  sed "s/\"ca\": \"[a-z]*\"/\"ca\": \"$ca\"/" adplan.json > plan-$ca.json
  expect_exit 2 -- "$ADPLAN" csr --plan plan-$ca.json --key rsa:1024 --out small-$ca && pass "rsa:1024 refused ($ca CA)"
  contains "$ERR" "at least 2048 bits" "rsa:1024 reason ($ca)"
  contains "$ERR" "Baseline Requirements 6.1.5" "rsa:1024 rule ($ca)"
  [[ ! -e small-$ca ]] && pass "nothing written ($ca)" || fail "small-$ca exists"
done

# --- ECDSA: curve hash, Exchange warning
expect_exit 0 -- "$ADPLAN" csr --key ec:p384 --out p384 && pass "ec:p384"
openssl req -in p384/mail.contoso.com.csr -noout -text | grep -q 'ecdsa-with-SHA384' && pass "P-384 signs with SHA-384" || fail "p384 hash"
openssl req -in p384/mail.contoso.com.csr -noout -text | grep -q 'NIST CURVE: P-384' && pass "P-384 key" || fail "p384 curve"
contains "$OUT" "csr.ecc-exchange" "ECDSA on an Exchange plan warns"
contains "$OUT" "2024 hotfix updates" "says which Exchange updates support ECC"
expect_exit 0 -- "$ADPLAN" csr --key ec:p256 --out p256 && pass "ec:p256"
openssl req -in p256/mail.contoso.com.csr -noout -verify -text 2>&1 | grep -q 'ecdsa-with-SHA256' && pass "P-256 with SHA-256" || fail "p256"

# --- passphrase: PKCS#8 PBES2 with AES-256, OpenSSL opens it with the passphrase only
printf 'correct horse battery\n' > pass.txt
printf 'wrong\n' > wrong.txt
expect_exit 0 -- "$ADPLAN" csr --passphrase-file pass.txt --out enc && pass "csr --passphrase-file"
head -1 enc/mail.contoso.com.key | grep -q 'ENCRYPTED PRIVATE KEY' && pass "encrypted PEM" || fail "not encrypted"
openssl asn1parse -in enc/mail.contoso.com.key > asn1.txt
grep -q 'PBES2' asn1.txt && grep -q 'aes-256-cbc' asn1.txt && grep -q 'PBKDF2' asn1.txt && pass "PBES2, PBKDF2, AES-256-CBC" || fail "scheme: $(cat asn1.txt)"
openssl pkey -in enc/mail.contoso.com.key -passin file:pass.txt -noout 2>/dev/null && pass "OpenSSL opens it with the passphrase" || fail "cannot open"
openssl pkey -in enc/mail.contoso.com.key -passin file:wrong.txt -noout 2>/dev/null && fail "opened with a wrong passphrase" || pass "wrong passphrase refused"
[[ "$(openssl pkey -in enc/mail.contoso.com.key -passin file:pass.txt -pubout)" == "$(openssl req -in enc/mail.contoso.com.csr -noout -pubkey)" ]] && pass "encrypted key matches request" || fail "enc mismatch"
: > empty.txt
expect_exit 2 -- "$ADPLAN" csr --passphrase-file empty.txt --out empty && pass "empty passphrase refused"

# --- internal names: refused for a public CA (nothing written), warnings for the internal CA
python3 - <<'PY'
import json
d = json.load(open("adplan.json"))
d["internal_domain"] = "contoso.local"
d["servers"][0]["fqdn"] = "cas01.contoso.local"
json.dump(d, open("internal-public.json", "w"), indent=2)
d["ca"] = "internal"
json.dump(d, open("internal-internal.json", "w"), indent=2)
PY
expect_exit 1 -- "$ADPLAN" csr --plan internal-public.json --out ipub && pass "internal names refused for a public CA"
contains "$OUT" "csr.internal-name" "finding id"
contains "$OUT" "cas01.contoso.local" "names the internal name"
contains "$OUT" "7.1.2.7.12" "names the rule"
contains "$ERR" "nothing was written" "says nothing was written"
[[ ! -e ipub ]] && pass "nothing written for the refused plan" || fail "ipub exists"
expect_exit 0 -- "$ADPLAN" csr --plan internal-internal.json --out iint && pass "internal CA: written"
contains "$OUT" "warning" "internal CA: internal names are warnings"
contains "$(req_sans iint/mail.contoso.com.csr)" "cas01.contoso.local" "internal name in the internal CA's request"

# --- subject flags
expect_exit 0 -- "$ADPLAN" csr --out subj --org "Contoso, Ltd" --country US --state WA --locality Redmond --unit IT && pass "subject flags"
openssl req -in subj/mail.contoso.com.csr -noout -subject -nameopt RFC2253 | grep -q 'CN=mail.contoso.com,OU=IT,O=Contoso\\, Ltd,L=Redmond,ST=WA,C=US' \
  && pass "subject C/ST/L/O/OU/CN" || fail "subject: $(openssl req -in subj/mail.contoso.com.csr -noout -subject -nameopt RFC2253)"
expect_exit 2 -- "$ADPLAN" csr --out subj2 --country USA && pass "bad country refused"

# --- --exchange: the New-ExchangeCertificate line, by version; writes nothing
expect_exit 0 -- "$ADPLAN" csr --exchange --out exch && pass "--exchange (SE, the default)"
contains "$OUT" "New-ExchangeCertificate -GenerateRequest -SubjectName 'CN=mail.contoso.com' -DomainName 'mail.contoso.com','autodiscover.contoso.com','cas01.contoso.com' -KeySize 2048 -PrivateKeyExportable \$true -FriendlyName 'mail.contoso.com' -Server 'CAS01' -RequestFile" "SE uses -RequestFile"
contains "$OUT" "Import-ExchangeCertificate" "and the import line"
[[ ! -e exch ]] && pass "--exchange writes no files" || fail "--exchange wrote files"
sed 's/"exchange": "SE"/"exchange": "2010"/' adplan.json > ex2010.json
expect_exit 0 -- "$ADPLAN" csr --exchange --plan ex2010.json && pass "--exchange (2010)"
contains "$OUT" "\$request = New-ExchangeCertificate -GenerateRequest" "2010 keeps the request in a variable"
contains "$OUT" "Set-Content -Path 'C:\\pki\\mail.contoso.com.req' -Value \$request" "2010 writes it with Set-Content"
expect_exit 2 -- "$ADPLAN" csr --exchange --key ec:p256 && pass "--exchange refuses ECDSA"
contains "$ERR" "RSA" "says New-ExchangeCertificate makes RSA keys"

# --- --json
"$ADPLAN" csr --json --out js > js.json 2>/dev/null
json_check js.json "len(d['files']) == 2 and d['files'][0].endswith('mail.contoso.com.key') and d['findings'] == []" "--json lists the files"
"$ADPLAN" csr --json --plan internal-public.json --out js2 > js2.json 2>/dev/null
json_check js2.json "d['files'] == [] and any(f['id'] == 'csr.internal-name' and f['severity'] == 'error' for f in d['findings'])" "--json findings"

# --- usage errors exit 2
expect_exit 2 -- "$ADPLAN" csr --no-such-flag && pass "unknown flag is a usage error"
expect_exit 2 -- "$ADPLAN" csr --plan missing.json --out none && pass "missing plan is an input error"

# --- an interrupted run leaves no partial file behind: stop it at several points
"$ADPLAN" init --scenario 3 --yes -o two.json >/dev/null 2>&1
for delay in 0.05 0.2 0.5 1 2; do
  timeout -s INT "$delay" "$ADPLAN" csr --plan two.json --key rsa:4096 --out "intr-$delay" >/dev/null 2>&1
  d="intr-$delay"
  if [[ -d $d ]]; then
    [[ -z "$(ls -A "$d" | grep -v '\.key$\|\.csr$')" ]] && pass "interrupted at ${delay}s: no temporary file" || fail "leftovers in $d: $(ls -A "$d")"
    n=$(ls "$d" | wc -l)
    [[ $n -eq 0 || $n -eq 4 ]] && pass "interrupted at ${delay}s: all or nothing ($n files)" || fail "partial set in $d: $(ls "$d")"
    for k in "$d"/*.key; do
      [[ -e $k ]] || continue
      openssl pkey -in "$k" -noout 2>/dev/null && openssl req -in "${k%.key}.csr" -noout -verify >/dev/null 2>&1 \
        || fail "incomplete file in $d"
    done
  else
    pass "interrupted at ${delay}s: nothing written"
  fi
done

finish
