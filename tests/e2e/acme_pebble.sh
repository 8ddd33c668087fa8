# End-to-end ACME issuance and renewal against a real ACME CA and a real client: pebble (Let's
# Encrypt's test CA) beside the lab's BIND and nginx (tools/lab/lab.sh) in a private network
# namespace; lego issues the plan's certificates from the CSRs `adplan csr` wrote, with the
# challenge `adplan acme` chose: HTTP-01 through nginx with the snippet `adplan render` wrote
# (acme/nginx-http01.conf), or DNS-01 through the CNAME delegation (acme/dns-01.zone) into a
# validation zone on the lab's BIND that lego updates (RFC 2136). pebble issues for today's
# public maximum (SC-081: 200 days). Then `adplan cert check` accepts each certificate against
# pebble's root, nginx is reloaded with it and `adplan verify` passes; a renewal replaces every
# certificate while nginx keeps answering, and verify passes again.
# Usage: acme_pebble.sh ADPLAN SOURCE_DIR CASE   (CASE: scenario-N-http01 | scenario-N-dns01)
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
n=${CASE#scenario-}
n=${n%%-*}
want=${CASE##*-}  # http01 | dns01: the challenge adplan acme must choose for every order
[[ $n =~ ^[1-4]$ && ($want == http01 || $want == dns01) ]] || { echo "unknown case $CASE"; exit 2; }

for tool in pebble lego nginx named named-checkzone openssl curl ip python3; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done
source "$SRC/tests/netns.sh"
require_netns

WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-pebble.XXXXXX")
trap '[[ -n ${ADPLAN_KEEP_WORK:-} ]] || rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
lab=$WORK/lab
mkdir -p "$lab" "$lab/webroot"
DIRECTORY=https://127.0.0.1:14000/dir

args=(--scenario "$n" --yes --ca public --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2)
if ((n >= 3)); then args+=(--secondary-public-ip 127.0.0.3 --secondary-ip 127.0.0.3); fi
"$ADPLAN" init "${args[@]}" -o "$lab/adplan.json" >/dev/null 2>&1 || { echo "FAIL: adplan init"; exit 1; }
# The lab's own bootstrap certificates (its CA) so nginx starts; ACME replaces them.
bash "$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" 2>/dev/null || { echo "FAIL: lab prepare"; exit 1; }
acme_flags=(--acme-directory "$DIRECTORY")
(cd "$lab" && "$ADPLAN" render --out out --force --email test@contoso.com "${acme_flags[@]}" \
  --acme-webroot "$lab/webroot" >/dev/null) || { echo "FAIL: adplan render"; exit 1; }
(cd "$lab" && "$ADPLAN" acme --json "${acme_flags[@]}" --webroot "$lab/webroot" >"$WORK/acme.json") ||
  { echo "FAIL: adplan acme"; exit 1; }
python3 - "$WORK/acme.json" "${want/01/-01}" <<'PY' || exit 1
import json, sys
d, want = json.load(open(sys.argv[1])), sys.argv[2]
got = [o["challenge"] for o in d["orders"]]
if not got or any(g != want for g in got):
    print(f"FAIL: adplan acme chose {got}, the case expects {want} for every order"); sys.exit(1)
print(f"ok: adplan acme chose {want} for {len(got)} order(s)")
PY

# DNS-01: the CNAME delegation goes into the public zone once; the validation zone lives on the
# lab's BIND, updatable by lego (RFC 2136) from the namespace only.
zones=$lab/out/dns/zones/external
vzone=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["validation_zone"])' "$WORK/acme.json")
if [[ $want == dns01 ]]; then
  grep -E '^_acme-challenge\..* IN CNAME ' "$lab/out/acme/dns-01.zone" >>"$zones/contoso.com.zone"
  cat >"$zones/$vzone.zone" <<EOF
\$TTL 60
@ IN SOA ns1.contoso.com. hostmaster.contoso.com. 1 3600 600 86400 1
@ IN NS ns1.contoso.com.
EOF
  export LAB_UPDATABLE_ZONES=$vzone
fi

# pebble's own TLS certificate (its listener), and its configuration: HTTP-01 on port 80,
# certificates valid for SC-081's maximum today, 200 days (notBefore..notAfter inclusive).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/pebble.key" \
  -out "$WORK/pebble.crt" -days 2 -subj "/CN=pebble" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
cat >"$WORK/pebble.json" <<EOF
{"pebble": {"listenAddress": "127.0.0.1:14000", "managementListenAddress": "127.0.0.1:15000",
  "certificate": "$WORK/pebble.crt", "privateKey": "$WORK/pebble.key", "httpPort": 80, "tlsPort": 5001,
  "ocspResponderURL": "", "externalAccountBindingRequired": false, "certificateValidityPeriod": 17279999}}
EOF

cat >"$WORK/inside.sh" <<'EOS'
set -uo pipefail
cd "$LAB_DIR"
PIDS=()
stop() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done; PIDS=(); }
trap stop EXIT
fail() { echo "FAIL: $*"; exit 1; }
wait_port() { local i; for i in $(seq 1 100); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
# The CA's resolver: a recursive BIND (as Let's Encrypt validates through a recursive resolver),
# sent to the lab's authoritative BIND by static-stub zones. It follows the _acme-challenge
# CNAME into the validation zone, which an authoritative server answers separately.
mkdir -p "$WORK/resolver"
{
  echo "options { directory \"$WORK/resolver\"; pid-file \"$WORK/resolver/named.pid\";"
  echo "  session-keyfile \"$WORK/resolver/session.key\"; managed-keys-directory \"$WORK/resolver\";"
  echo "  recursion yes; allow-recursion { 127.0.0.0/8; }; dnssec-validation no; max-cache-ttl 1; max-ncache-ttl 1;"
  echo "  listen-on port 5353 { 127.0.0.1; }; listen-on-v6 { none; }; };"
  echo "controls { };"
  for z in contoso.com ${LAB_UPDATABLE_ZONES:-}; do
    echo "zone \"$z\" { type static-stub; server-addresses { 127.0.0.1; }; };"
  done
} >"$WORK/resolver/named.conf"
named -g -u root -c "$WORK/resolver/named.conf" >"$WORK/resolver/named.log" 2>&1 &
PIDS+=($!)
wait_port 127.0.0.1 5353 || { cat "$WORK/resolver/named.log"; fail "the resolver did not start"; }
PEBBLE_VA_NOSLEEP=1 pebble -config "$WORK/pebble.json" -dnsserver 127.0.0.1:5353 >"$WORK/pebble.log" 2>&1 &
PIDS+=($!)
wait_port 127.0.0.1 14000 && wait_port 127.0.0.1 15000 || { cat "$WORK/pebble.log"; fail "pebble did not start"; }
curl -sf --cacert "$WORK/pebble.crt" https://127.0.0.1:15000/roots/0 >"$WORK/pebble-root.pem" || fail "no pebble root"

# The HTTP-01 snippet adplan rendered, included in the lab's nginx; nginx -t must accept it.
conf=$LAB_DIR/run/nginx.conf
sed -i '$d' "$conf" && printf '    include "%s";\n}\n' "$LAB_DIR/out/acme/nginx-http01.conf" >>"$conf"
nginx -p "$LAB_DIR/run/" -c "$conf" -t -q 2>"$WORK/nginx-t.err" || { cat "$WORK/nginx-t.err"; fail "nginx -t refuses the ACME snippet"; }
echo "ok: nginx -t accepts acme/nginx-http01.conf in the lab configuration"
reload() { nginx -p "$LAB_DIR/run/" -c "$conf" -s reload || fail "nginx reload"; sleep 0.5; }
reload

verify() {  # verify CA-FILE LABEL
  "$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$1" --user "$LAB_USER" \
    --password-file "$LAB_PASSWORD_FILE" --email "$LAB_EMAIL" --timeout 8 --json >"$WORK/verify-$2.json"
  local rc=$?
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["verdict"]=="pass" else 1)' \
    "$WORK/verify-$2.json" && [[ $rc -eq 0 ]] || {
    "$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$1" --user "$LAB_USER" \
      --password-file "$LAB_PASSWORD_FILE" --email "$LAB_EMAIL" --timeout 8
    fail "verify $2 (exit $rc)"; }
  echo "ok: adplan verify passes $2"
}
verify "$LAB_CA" "before ACME (the lab's bootstrap certificates)"

