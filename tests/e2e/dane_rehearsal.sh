# The DANE renewal rehearsal (issue 27 item 5): the lab's signed zone with the TLSA records `adplan
# dns` computes (tools/lab/dane.sh), real Postfix on port 25 (tools/lab/mail.sh), a real ACME CA
# (pebble) and a real client (lego, HTTP-01 through the lab's nginx with the snippet `adplan
# render` wrote), `adplan renew` judging every new certificate against the published records
# (validated through libunbound from the lab's DS) and `adplan verify` before, during and after:
#   1. key reuse: lego issues from the key in service (its CSR); the record stays valid, renew
#      accepts, verify passes before and after.
#   2. a key change prepared by a next key: `adplan csr --next-key`, `adplan dns` shows both
#      records, both published and the zone re-signed, verify passes (old key served); lego issues
#      for the next key, renew accepts, Postfix switches, verify passes (both records); the old
#      record removed, verify passes.
#   3. a key change without the record: renew refuses, naming the record to publish first; installed
#      anyway, verify reports dane.tlsa-mismatch.
# In the lab nothing caches, so "wait 2 x TTL" between publishing and switching is not waited.
# Postfix drops privileges to its own user: without real root the rehearsal is skipped.
# Usage: dane_rehearsal.sh ADPLAN SOURCE_DIR
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")

if [[ $(id -u) -ne 0 ]] || ! grep -q '^ *0 *0 ' /proc/self/uid_map; then
  echo "skip: Postfix drops privileges to its own user, which needs real root (not a user namespace)"
  exit 77
fi
if ! unshare -mn true 2>/dev/null; then echo "skip: no network and mount namespaces here (unshare -mn)"; exit 77; fi
for tool in named nginx openssl ip postfix postconf dnssec-signzone dnssec-keygen dnssec-dsfromkey delv pebble lego curl python3; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (tools/bootstrap.sh installs it)"; exit 77; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-rehearsal.XXXXXX")
trap '[[ -n ${ADPLAN_KEEP_WORK:-} ]] || rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
lab=$WORK/lab
mkdir -p "$lab" "$lab/webroot"
DIRECTORY=https://127.0.0.1:14000/dir

"$ADPLAN" init --scenario 2 --yes --ca public --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2 \
  --doors smtp --dane 3 1 1 --dane-rollover reuse-key -o "$lab/adplan.json" >"$WORK/init.log" 2>&1 ||
  { echo "FAIL: adplan init: $(cat "$WORK/init.log")"; exit 1; }
bash "$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" 2>"$WORK/prepare.log" ||
  { echo "FAIL: lab prepare: $(cat "$WORK/prepare.log")"; exit 1; }
(cd "$lab" && "$ADPLAN" render --out out --force --email test@contoso.com --acme-directory "$DIRECTORY" \
  --acme-webroot "$lab/webroot" >/dev/null) || { echo "FAIL: adplan render"; exit 1; }

# pebble's own listener certificate and its configuration: HTTP-01 on port 80, certificates valid
# for today's public maximum (SC-081: 200 days).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/pebble.key" \
  -out "$WORK/pebble.crt" -days 2 -subj "/CN=pebble" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
cat >"$WORK/pebble.json" <<EOF
{"pebble": {"listenAddress": "127.0.0.1:14000", "managementListenAddress": "127.0.0.1:15000",
  "certificate": "$WORK/pebble.crt", "privateKey": "$WORK/pebble.key", "httpPort": 80, "tlsPort": 5001,
  "ocspResponderURL": "", "externalAccountBindingRequired": false, "certificateValidityPeriod": 17279999}}
EOF

