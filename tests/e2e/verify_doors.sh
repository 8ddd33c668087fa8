# End-to-end test of the mail doors (issue 23) on the real lab (tools/lab/lab.sh with
# tools/lab/mail.sh): BIND and nginx, real Postfix (25 STARTTLS, 587) and real Dovecot (993, 143
# STARTTLS, 995, 110 STLS) with the planned certificate, and the MTA-STS policy served by nginx,
# in private network and mount namespaces on loopback. One case per run:
#   clean             every door, MTA-STS enforce: verify passes and every door is ok
#   FAULT             the lab broken on purpose (mail.sh's faults): its own finding id, naming the
#                     door and host, exit 1
#   mx-tarpit         a second MX that accepts and never answers: smtp.unreachable names it, and
#                     verify ends within its one --timeout
# Postfix and Dovecot drop privileges to their own users: without real root the case is skipped.
# Usage: verify_doors.sh ADPLAN SOURCE_DIR CASE
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-doors.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [[ $(id -u) -ne 0 ]] || ! grep -q '^ *0 *0 ' /proc/self/uid_map; then
  echo "skip: Postfix and Dovecot drop privileges to their own users, which needs real root (not a user namespace)"
  exit 77
fi
if ! unshare -mn true 2>/dev/null; then echo "skip: no network and mount namespaces here (unshare -mn)"; exit 77; fi
for tool in named nginx openssl ip postfix dovecot; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (tools/bootstrap.sh installs it)"; exit 77; }
done

declare -A WANT=([smtp-old-cert]="tls.door-mismatch smtp mail.contoso.com"
  [smtp-no-starttls]="smtp.starttls-missing smtp mail.contoso.com"
  [mx-name-enforce]="smtp.certificate-name smtp mail.contoso.com"
  [policy-mx-missing]="mta-sts.mx-not-covered mta-sts mail.contoso.com"
  [policy-invalid]="mta-sts.policy-invalid mta-sts contoso.com"
  [sts-id-missing]="mta-sts.id-missing mta-sts contoso.com"
  [imap-self-signed]="imap.certificate-untrusted imap mail.contoso.com"
  [mx-tarpit]="smtp.unreachable smtp tarpit.contoso.com")
[[ $CASE == clean || -n ${WANT[$CASE]:-} ]] || { echo "unknown case $CASE"; exit 2; }
FAULT=""
[[ $CASE == clean ]] || FAULT=$CASE
TIMEOUT=8

lab=$WORK/lab
mkdir -p "$lab"
# A public CA in the plan: MTA-STS enforce with an internal CA is a plan error (senders check public
# roots, mta-sts.internal-ca); the lab still issues from its own CA, which verify gets as --ca-file.
"$ADPLAN" init --scenario 1 --yes --ca public --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2 \
  --doors smtp,submission,imap,pop --mta-sts enforce -o "$lab/adplan.json" >"$WORK/init.log" 2>&1 ||
  { echo "FAIL: adplan init: $(cat "$WORK/init.log")"; exit 1; }
bash "$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" 2>"$WORK/prepare.log" ||
  { echo "FAIL: lab prepare: $(cat "$WORK/prepare.log")"; exit 1; }

cat >"$WORK/check.sh" <<'EOS'
if [[ ${LAB_MAIL:-0} != 1 ]]; then echo skip >"$LAB_OUT/mail.skip"; exit 0; fi
start=$(date +%s%N)
"$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --email "$LAB_EMAIL" \
  --timeout $TIMEOUT --json >"$LAB_OUT/verify.json" 2>"$LAB_OUT/verify.err"
echo $? >"$LAB_OUT/verify.rc"
echo $((($(date +%s%N) - start) / 1000000)) >"$LAB_OUT/verify.ms"
"$ADPLAN" verify --plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --email "$LAB_EMAIL" \
  --timeout $TIMEOUT >"$LAB_OUT/report.txt" 2>&1
# An independent client: openssl s_client sees the same certificate on the SMTP door.
echo QUIT | timeout 5 openssl s_client -starttls smtp -connect 127.0.0.2:25 -servername mail.contoso.com \
  -CAfile "$LAB_CA" -verify_hostname mail.contoso.com 2>&1 | grep -E '^(subject|Verify return code)' >"$LAB_OUT/s_client.txt"
EOS
export ADPLAN LAB_DIR=$lab LAB_OUT=$WORK TIMEOUT
bash "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" ${FAULT:+--break "$FAULT"} "$lab" -- bash "$WORK/check.sh" \
  2>"$WORK/lab.log" || true
if [[ -f $WORK/mail.skip ]]; then echo "skip: the lab could not start Postfix and Dovecot: $(grep mail "$WORK/lab.log")"; exit 77; fi
[[ -f $WORK/verify.rc ]] || { echo "FAIL: the lab did not run verify"; cat "$WORK/lab.log"; exit 1; }
cat "$WORK/report.txt"

python3 - "$WORK" "$CASE" "${WANT[$CASE]:-}" "$TIMEOUT" <<'PY'
import json, os, sys
work, case, want, timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
d = json.load(open(os.path.join(work, "verify.json")))
rc = int(open(os.path.join(work, "verify.rc")).read())
seconds = int(open(os.path.join(work, "verify.ms")).read()) / 1000
fails = []
errors = [(f["id"], f["subject"]) for f in d["findings"] if f["severity"] == "error"]
doors = {(x["door"], x["port"]): x for x in d["doors"]}
for k in [("smtp", 25), ("submission", 587), ("imap", 993), ("imap", 143), ("pop", 995), ("pop", 110)]:
    if k not in doors: fails.append(f"door {k} not probed; doors: {sorted(doors)}")
if case == "clean":
    if rc != 0: fails.append(f"exit {rc}, want 0; errors {errors}")
    for k, x in doors.items():
        if not x["ok"]: fails.append(f"door {k} not ok: {x}")
        if x["tls"] not in ("implicit", "starttls"): fails.append(f"door {k}: tls {x['tls']}")
    if len({x["sha256"] for x in doors.values()}) != 1: fails.append("the doors present different certificates")
    m = d["mail_domains"][0] if d["mail_domains"] else {}
    if m.get("mta_sts_mode") != "enforce" or not m.get("mta_sts_id"): fails.append(f"MTA-STS not seen: {m}")
    s = open(os.path.join(work, "s_client.txt")).read()
    if "Verify return code: 0" not in s: fails.append(f"openssl s_client does not verify the SMTP door: {s}")
else:
    fid, door, host = want.split()
    hits = [f for f in d["findings"] if f["id"] == fid]
    if not hits: fails.append(f"no {fid}; errors {errors}")
    elif not any(f["severity"] == "error" and (door in f["subject"] or door in f["message"]) and
                 (host in f["subject"] or host in f["message"]) for f in hits):
        fails.append(f"{fid} does not name {door} and {host} as an error: {hits}")
    if rc != 1: fails.append(f"exit {rc}, want 1")
    if case == "mx-tarpit" and seconds > timeout + 3:
        fails.append(f"verify took {seconds:.1f}s with a tarpit MX, more than --timeout {timeout:.0f} + 3")
    if fid == "tls.door-mismatch":
        f = next(f for f in hits)
        if f["evidence"].count("sha256") < 2 or "notAfter" not in f["evidence"]:
            fails.append(f"tls.door-mismatch evidence lacks both fingerprints and notAfter: {f['evidence']}")
print(f"verify: exit {rc} in {seconds:.2f}s; errors: {errors}")
for f in fails: print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
