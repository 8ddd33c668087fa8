#!/usr/bin/env bash
# adplan ca init / ca sign, black-box: OpenSSL's command line judges the CA and every
# certificate it issues; requests made by openssl (one committed fixture) are signed by us.
source "$(dirname "$0")/lib.sh" "$@"

sha() { sha256sum "$@" | sort; }
x509_text() { openssl x509 -in "$1" -noout -text; }
cert_sans() { openssl x509 -in "$1" -noout -ext subjectAltName | tail -n +2 | tr -d ' ' | tr ',' '\n' | sed 's/^DNS://' | sort | tr '\n' ' '; }
plan_sans() { "$ADPLAN" plan --plan "$1" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(' '.join(sorted(d['certificates'][$2]['sans'])), end=' ')"; }
epoch() { date -u -d "$(openssl x509 -in "$1" -noout "-$2" | cut -d= -f2)" +%s; }

# --- ca init: root key 0600, self-signed CA certificate
expect_exit 0 -- "$ADPLAN" ca init --key ec:p256 && pass "ca init"
[[ $(stat -c %a ca/ca.key) == 600 ]] && pass "ca.key mode 0600" || fail "ca.key mode $(stat -c %a ca/ca.key)"
contains "$OUT" "Trusted Root Certification Authorities" "prints how to distribute the root (Group Policy)"
contains "$OUT" "certutil" "prints the manual install"
t=$(x509_text ca/ca.crt)
contains "$t" "CA:TRUE" "root is CA:TRUE"
grep -A1 'Basic Constraints: critical' <<<"$t" | grep -q 'CA:TRUE' && pass "basicConstraints critical" || fail "bc not critical"
grep -A1 'Key Usage: critical' <<<"$t" | grep -q 'Certificate Sign, CRL Sign' && pass "keyCertSign, cRLSign" || fail "root key usage"
openssl verify -CAfile ca/ca.crt ca/ca.crt >/dev/null 2>&1 && pass "root verifies itself" || fail "root self-verify"
days=$(( ($(epoch ca/ca.crt enddate) - $(epoch ca/ca.crt startdate) + 1) / 86400 ))
[[ $days -ge 3650 && $days -le 3653 ]] && pass "root valid ~10 years ($days days)" || fail "root validity $days"
serial=$(openssl x509 -in ca/ca.crt -noout -serial | cut -d= -f2)
[[ ${#serial} -ge 16 && ${#serial} -le 32 ]] && pass "random serial ($serial)" || fail "serial $serial"
before=$(sha ca/*)
expect_exit 2 -- "$ADPLAN" ca init --key ec:p256 && pass "ca init refuses to replace the CA"
[[ "$(sha ca/*)" == "$before" ]] && pass "CA files byte-identical" || fail "CA files changed"
expect_exit 2 -- "$ADPLAN" ca init --key rsa:1024 --dir ca2 && pass "rsa:1024 CA refused"
[[ ! -e ca2 ]] && pass "nothing written for rsa:1024 CA" || fail "ca2 exists"

# --- csr then ca sign --all for a plan with internal names (internal CA allows them)
"$ADPLAN" init --scenario 1 --yes >/dev/null 2>&1
python3 - <<'PY'
import json
d = json.load(open("adplan.json"))
d["internal_domain"] = "contoso.local"
d["servers"][0]["fqdn"] = "cas01.contoso.local"
d["ca"] = "internal"
json.dump(d, open("adplan.json", "w"), indent=2)
PY
expect_exit 0 -- "$ADPLAN" csr && pass "csr for the internal CA"
expect_exit 0 -- "$ADPLAN" ca sign --all && pass "ca sign --all"
crt=pki/mail.contoso.com.crt
[[ -f $crt ]] && pass "certificate beside its request" || fail "no $crt"
openssl verify -CAfile ca/ca.crt -purpose sslserver "$crt" >/dev/null 2>&1 && pass "OpenSSL verifies the chain for sslserver" || fail "openssl verify: $(openssl verify -CAfile ca/ca.crt -purpose sslserver "$crt" 2>&1)"
t=$(x509_text "$crt")
contains "$t" "CA:FALSE" "issued certificate is CA:FALSE"
[[ $t != *"CA:TRUE"* ]] && pass "no CA:TRUE" || fail "CA:TRUE in leaf"
contains "$t" "TLS Web Server Authentication" "EKU serverAuth"
contains "$t" "Digital Signature, Key Encipherment" "RSA key usage"
contains "$t" "X509v3 Subject Key Identifier" "SKI"
contains "$t" "X509v3 Authority Key Identifier" "AKI"
[[ "$(cert_sans "$crt")" == "$(plan_sans adplan.json 0)" ]] && pass "SAN is the plan's ($(cert_sans "$crt"))" || fail "SAN '$(cert_sans "$crt")'"
days=$(( ($(epoch "$crt" enddate) - $(epoch "$crt" startdate) + 1) / 86400 ))
today=$(date -u +%Y%m%d)
want=398; [[ $today -ge 20260315 ]] && want=200; [[ $today -ge 20270315 ]] && want=100; [[ $today -ge 20290315 ]] && want=47
[[ $days -eq $want ]] && pass "default validity is today's public maximum ($days days)" || fail "validity $days, want $want"
[[ "$(openssl x509 -in "$crt" -noout -pubkey)" == "$(openssl pkey -in pki/mail.contoso.com.key -pubout)" ]] && pass "certificate carries the request's key" || fail "key"

# --- never overwrites an issued certificate
before=$(sha pki/*)
expect_exit 2 -- "$ADPLAN" ca sign --all && pass "second ca sign refused"
[[ "$(sha pki/*)" == "$before" ]] && pass "pki files byte-identical" || fail "pki changed"
expect_exit 0 -- "$ADPLAN" ca sign --all --force && pass "--force re-issues"

# --- cert check agrees with OpenSSL
expect_exit 0 -- "$ADPLAN" cert check "$crt" --ca-file ca/ca.crt && pass "cert check: our certificate is fine"
contains "$OUT" "internal-name" "cert check warns about internal names on an internal-CA plan"

# --- an openssl-made request that asks for CA:TRUE (committed fixture) is issued CA:FALSE
"$ADPLAN" init --scenario 2 --yes -o s2.json >/dev/null 2>&1
sed -i 's/"ca": "public"/"ca": "internal"/' s2.json
cp "$SRC/tests/fixtures/pki/openssl-ca-true.csr" ca-true.csr
openssl req -in ca-true.csr -noout -text | grep -q 'CA:TRUE' || fail "fixture lost its CA:TRUE"
expect_exit 0 -- "$ADPLAN" ca sign ca-true.csr --plan s2.json && pass "signs the openssl fixture"
t=$(x509_text ca-true.crt)
contains "$t" "CA:FALSE" "fixture: issued CA:FALSE"
[[ $t != *"CA:TRUE"* && $t != *"Certificate Sign"* ]] && pass "fixture: no copied CA:TRUE or keyCertSign" || fail "copied extensions"
contains "$t" "Key Usage: critical" "fixture: our key usage"
grep -A1 'Key Usage: critical' <<<"$t" | grep -q '^ *Digital Signature$' && pass "ECDSA leaf: digitalSignature only" || fail "ec key usage"
openssl verify -CAfile ca/ca.crt -purpose sslserver ca-true.crt >/dev/null 2>&1 && pass "fixture certificate verifies" || fail "fixture verify"
expect_exit 0 -- "$ADPLAN" ca sign ca-true.csr --plan s2.json -o other/out.crt && pass "-o places the certificate"
[[ -f other/out.crt ]] && pass "-o file exists" || fail "-o file"

# --- requests made at run time by openssl that break the plan: findings, exit 1, nothing written
openssl req -new -newkey rsa:2048 -nodes -keyout x.key -subj "/CN=mail.contoso.com" \
  -addext "subjectAltName=DNS:mail.contoso.com,DNS:evil.example.com" -out extra.csr 2>/dev/null
expect_exit 1 -- "$ADPLAN" ca sign extra.csr --plan s2.json && pass "extra SAN refused"
contains "$OUT" "csr.san-extra" "finding csr.san-extra"
contains "$OUT" "evil.example.com" "names the extra name"
[[ ! -e extra.crt ]] && pass "nothing issued for the extra SAN" || fail "extra.crt written"
openssl req -new -newkey rsa:1024 -nodes -keyout small.key -subj "/CN=mail.contoso.com" \
  -addext "subjectAltName=DNS:mail.contoso.com" -out small.csr 2>/dev/null
expect_exit 1 -- "$ADPLAN" ca sign small.csr --plan s2.json && pass "RSA 1024 request refused"
contains "$OUT" "csr.key-too-small" "finding csr.key-too-small"
[[ ! -e small.crt ]] && pass "nothing issued for RSA 1024" || fail "small.crt written"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout y.key -subj "/CN=www.fabrikam.com" \
  -addext "subjectAltName=DNS:www.fabrikam.com" -out fab.csr 2>/dev/null
expect_exit 1 -- "$ADPLAN" ca sign fab.csr --plan s2.json --json && pass "unplanned request refused"
echo "$OUT" > fab.json
json_check fab.json "d['files'] == [] and [f['id'] for f in d['findings']] == ['csr.not-planned']" "--json: csr.not-planned"
expect_exit 1 -- "$ADPLAN" ca sign ca-true.csr --plan s2.json -o long.crt --days 900 && pass "900 days refused"
contains "$OUT" "ca.validity" "finding ca.validity"
expect_exit 0 -- "$ADPLAN" ca sign ca-true.csr --plan s2.json -o warn.crt --days 300 && pass "300 days: issued with a warning"
contains "$OUT" "ca.validity" "warning ca.validity"

# --- usage
expect_exit 2 -- "$ADPLAN" ca sign --plan s2.json && pass "no CSR and no --all"
expect_exit 2 -- "$ADPLAN" ca sign ca-true.csr --all --plan s2.json && pass "CSR and --all"
expect_exit 2 -- "$ADPLAN" ca sign ca-true.csr --plan s2.json --dir nowhere -o x.crt && pass "missing CA"
contains "$ERR" "adplan ca init" "suggests ca init"
expect_exit 2 -- "$ADPLAN" ca sign --all --pki empty-dir --force && pass "--all with missing requests"
contains "$ERR" "adplan csr" "suggests adplan csr"
expect_exit 2 -- "$ADPLAN" ca && pass "ca without a subcommand"

finish