cat >"$WORK/inside.sh" <<'EOS'
set -uo pipefail
if [[ ${LAB_MAIL:-0} != 1 ]]; then echo skip >"$WORK/mail.skip"; exit 0; fi
cd "$LAB_DIR"
CN=mail.contoso.com
MX=mail.contoso.com
OWNER=_25._tcp.$MX
PIDS=()
stop() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done; PIDS=(); }
trap stop EXIT
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $* [${SECONDS} s]"; }
wait_port() { local i; for i in $(seq 1 100); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
key_hash() { openssl pkey -in "$1" -pubout -outform DER | sha256sum | cut -d' ' -f1; }
cert_key_hash() { openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1; }
presented_hash() {
  echo QUIT | timeout 5 openssl s_client -starttls smtp -connect 127.0.0.2:25 -servername "$MX" 2>/dev/null |
    openssl x509 -pubkey -noout 2>/dev/null | openssl pkey -pubin -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1
}

web_hash() {
  echo | timeout 5 openssl s_client -connect 127.0.0.2:443 -servername "$MX" 2>/dev/null |
    openssl x509 -pubkey -noout 2>/dev/null | openssl pkey -pubin -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1
}

# pebble, asking the lab's BIND for the names it validates.
PEBBLE_VA_NOSLEEP=1 pebble -config "$WORK/pebble.json" -dnsserver 127.0.0.1:53 >"$WORK/pebble.log" 2>&1 &
PIDS+=($!)
wait_port 127.0.0.1 14000 && wait_port 127.0.0.1 15000 || { cat "$WORK/pebble.log"; fail "pebble did not start"; }
curl -sf --cacert "$WORK/pebble.crt" https://127.0.0.1:15000/roots/0 >"$WORK/pebble-root.pem" || fail "no pebble root"
cat "$LAB_CA" "$WORK/pebble-root.pem" >"$WORK/roots.pem"  # nginx keeps the lab CA's, Postfix gets pebble's
conf=$LAB_DIR/run/nginx.conf
sed -i '$d' "$conf" && printf '    include "%s";\n}\n' "$LAB_DIR/out/acme/nginx-http01.conf" >>"$conf"
nginx -p "$LAB_DIR/run/" -c "$conf" -s reload || fail "nginx reload with the HTTP-01 snippet"
sleep 0.5

# verify LABEL RECORDS...: passes, the door presents the key `presented_hash` sees, validated
# (secure) and matched, exactly these records published; dane findings other than info listed.
verify() {
  local label=$1; shift
  "$ADPLAN" verify --plan adplan.json --pki pki --dns-server "$LAB_DNS" --ca-file "$WORK/roots.pem" \
    --email "$LAB_EMAIL" --dnssec-trust-anchor "$LAB_TRUST_ANCHOR" --timeout 8 --json >"$WORK/verify.json"
  local rc=$?
  python3 - "$WORK/verify.json" "$rc" "$(presented_hash)" "$@" <<'PY' || {
import json, sys
d, rc, key, want = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3], sorted(sys.argv[4:])
x = {x["mx"]: x for x in d.get("dane", [])}.get("mail.contoso.com")
errors = [f"{f['id']} {f['subject']}" for f in d["findings"] if f["severity"] == "error"]
fails = []
if rc != 0 or d["verdict"] != "pass": fails.append(f"exit {rc}, verdict {d['verdict']}: {errors}")
if not x: fails.append("no DANE result for mail.contoso.com")
else:
    if x["dnssec"] != "secure": fails.append(f"dnssec {x['dnssec']}")
    if x["match"] is not True: fails.append(f"match {x['match']}")
    if x["key_sha256"] != key: fails.append(f"verify saw key {x['key_sha256']}, openssl {key}")
    got = sorted(r.split()[-1] for r in x["records"])
    if got != want: fails.append(f"records {got}, want {want}")
for f in fails: print("  " + f)
warn = sorted({f["id"] for f in d["findings"] if f["id"].startswith("dane.") and f["severity"] != "info"})
if warn and not fails: print("  dane warnings: " + ", ".join(warn))
sys.exit(1 if fails else 0)
PY
    fail "verify $label"; }
  ok "verify passes $label"
}

