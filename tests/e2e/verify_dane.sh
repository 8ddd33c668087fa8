# End-to-end test of DANE for the SMTP door (issue 27) on the real lab (tools/lab/lab.sh with
# tools/lab/dane.sh): BIND serving zones signed with dnssec-signzone and the TLSA records `adplan
# dns` wrote from the key files, real Postfix on port 25 with STARTTLS, and `adplan verify`
# validating the records through libunbound from the lab's DS (--dnssec-trust-anchor). One case:
#   clean             signed zone, 3 1 1 of the key Postfix presents: verify passes, match true
#   next-key          a next-key rollover with the next key's record published beside the current
#                     one (adplan csr --next-key first): passes, no dane.next-key-missing
#   dane-key-changed  Postfix presents another key: dane.tlsa-mismatch naming the record to publish
#   dane-unsigned     the zone is not signed: dane.unsigned (a warning: senders ignore the records)
#   dane-bogus        a TLSA record changed after signing: dane.bogus
# Postfix drops privileges to its own user: without real root the case is skipped.
# Usage: verify_dane.sh ADPLAN SOURCE_DIR CASE
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-dane.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [[ $(id -u) -ne 0 ]] || ! grep -q '^ *0 *0 ' /proc/self/uid_map; then
  echo "skip: Postfix drops privileges to its own user, which needs real root (not a user namespace)"
  exit 77
fi
if ! unshare -mn true 2>/dev/null; then echo "skip: no network and mount namespaces here (unshare -mn)"; exit 77; fi
for tool in named nginx openssl ip postfix dnssec-signzone dnssec-keygen dnssec-dsfromkey; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (tools/bootstrap.sh installs it)"; exit 77; }
done

declare -A WANT=([clean]="" [next-key]="" [dane-key-changed]="dane.tlsa-mismatch error"
  [dane-unsigned]="dane.unsigned warning" [dane-bogus]="dane.bogus error")
[[ -v WANT[$CASE] ]] || { echo "unknown case $CASE"; exit 2; }
FAULT=""
[[ $CASE == dane-* ]] && FAULT=$CASE
ROLLOVER=reuse-key
[[ $CASE == next-key ]] && ROLLOVER=next-key

lab=$WORK/lab
mkdir -p "$lab"
"$ADPLAN" init --scenario 1 --yes --ca internal --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2 \
  --doors smtp --dane 3 1 1 --dane-rollover "$ROLLOVER" -o "$lab/adplan.json" >"$WORK/init.log" 2>&1 ||
  { echo "FAIL: adplan init: $(cat "$WORK/init.log")"; exit 1; }
bash "$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" 2>"$WORK/prepare.log" ||
  { echo "FAIL: lab prepare: $(cat "$WORK/prepare.log")"; exit 1; }
if [[ $CASE == next-key ]]; then
  (cd "$lab" && "$ADPLAN" csr --next-key >"$WORK/next.log" 2>&1) || { echo "FAIL: csr --next-key: $(cat "$WORK/next.log")"; exit 1; }
fi

cat >"$WORK/check.sh" <<'EOS'
if [[ ${LAB_MAIL:-0} != 1 ]]; then echo skip >"$LAB_OUT/mail.skip"; exit 0; fi
"$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --pki "$LAB_DIR/pki" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" \
  --email "$LAB_EMAIL" --dnssec-trust-anchor "$LAB_TRUST_ANCHOR" --timeout 8 --json >"$LAB_OUT/verify.json" 2>"$LAB_OUT/verify.err"
echo $? >"$LAB_OUT/verify.rc"
"$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --pki "$LAB_DIR/pki" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" \
  --email "$LAB_EMAIL" --dnssec-trust-anchor "$LAB_TRUST_ANCHOR" --timeout 8 >"$LAB_OUT/report.txt" 2>&1
