#!/usr/bin/env bash
# Issue 10, item 2: the LDAP bind password must not follow a pointer SCP to a directory that
# fishes for it. A real slapd (the AD-lite lab of tests/slapd) holds a pointer SCP
# (Domain=fabrikam.com, LDAP://127.0.0.77); at 127.0.0.77 a capture server logs every bind
# (DN, whether a password came, its SHA-256 — never the password). Also: a simple bind over
# cleartext to a host that is not loopback is refused before any connection (exit 2) unless
# --allow-cleartext-bind; a directory that never answers is ldap.timeout.
HERE=$(cd "$(dirname "$0")" && pwd)
# A mount namespace too: /etc/hosts gets a lab name for 127.0.0.1 (a host that is not loopback by name).
source "$HERE/../netns.sh"
enter_netns -m "$0" "$@"
source "$HERE/lib.sh"
for tool in slapd slapadd ldapsearch openssl python3 mount; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
SLAPD_SCHEMA=$HOSTILE_SRC/tests/slapd/adlite.schema
source "$HOSTILE_SRC/tests/slapd/lab.sh"
trap 'stop_servers; slapd_stop_all; rm -rf "$WORK"' EXIT

ADMIN="cn=admin,DC=contoso,DC=com"
printf 'lab-secret\n' >pw && chmod 600 pw
SECRET_SHA=$(printf 'lab-secret' | sha256sum | cut -d' ' -f1)

# The lab CA and the directory's certificate (127.0.0.1), for LDAPS and StartTLS.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 2 \
  -subj "/CN=lab LDAP CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout dc1.key -out dc1.csr -subj "/CN=127.0.0.1" \
  2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:dc1.lab.test\nextendedKeyUsage=serverAuth\n' >dc1.ext
openssl x509 -req -in dc1.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile dc1.ext -out dc1.crt 2>/dev/null
chmod 644 dc1.key

cat >contoso.ldif <<'EOT'
dn: DC=contoso,DC=com
objectClass: domain
dc: contoso

dn: CN=Configuration,DC=contoso,DC=com
objectClass: container
cn: Configuration

dn: CN=EX1,CN=Configuration,DC=contoso,DC=com
objectClass: serviceConnectionPoint
cn: EX1
keywords: 77378F46-2C66-4aa9-A6A6-3E7A48B19596
serviceBindingInformation: https://mail.contoso.com/autodiscover/autodiscover.xml

dn: CN=fabrikam-pointer,CN=Configuration,DC=contoso,DC=com
objectClass: serviceConnectionPoint
cn: fabrikam-pointer
keywords: 67661d7F-8FC4-4fa7-BFAC-E1D7794C1F68
keywords: Domain=fabrikam.com
serviceBindingInformation: LDAP://127.0.0.77
EOT
SLAPD_EXTRA_CONF="TLSCACertificateFile $WORK/ca.crt
TLSCertificateFile $WORK/dc1.crt
TLSCertificateKeyFile $WORK/dc1.key" SLAPD_URLS="ldap://127.0.0.1:389/ ldaps://127.0.0.1:636/" \
  slapd_start "$WORK/dc1" "DC=contoso,DC=com" 389 contoso.ldif || { fail "slapd"; finish; }

# The credential fisher the pointer names, on the LDAP and the LDAPS port.
CAPTURE=$WORK/capture.log
python3 "$HOSTILE_SRC/tests/hostile/peers/ldap_capture.py" "$CAPTURE" 127.0.0.77 389 636 &
PIDS+=($!)
for _ in $(seq 1 300); do grep -q '^READY' "$CAPTURE" 2>/dev/null && break; sleep 0.05; done
grep -q '^READY' "$CAPTURE" || { fail "capture server did not start"; finish; }

# run_case NAME adplan-args...: a fresh capture log, adplan bounded, the JSON report kept in NAME.json.
run_case() {
  local name=$1; shift
  : >"$CAPTURE"
  bounded 20 200 -- "$@"
  printf '%s\n' "$OUT" >"$name.json"
  sleep 0.2  # the capture server's last line
  cp "$CAPTURE" "$name.capture"
  echo "  capture: $(tr '\n' '|' <"$name.capture")"
}
no_credentials() {  # NAME: the capture server saw neither the admin DN nor the password
  if grep -qi "cn=admin" "$1.capture" || grep -q "password=present" "$1.capture" || grep -q "$SECRET_SHA" "$1.capture"
  then fail "$1: the pointed-to directory received credentials: $(cat "$1.capture")"
  else pass "$1: no bind DN or password reached 127.0.0.77"; fi
}
BIND=(--bind-dn "$ADMIN" --ldap-password-file pw --email u@fabrikam.com --json)

# 1. Cleartext ldap:// to loopback (allowed without the flag): the pointer is followed
#    anonymously and reported.
run_case clear scp --ldap ldap://127.0.0.1:389/ "${BIND[@]}"
no_credentials clear
grep -q '^BIND dn= password=absent' clear.capture && pass "clear: the pointer was followed anonymously" ||
  fail "clear: no anonymous bind at 127.0.0.77"