# publish: the TLSA records `adplan dns` computes now from the key files replace the zone's, the
# zone is re-signed with its own keys (same DS) and BIND reloads it; waits until it serves them.
ZONE=$LAB_DIR/run/bind/contoso.com.zone
publish() {
  "$ADPLAN" dns --plan adplan.json --pki pki --format json >"$WORK/dns.json" || fail "adplan dns"
  python3 - "$WORK/dns.json" "$ZONE" <<'PY' || fail "the TLSA records into the zone"
import json, re, sys
doc, path = json.load(open(sys.argv[1])), sys.argv[2]
# The SOA serial one up, so BIND takes the zone as new.
bump = lambda l: re.sub(r"( IN SOA \S+ \S+ )(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1), l)
lines = [bump(l) for l in open(path) if " IN TLSA " not in l]
lines += [f'{r["name"]} {r["ttl"]} IN TLSA {r["value"]}\n' for z in doc["zones"] for r in z["records"] if r["type"] == "TLSA"]
open(path, "w").write("".join(lines))
PY
  sleep 1  # a file newer than the one BIND loaded
  dnssec-signzone -q -K "$LAB_DIR/run/keys/contoso.com" -d "$LAB_DIR/run/keys/contoso.com" -S -O full \
    -o contoso.com -f "$ZONE.signed" "$ZONE" >/dev/null || fail "dnssec-signzone"
  kill -HUP "$(cat "$LAB_DIR/run/named.pid")" || fail "BIND reload"
  local want i
  want=$(grep -c ' IN TLSA ' "$ZONE")
  for i in $(seq 1 50); do
    delv @127.0.0.1 -a "$LAB_TRUST_ANCHOR.conf" +root=contoso.com "$OWNER" TLSA >"$WORK/delv.txt" 2>&1
    if grep -q "fully validated" "$WORK/delv.txt" && (($(grep -cE 'IN[[:space:]]+TLSA[[:space:]]' "$WORK/delv.txt") == want)); then
      return 0
    fi
    sleep 0.1
  done
  cat "$WORK/delv.txt"
  fail "BIND does not serve the re-signed zone's $want TLSA record(s)"
}

# deploy NAME CERT KEY: the rollout to every door of the certificate -- Postfix (its main.cf in the
# lab's mount namespace) and nginx (verify's tls.door-mismatch would name a door left behind) --
# from $WORK/deploy-NAME/, each reloaded; waits until both present the new key.
deploy() {
  local d=$WORK/deploy-$1 want i
  mkdir -p "$d" && cp "$2" "$d/$CN.crt" && cp "$3" "$d/$CN.key" || fail "deploy $1"
  postconf -e "smtpd_tls_cert_file = $d/$CN.crt" "smtpd_tls_key_file = $d/$CN.key" && postfix reload >/dev/null 2>&1 ||
    fail "postfix reload"
  sed -i "s|\"[^\"]*/$CN\.crt\"|\"$d/$CN.crt\"|; s|\"[^\"]*/$CN\.key\"|\"$d/$CN.key\"|" "$conf"
  nginx -p "$LAB_DIR/run/" -c "$conf" -s reload || fail "nginx reload"
  want=$(cert_key_hash "$2")
  for i in $(seq 1 100); do
    [[ $(presented_hash) == "$want" && $(web_hash) == "$want" ]] && return 0
    sleep 0.1
  done
  fail "the doors do not present $2"
}

# lego VERB CSR NAME: an ACME order for the request over HTTP-01; the certificate (with its chain)
# to $WORK/NAME.crt and the issuer to $WORK/NAME.issuer.crt.
lego_issue() {
  local extra=()
  [[ $1 == renew ]] && extra=(--days 365)
  LEGO_CA_CERTIFICATES=$WORK/pebble.crt lego --server "$DIRECTORY" --accept-tos --email hostmaster@contoso.com \
    --path "$WORK/lego" --csr "$2" --http --http.webroot "$LAB_DIR/webroot" "$1" "${extra[@]}" >"$WORK/lego-$3.log" 2>&1 ||
    { tail -20 "$WORK/lego-$3.log"; tail -20 "$WORK/pebble.log"; fail "lego $1 ($3)"; }
  cp "$WORK/lego/certificates/$CN.crt" "$WORK/$3.crt" && cp "$WORK/lego/certificates/$CN.issuer.crt" "$WORK/$3.issuer.crt"
  openssl verify -CAfile "$WORK/pebble-root.pem" -untrusted "$WORK/$3.issuer.crt" "$WORK/$3.crt" >/dev/null ||
    fail "$3: no chain to pebble's root"
}

# renew NAME KEY [EXIT]: adplan renew of $WORK/NAME.crt with the lab's resolver and DS.
renew() {
  "$ADPLAN" renew --plan adplan.json --cert "$WORK/$1.crt" --chain "$WORK/$1.issuer.crt" --ca-file "$WORK/pebble-root.pem" \
    --key "$2" --out "$WORK/renew-$1" --dns-server "$LAB_DNS" --dnssec-trust-anchor "$LAB_TRUST_ANCHOR" --timeout 8 \
    >"$WORK/renew-$1.out" 2>&1
  local rc=$?
  [[ $rc -eq ${3:-0} ]] || { cat "$WORK/renew-$1.out"; fail "adplan renew $1: exit $rc, want ${3:-0}"; }
}

K1=$(key_hash "pki/$CN.key")
verify "before: the lab CA's certificate, key $K1" "$K1"

echo "== 1. renewal with key reuse"
lego_issue run "pki/$CN.csr" reuse
[[ $(cert_key_hash "$WORK/reuse.crt") == "$K1" ]] && ok "pebble issued for the key in service" || fail "another key"
renew reuse "pki/$CN.key"
grep -q "dane.renewal-match" "$WORK/renew-reuse.out" && grep -q "IN TLSA 3 1 1 $K1" "$WORK/renew-reuse.out" &&
  ok "adplan renew accepts it: the published record names its key" || { cat "$WORK/renew-reuse.out"; fail "renew reuse"; }
[[ -f $WORK/renew-reuse/rollout.ps1 ]] || fail "no rollout written"
deploy reuse "$WORK/reuse.crt" "pki/$CN.key"
verify "after: pebble's certificate on the same key, the record unchanged" "$K1"

echo "== 2. key change prepared by a next key"
python3 -c 'import json; d = json.load(open("adplan.json")); d["dane"]["rollover"] = "next-key"; json.dump(d, open("adplan.json", "w"), indent=2)'
"$ADPLAN" csr --next-key >"$WORK/next.log" 2>&1 || { cat "$WORK/next.log"; fail "adplan csr --next-key"; }
K2=$(key_hash "pki/$CN.next.key")
[[ $K2 != "$K1" ]] || fail "the next key is the current one"
"$ADPLAN" dns >"$WORK/dns.txt" 2>&1 || fail "adplan dns"
grep -q "^$OWNER\. [0-9]* IN TLSA 3 1 1 $K1$" "$WORK/dns.txt" && grep -q "^$OWNER\. [0-9]* IN TLSA 3 1 1 $K2$" "$WORK/dns.txt" &&
  ok "adplan dns shows both records (current $K1, next $K2)" || { cat "$WORK/dns.txt"; fail "adplan dns: both records"; }
publish
ok "both records published, the zone re-signed"
verify "during: both records, the old key still served" "$K1" "$K2"
grep -q '"dane.next-key-missing"' "$WORK/verify.json" && fail "dane.next-key-missing with the next key's record published"
lego_issue renew "pki/$CN.next.csr" nextkey
[[ $(cert_key_hash "$WORK/nextkey.crt") == "$K2" ]] && ok "pebble issued for the next key" || fail "not the next key"
renew nextkey "pki/$CN.next.key"
grep -q "dane.renewal-match" "$WORK/renew-nextkey.out" && grep -q "IN TLSA 3 1 1 $K2" "$WORK/renew-nextkey.out" &&
  ok "adplan renew accepts the next key's certificate: its record is out" || { cat "$WORK/renew-nextkey.out"; fail "renew next key"; }
deploy nextkey "$WORK/nextkey.crt" "pki/$CN.next.key"
verify "during: both records, the next key served" "$K1" "$K2"
# The switch done: the next key is the key in service, its request and certificate beside it.
mv "pki/$CN.next.key" "pki/$CN.key" && mv "pki/$CN.next.csr" "pki/$CN.csr" && cp "$WORK/nextkey.crt" "pki/$CN.crt"
publish
ok "the old key's record removed, the zone re-signed"
verify "after: only the new key's record" "$K2"

echo "== 3. key change without the record"
"$ADPLAN" csr --out "$WORK/rogue" >/dev/null 2>&1 || fail "a fresh key (adplan csr --out)"
K3=$(key_hash "$WORK/rogue/$CN.key")
lego_issue renew "$WORK/rogue/$CN.csr" rogue
renew rogue "$WORK/rogue/$CN.key" 1
line="$OWNER. IN TLSA 3 1 1 $K3"
grep -q "dane.renewal-mismatch" "$WORK/renew-rogue.out" && grep -qF "publish $line" "$WORK/renew-rogue.out" &&
  grep -q "Exchange Online" "$WORK/renew-rogue.out" && grep -q "nothing was written" "$WORK/renew-rogue.out" &&
  ok "adplan renew refuses a new key no record names, naming $line" || { cat "$WORK/renew-rogue.out"; fail "renew rogue"; }
[[ ! -e $WORK/renew-rogue ]] || fail "a refused renewal wrote files"
deploy rogue "$WORK/rogue.crt" "$WORK/rogue/$CN.key"
"$ADPLAN" verify --plan adplan.json --pki pki --dns-server "$LAB_DNS" --ca-file "$WORK/roots.pem" --email "$LAB_EMAIL" \
  --dnssec-trust-anchor "$LAB_TRUST_ANCHOR" --timeout 8 --json >"$WORK/verify.json"
rc=$?
python3 - "$WORK/verify.json" "$rc" "$K3" <<'PY' || fail "verify after installing the unpublished key"
import json, sys
d, rc, key = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
hits = [f for f in d["findings"] if f["id"] == "dane.tlsa-mismatch"]
ok = rc == 1 and hits and hits[0]["severity"] == "error" and "IN TLSA 3 1 1 " + key in hits[0]["remedy"]
print(f"  verify: exit {rc}; " + (hits[0]["remedy"] if hits else "no dane.tlsa-mismatch"))
sys.exit(0 if ok else 1)
PY
ok "installed anyway, verify reports dane.tlsa-mismatch naming the record"
echo "ok: rehearsal done"
EOS

export LAB_DIR=$lab WORK ADPLAN DIRECTORY
start=$(date +%s)
bash "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" "$lab" -- bash "$WORK/inside.sh" 2>"$WORK/lab.log" | tee "$WORK/out.txt"
rc=${PIPESTATUS[0]}
if [[ -f $WORK/mail.skip ]]; then echo "skip: the lab could not start Postfix: $(grep mail "$WORK/lab.log")"; exit 77; fi
if leftover=$(pgrep -f -- "$WORK/" 2>/dev/null); then
  echo "FAIL: servers left running: $leftover"
  kill $leftover 2>/dev/null  # this test's own servers, by id
  exit 1
fi
grep -q "^ok: rehearsal done" "$WORK/out.txt" || { echo "FAIL: the rehearsal did not finish (exit $rc)"; tail -20 "$WORK/lab.log"; exit 1; }
echo "ok: e2e.dane.rehearsal in $(($(date +%s) - start)) s"
