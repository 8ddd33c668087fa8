#!/usr/bin/env bash
# Issue 24, `adplan renew`: a pebble-issued renewal whose issuing intermediate changed (the
# fixtures tests/fixtures/pki/pebble/: two runs of Debian's pebble, each with its own
# intermediate) against a two-server pool behind a bridging load balancer with SMTP doors and a
# hybrid configuration. The rollout is a golden file (tests/golden/renew/); a certificate with an
# error is refused with exit 1 and nothing written; --json lists the steps.
source "$(dirname "$0")/lib.sh"

PEB=$SRC/tests/fixtures/pki/pebble
mkdir -p pki
cp "$PEB/new.crt" pki/mail.contoso.com.crt
cp "$PEB/mail.contoso.com.key" pki/mail.contoso.com.key
cp "$PEB/new-chain.crt" pki/chain.crt
cp "$PEB/new-root.crt" pki/root.crt
# The fixtures' lifetime: 2026-12-07 to 2027-03-07. The clock: 2026-12-10.
echo 1796860800 >now
export ADPLAN_TEST_NOW_FILE=$WORK/now

"$ADPLAN" init --scenario 1 --yes --exchange SE --public-ip 203.0.113.10 \
  --server EX01,ex01.contoso.com,192.0.2.10 --server EX02,ex02.contoso.com,192.0.2.20 \
  --load-balancer 203.0.113.10,bridging --doors smtp,submission -o adplan.json >/dev/null || fail "init"
python3 - <<'PY'
import json
d = json.load(open("adplan.json")); d["hybrid"] = True
json.dump(d, open("adplan.json", "w"), indent=2)
PY

# The old and the new certificate name different intermediates: their TlsCertificateName differ.
old=$("$ADPLAN" cert check "$PEB/old.crt" --chain "$PEB/old-chain.crt" --ca-file "$PEB/old-root.crt" --json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["tls_certificate_name"])')
new=$("$ADPLAN" cert check pki/mail.contoso.com.crt --chain pki/chain.crt --ca-file pki/root.crt --json |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["tls_certificate_name"])')
[[ $old == "<I>CN=Pebble Intermediate CA 55fdf4<S>CN=mail.contoso.com" ]] && pass "the old certificate's issuer" ||
  fail "old TlsCertificateName: $old"
[[ $new == "<I>CN=Pebble Intermediate CA 0d8136<S>CN=mail.contoso.com" ]] && pass "the new one's, another issuer" ||
  fail "new TlsCertificateName: $new"

expect_exit 0 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --chain pki/chain.crt --ca-file pki/root.crt &&
  pass "renew writes the rollout"
contains "$OUT" "thumbprint " "prints the thumbprint"
contains "$OUT" "openssl pkcs12 -export -in pki/mail.contoso.com.crt -inkey pki/mail.contoso.com.key -certfile pki/chain.crt" \
  "the PFX command from the key beside the certificate"
contains "$OUT" "adplan verify mail.contoso.com --plan adplan.json --cert pki/mail.contoso.com.crt" "the verify gate"
contains "$OUT" "--scriptparameters \"'{CertThumbprint}' 'IIS,SMTP' 1" "win-acme's installation arguments"
golden=$SRC/tests/golden/renew/pebble-issuer-changed.ps1
if [[ -n ${ADPLAN_UPDATE_GOLDEN:-} ]]; then mkdir -p "$(dirname "$golden")"; cp renew/rollout.ps1 "$golden"; fi
if diff -u "$golden" renew/rollout.ps1; then pass "rollout.ps1 is the golden file"; else fail "rollout.ps1 differs from $golden"; fi
grep -q "^\$tlsName = '<I>CN=Pebble Intermediate CA 0d8136<S>CN=mail.contoso.com'$" renew/rollout.ps1 &&
  pass "the connector lines carry the new TlsCertificateName" || fail "no new TlsCertificateName"
for c in "Set-ReceiveConnector -Identity 'EX01\\Default Frontend EX01' -TlsCertificateName \$tlsName" \
  "Set-ReceiveConnector -Identity 'EX02\\Client Frontend EX02' -TlsCertificateName \$tlsName" \
  "| Set-SendConnector -TlsCertificateName \$tlsName" "Set-HybridConfiguration -TlsCertificateName \$tlsName"; do
  grep -qF -- "$c" renew/rollout.ps1 && pass "rollout: $c" || fail "rollout lacks: $c"
done
json_check renew/renew.json '[s["id"] for s in d["steps"]][:5] == ["import:EX01", "enable:EX01", "import:EX02", "enable:EX02", "load-balancer:mail.contoso.com"] and d["steps"][-3]["id"] == "verify"' \
  "renew.json: servers in order, the load balancer, the gate before the removals"

# Again: the same rollout; --force replaces it; --json lists the steps.
expect_exit 2 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --chain pki/chain.crt --ca-file pki/root.crt
contains "$ERR" "--force" "an earlier rollout is not replaced without --force"
expect_exit 0 -- "$ADPLAN" renew --cert pki/mail.contoso.com.crt --chain pki/chain.crt --ca-file pki/root.crt --force --json &&
  { echo "$OUT" >out.json; json_check out.json 'd["format"] == "adplan-renew/1" and len(d["steps"]) == len(json.load(open("renew/renew.json"))["steps"]) and d["findings"] == []' \
    "--json: the steps and no findings"; }

# A certificate with an error: refused with exit 1, nothing written.
rm -rf renew
expect_exit 1 -- "$ADPLAN" renew --cert "$PEB/old.crt" --chain "$PEB/old-chain.crt" --ca-file pki/root.crt
contains "$OUT$ERR" "cert.chain" "a certificate the roots do not reach: cert.chain"
contains "$ERR" "nothing was written" "... refused"
[[ ! -e renew ]] && pass "refused: no rollout written" || fail "a refused renewal wrote files"
expect_exit 1 -- "$ADPLAN" renew --cert "$SRC/tests/fixtures/pki/r11-leaf.crt" --ca-file "$SRC/tests/fixtures/pki/r11-ca.crt"
contains "$OUT$ERR" "cert.name-missing" "a certificate without the plan's names: refused"
[[ ! -e renew ]] && pass "still nothing written" || fail "wrote files"
expect_exit 2 -- "$ADPLAN" renew
contains "$ERR" "--cert" "--cert is required"
finish