json_check clear.json "any(f['id'] == 'scp.pointer-untrusted' and f['subject'] == '127.0.0.77' and 'only over TLS' in f['message'] for f in d['findings'])" \
  "clear: scp.pointer-untrusted names the host and why"
json_check clear.json "d['directories'][0]['configuration_nc'].lower() == 'cn=configuration,dc=contoso,dc=com'" \
  "clear: the first directory was read with the bind"

# 2. --ldap-trust does not make cleartext acceptable.
run_case clear-trusted scp --ldap ldap://127.0.0.1:389/ --ldap-trust 127.0.0.77 "${BIND[@]}"
no_credentials clear-trusted

# 3. StartTLS on the first directory: required of the pointer too; the fisher refuses it, so
#    nothing is sent and the failure is reported (no downgrade), trusted or not.
for trust in "" 127.0.0.77; do
  name=starttls${trust:+-trusted}
  run_case "$name" scp --ldap ldap://127.0.0.1:389/ --starttls --ca-file ca.crt ${trust:+--ldap-trust $trust} "${BIND[@]}"
  no_credentials "$name"
  grep -q '^STARTTLS refused' "$name.capture" && ! grep -q '^BIND' "$name.capture" &&
    pass "$name: StartTLS asked of the pointer, no bind after its refusal" || fail "$name: $(cat "$name.capture")"
  json_check "$name.json" "any(f['id'] == 'scp.lookup-failed' and 'not downgraded' in f['message'] for f in d['findings'])" \
    "$name: the pointer that lacks StartTLS is reported"
done
json_check starttls.json "any(f['id'] == 'scp.pointer-untrusted' and 'not listed with --ldap-trust' in f['message'] for f in d['findings'])" \
  "starttls: an IP outside --ldap-trust is untrusted"
json_check starttls-trusted.json "not any(f['id'] == 'scp.pointer-untrusted' for f in d['findings'])" \
  "starttls-trusted: --ldap-trust 127.0.0.77 would have allowed the bind over TLS"

# 4. LDAPS on the first directory: the pointer is asked over LDAPS (port 636); the fisher speaks
#    no TLS, so it sees a ClientHello and nothing else.
run_case ldaps scp --ldap ldaps://127.0.0.1:636/ --ca-file ca.crt "${BIND[@]}"
no_credentials ldaps
grep -q '^NON-LDAP port=636 first-byte=0x16' ldaps.capture && ! grep -q 'port=389' ldaps.capture &&
  pass "ldaps: the pointer was asked over LDAPS only" || fail "ldaps: $(cat ldaps.capture)"

# 5. A simple bind over cleartext to a host that is not loopback: refused before any connection.
echo "127.0.0.1 dc1.lab.test" >hosts && mount --bind "$WORK/hosts" /etc/hosts || { fail "mount /etc/hosts"; finish; }
for cmd in "scp --ldap ldap://dc1.lab.test:389/" "verify contoso.com --ldap ldap://dc1.lab.test:389/" \
  "scp --ldap ldap://dc1.contoso.com/"; do
  # shellcheck disable=SC2086
  bounded 5 200 -- $cmd --bind-dn "$ADMIN" --ldap-password-file pw
  [[ $RC -eq 2 ]] && pass "$cmd --bind-dn: exit 2" || fail "$cmd --bind-dn: exit $RC, want 2: $ERR"
  contains "$ERR" "--allow-cleartext-bind" "$cmd: the error names the flag"
  contains "$ERR" "use ldaps://" "$cmd: the error names the fix"
done
bounded 20 200 -- scp --ldap ldap://dc1.lab.test:389/ --allow-cleartext-bind "${BIND[@]/u@fabrikam.com/u@contoso.com}"
((RC == 0)) && pass "with --allow-cleartext-bind the bind goes ahead" || fail "allowed cleartext bind: exit $RC: $ERR"
contains "$ERR" "adplan: warning: --allow-cleartext-bind: the bind DN and password go unencrypted to dc1.lab.test" \
  "the cleartext bind is warned about on stderr"
printf '%s\n' "$OUT" >allowed.json
json_check allowed.json "any(f['id'] == 'scp.cleartext-bind' for f in d['findings'])" "and recorded in the report"

# 6. A directory that accepts and never answers: ldap.timeout, within the bound.
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.78', 389)); s.listen(8)
print('READY', flush=True)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
" >tarpit.ready &
PIDS+=($!)
for _ in $(seq 1 300); do grep -q '^READY' tarpit.ready && break; sleep 0.05; done
bounded 6 200 -- scp --ldap ldap://127.0.0.78/ --timeout 1 --json
printf '%s\n' "$OUT" >tarpit.json
json_check tarpit.json "any(f['id'] == 'ldap.timeout' and f['subject'] == 'ldap://127.0.0.78/' for f in d['findings'])" \
  "a silent directory is ldap.timeout"
finish