export LEGO_CA_CERTIFICATES=$WORK/pebble.crt RFC2136_NAMESERVER=127.0.0.1:53 RFC2136_TTL=1 \
  RFC2136_SEQUENCE_INTERVAL=1 RFC2136_POLLING_INTERVAL=1 RFC2136_PROPAGATION_TIMEOUT=30
issue() {  # issue run|renew: every order of adplan acme, with the challenge it chose
  local verb=$1
  python3 -c '
import json, sys
for o in json.load(open(sys.argv[1]))["orders"]:
    print(o["common_name"], o["challenge"], o["csr"], " ".join(sorted(n["name"] for n in o["names"])))' "$WORK/acme.json" |
  while read -r cn challenge csr names; do
    local how=(--http --http.webroot "$LAB_DIR/webroot")
    [[ $challenge == dns-01 ]] && how=(--dns rfc2136 --dns.resolvers 127.0.0.1:53 --dns.disable-cp)
    local extra=()
    [[ $verb == renew ]] && extra=(--days 365)
    lego --server https://127.0.0.1:14000/dir --accept-tos --email hostmaster@contoso.com --path "$WORK/lego" \
      --csr "$csr" "${how[@]}" "$verb" "${extra[@]}" >"$WORK/lego-$cn-$verb.log" 2>&1 ||
      { tail -20 "$WORK/lego-$cn-$verb.log"; tail -20 "$WORK/pebble.log"; fail "lego $verb $cn ($challenge)"; }
    local got=$WORK/lego/certificates/$cn.crt issuer=$WORK/lego/certificates/$cn.issuer.crt
    # Holds exactly the plan's names, chains to pebble's root (OpenSSL as an independent judge).
    local sans
    sans=$(openssl x509 -in "$got" -noout -ext subjectAltName | tail -n +2 | tr -d ' ' | tr ',' '\n' | sed 's/^DNS://' | sort | tr '\n' ' ')
    [[ "${sans% }" == "$names" ]] || fail "$cn: names '$sans', plan '$names'"
    openssl verify -CAfile "$WORK/pebble-root.pem" -untrusted "$issuer" "$got" >/dev/null || fail "$cn: chain"
    # adplan cert check, beside the key and request adplan csr wrote, against pebble's root.
    cp "$got" "pki/$cn.acme.crt"
    "$ADPLAN" cert check "pki/$cn.acme.crt" --key "pki/$cn.key" --csr "$csr" --chain "$issuer" \
      --ca-file "$WORK/pebble-root.pem" --plan adplan.json --json >"$WORK/check-$cn.json"
    local rc=$?
    [[ $rc -eq 0 ]] || { cat "$WORK/check-$cn.json"; fail "cert check $cn (exit $rc)"; }
    # Issue 23: the TlsCertificateName Exchange's connectors name it by: OpenSSL's RFC 2253 form
    # (most specific first) with Windows' ", " separators (pebble's names hold no comma to quote).
    local want_name
    want_name="<I>$(openssl x509 -in "$got" -noout -issuer -nameopt RFC2253 | sed 's/^issuer=//; s/,/, /g')"
    want_name+="<S>$(openssl x509 -in "$got" -noout -subject -nameopt RFC2253 | sed 's/^subject=//; s/,/, /g')"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["tls_certificate_name"] != sys.argv[2])' \
      "$WORK/check-$cn.json" "$want_name" || fail "$cn: tls_certificate_name is not '$want_name'"
    openssl x509 -in "$got" -noout -serial >>"$WORK/serials-$verb"
    # Install without a gap: the new file replaces the old one atomically, then nginx reloads.
    cp "$got" "pki/$cn.crt.new" && mv -f "pki/$cn.crt.new" "pki/$cn.crt"
    echo "ok: $cn issued by pebble with $challenge ($verb), exactly the plan's names, cert check passes"
  done || exit 1
}
issue run
reload
verify "$WORK/pebble-root.pem" "with pebble's certificates"

