#!/usr/bin/env bash
# adplan cert check, black-box: every finding triggered by a certificate the openssl command
# line built with exactly that flaw (dates relative to now, since the binary uses the clock).
source "$(dirname "$0")/lib.sh" "$@"

"$ADPLAN" init --scenario 1 --yes >/dev/null 2>&1 || fail "init"   # mail, autodiscover, cas01 on one certificate
NAMES="DNS:mail.contoso.com,DNS:autodiscover.contoso.com,DNS:cas01.contoso.com"

# A lab CA made by openssl, and another one nobody trusts.
for r in root other; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $r.key -out $r.crt -days 3650 \
    -subj "/CN=Lab $r" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
done
mkdir -p newcerts && : > index.txt && echo 1000 > serial
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = lab
[ lab ]
database = index.txt
new_certs_dir = newcerts
serial = serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
CNF
when() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

# issue NAME [options]: key NAME.key, request, certificate NAME.crt signed by root (openssl ca).
#   --key SPEC (openssl -newkey), --cn, --san, --start, --end, --md, --bc, --eku, --ca root|other
issue() {
  local name=$1; shift
  local key="ec -pkeyopt ec_paramgen_curve:P-256" cn=mail.contoso.com san=$NAMES start="-1 day" end="+90 days" md=sha256
  local bc="CA:FALSE" eku=serverAuth ca=root
  while [[ $# -gt 0 ]]; do
    case $1 in
      --key) key=$2;; --cn) cn=$2;; --san) san=$2;; --start) start=$2;; --end) end=$2;; --md) md=$2;;
      --bc) bc=$2;; --eku) eku=$2;; --ca) ca=$2;;
    esac
    shift 2
  done
  mkdir -p "$name"
  # shellcheck disable=SC2086
  openssl req -new -newkey $key -nodes -keyout "$name/$cn.key" -subj "/CN=$cn" -out "$name/$cn.csr" 2>/dev/null
  printf 'basicConstraints=critical,%s\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\nsubjectAltName=%s\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' \
    "$bc" "$eku" "$san" > "$name/ext.cnf"
  openssl ca -batch -config ca.cnf -cert $ca.crt -keyfile $ca.key -in "$name/$cn.csr" -out "$name/$cn.crt" -notext \
    -startdate "$(when "$start")" -enddate "$(when "$end")" -md "$md" -extfile "$name/ext.cnf" >/dev/null 2>&1 \
    || fail "openssl ca could not issue $name"
}