# Independent witnesses: BIND's delv validates the record from the same anchor, openssl hashes the
# key Postfix presents.
delv @127.0.0.1 -a "$LAB_TRUST_ANCHOR.conf" +root=contoso.com _25._tcp.mail.contoso.com TLSA >"$LAB_OUT/delv.txt" 2>&1
echo QUIT | timeout 5 openssl s_client -starttls smtp -connect 127.0.0.2:25 -servername mail.contoso.com 2>/dev/null |
  openssl x509 -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1 >"$LAB_OUT/key.sha256"
EOS
export ADPLAN LAB_DIR=$lab LAB_OUT=$WORK
bash "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" ${FAULT:+--break "$FAULT"} "$lab" -- bash "$WORK/check.sh" \
  2>"$WORK/lab.log" || true
if [[ -f $WORK/mail.skip ]]; then echo "skip: the lab could not start Postfix: $(grep mail "$WORK/lab.log")"; exit 77; fi
[[ -f $WORK/verify.rc ]] || { echo "FAIL: the lab did not run verify"; cat "$WORK/lab.log"; exit 1; }
cat "$WORK/report.txt"

python3 - "$WORK" "$CASE" "${WANT[$CASE]}" <<'PY'
import json, os, sys
work, case, want = sys.argv[1], sys.argv[2], sys.argv[3]
d = json.load(open(os.path.join(work, "verify.json")))
rc = int(open(os.path.join(work, "verify.rc")).read())
key = open(os.path.join(work, "key.sha256")).read().strip()
delv = open(os.path.join(work, "delv.txt")).read()
fails = []
dane = {x["mx"]: x for x in d.get("dane", [])}
ids = [(f["id"], f["severity"]) for f in d["findings"]]
errors = [f"{f['id']} {f['subject']}" for f in d["findings"] if f["severity"] == "error"]
x = dane.get("mail.contoso.com")
if not x:
    fails.append(f"no DANE result for mail.contoso.com: {d.get('dane')}")
elif case in ("clean", "next-key"):
    if rc != 0: fails.append(f"exit {rc}, want 0; errors {errors}")
    if x["dnssec"] != "secure": fails.append(f"dnssec {x['dnssec']}, want secure")
    if x["match"] is not True: fails.append(f"match {x['match']}, want true: {x}")
    if x["key_sha256"] != key: fails.append(f"key {x['key_sha256']} differs from openssl's {key}")
    if "3 1 1 " + key not in x["records"]: fails.append(f"no 3 1 1 {key} among {x['records']}")
    if "fully validated" not in delv: fails.append(f"delv does not validate the record: {delv}")
    if any(i.startswith("dane.") and s != "info" for i, s in ids): fails.append(f"dane findings: {ids}")
    if case == "next-key":
        if len(x["records"]) != 2: fails.append(f"want the current and the next key's record: {x['records']}")
else:
    fid, sev = want.split()
    hits = [f for f in d["findings"] if f["id"] == fid]
    if not hits: fails.append(f"no {fid}; findings {ids}")
    elif hits[0]["severity"] != sev or "mail.contoso.com" not in hits[0]["subject"] + hits[0]["message"]:
        fails.append(f"{fid} is not a {sev} naming mail.contoso.com: {hits[0]}")
    if sev == "error" and rc != 1: fails.append(f"exit {rc}, want 1")
    if case == "dane-key-changed":
        f = hits[0] if hits else {"remedy": "", "evidence": ""}
        if "IN TLSA 3 1 1 " + key not in f["remedy"]: fails.append(f"the remedy does not name 3 1 1 {key}: {f['remedy']}")
        if key not in f["evidence"]: fails.append(f"the evidence lacks the presented key's hash: {f['evidence']}")
        if x and x["match"] is not False: fails.append(f"match {x['match']}, want false")
    if case == "dane-unsigned" and x and x["dnssec"] != "insecure": fails.append(f"dnssec {x['dnssec']}, want insecure")
    if case == "dane-bogus":
        if x and x["dnssec"] != "bogus": fails.append(f"dnssec {x['dnssec']}, want bogus")
        if "fully validated" in delv: fails.append(f"delv validates the broken record: {delv}")
print(f"verify: exit {rc}; dane {x}")
for f in fails: print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