# Renewal while nginx answers: a probe loop counts handshakes that fail during it.
( while [[ ! -e $WORK/stop-probe ]]; do
    curl -sk -o /dev/null --connect-timeout 2 --resolve mail.contoso.com:443:127.0.0.2 \
      https://mail.contoso.com/autodiscover/autodiscover.xml || echo x >>"$WORK/probe-failures"
    sleep 0.05
  done ) &
probe=$!
PIDS+=("$probe")
issue renew
reload
touch "$WORK/stop-probe"; wait "$probe"
[[ ! -s $WORK/probe-failures ]] || fail "nginx stopped answering during the renewal ($(wc -l <"$WORK/probe-failures") failures)"
cmp -s "$WORK/serials-run" "$WORK/serials-renew" && fail "the renewal did not replace the certificates"
verify "$WORK/pebble-root.pem" "after the renewal"
echo "ok: renewal replaced every certificate without downtime"
EOS

export LAB_DIR=$lab WORK ADPLAN
bash "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" "$lab" -- bash "$WORK/inside.sh" | tee "$WORK/out.txt"
rc=${PIPESTATUS[0]}
if leftover=$(pgrep -f -- "$WORK/" 2>/dev/null); then
  echo "FAIL: servers left running: $leftover"
  kill $leftover 2>/dev/null   # this test's own servers, by id
  exit 1
fi
grep -q "^ok: renewal replaced" "$WORK/out.txt" || { echo "FAIL: the pebble run did not finish (exit $rc)"; exit 1; }
echo "ok: $CASE"