# check NAME EXIT ID [ID...]: cert check --json on NAME's certificate; the ids must all be there.
check() {
  local name=$1 code=$2; shift 2
  local crt; crt=$(ls "$name"/*.crt | head -1)
  expect_exit "$code" -- "$ADPLAN" cert check "$crt" --ca-file root.crt --json "${EXTRA[@]}" || return
  echo "$OUT" > "$name/result.json"
  for id in "$@"; do
    json_check "$name/result.json" "'$id' in [f['id'] for f in d['findings']]" "$name: $id"
  done
}
EXTRA=()

issue good
check good 0
json_check good/result.json "d['findings'] == [] and d['planned'] == 'default' and d['key_file'].endswith('mail.contoso.com.key')" "good: no findings, key found beside it"
expect_exit 0 -- "$ADPLAN" cert check good/mail.contoso.com.crt --ca-file root.crt && pass "good: human output"
contains "$OUT" "ready to install" "good: says so"

issue expired --start "2020-01-01" --end "2020-06-01"
check expired 1 cert.expired
issue future --start "+2 days" --end "+60 days"
check future 1 cert.not-yet-valid
issue expiring --start "-60 days" --end "+10 days"
check expiring 0 cert.expiring
json_check expiring/result.json "[f['severity'] for f in d['findings']] == ['warning']" "expiring: a warning only (exit 0)"
issue long --start "-1 hour" --end "+400 days"
check long 1 cert.lifetime
issue sha1 --key rsa:2048 --md sha1
check sha1 1 cert.weak-signature
issue rsa1024 --key rsa:1024
check rsa1024 1 cert.key-too-small
issue k1 --key "ec -pkeyopt ec_paramgen_curve:secp256k1"
check k1 1 cert.curve
issue isca --bc "CA:TRUE"
check isca 1 cert.is-ca
issue client --eku clientAuth
check client 1 cert.no-server-auth
issue noad --san "DNS:mail.contoso.com,DNS:cas01.contoso.com,DNS:www.contoso.com"
check noad 1 cert.name-missing cert.name-extra
json_check noad/result.json "[f['subject'] for f in d['findings'] if f['id'] == 'cert.name-missing'] == ['autodiscover.contoso.com']" "noad: names the missing name"
issue fab --cn www.fabrikam.com --san DNS:www.fabrikam.com
check fab 1 cert.not-planned
issue untrusted --ca other
check untrusted 1 cert.chain
json_check untrusted/result.json "any('unable to get local issuer certificate' in f['message'] for f in d['findings'])" "untrusted: OpenSSL's reason"

# the key on disk does not belong to the certificate; then no key at all
issue mismatch
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out mismatch/other.key 2>/dev/null
EXTRA=(--key mismatch/other.key)
check mismatch 1 cert.key-mismatch
EXTRA=(--csr good/mail.contoso.com.csr)
check mismatch 1 cert.key-mismatch
EXTRA=()
rm mismatch/mail.contoso.com.key mismatch/mail.contoso.com.csr
check mismatch 0 cert.key-unchecked

# an intermediate: untrusted without --chain, fine with it
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout inter.key -subj "/CN=Lab Issuing" -out inter.csr 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > inter.cnf
openssl ca -batch -config ca.cnf -cert root.crt -keyfile root.key -in inter.csr -out inter.crt -notext -days 1000 -extfile inter.cnf >/dev/null 2>&1
mkdir -p viachain
openssl req -new -newkey rsa:2048 -nodes -keyout viachain/mail.contoso.com.key -subj "/CN=mail.contoso.com" -out viachain/mail.contoso.com.csr 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$NAMES" > viachain/ext.cnf
openssl ca -batch -config ca.cnf -cert inter.crt -keyfile inter.key -in viachain/mail.contoso.com.csr \
  -out viachain/mail.contoso.com.crt -notext -days 90 -extfile viachain/ext.cnf >/dev/null 2>&1 || fail "issue via intermediate"
check viachain 1 cert.chain
EXTRA=(--chain inter.crt)
check viachain 0
json_check viachain/result.json "d['findings'] == []" "viachain: clean with --chain"
EXTRA=()

# all findings at once
issue many --start "-300 days" --end "-1 day" --bc "CA:TRUE" --san "DNS:mail.contoso.com"
check many 1 cert.expired cert.is-ca cert.name-missing

# an encrypted key: opened with --passphrase-file, reported as unchecked without it
mkdir -p enc && printf 'pw for test\n' > enc/pass
"$ADPLAN" csr --out enc --passphrase-file enc/pass --key ec:p256 >/dev/null 2>&1 || fail "csr for enc"
printf 'basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$NAMES" > enc/ext.cnf
openssl ca -batch -config ca.cnf -cert root.crt -keyfile root.key -in enc/mail.contoso.com.csr -out enc/mail.contoso.com.crt \
  -notext -days 90 -extfile enc/ext.cnf >/dev/null 2>&1 || fail "issue enc"
rm enc/mail.contoso.com.csr
check enc 0 cert.key-unchecked
EXTRA=(--passphrase-file enc/pass)
check enc 0
json_check enc/result.json "d['findings'] == []" "enc: key compared after decryption"
EXTRA=()

# input errors: exit 2
echo "not a certificate" > junk.crt
expect_exit 2 -- "$ADPLAN" cert check junk.crt && pass "junk certificate is an input error"
contains "$ERR" "junk.crt" "names the file"
expect_exit 2 -- "$ADPLAN" cert check missing.crt && pass "missing file is an input error"
expect_exit 2 -- "$ADPLAN" cert check good/mail.contoso.com.crt --ca-file junk.crt && pass "junk --ca-file is an input error"
expect_exit 2 -- "$ADPLAN" cert && pass "cert without a subcommand"

finish
