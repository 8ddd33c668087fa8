# End-to-end test of `adplan verify` on the real lab (tools/lab/lab.sh): BIND and nginx on
# loopback in a private network namespace, certificates from `adplan ca`, configuration from
# `adplan render`. One case per run:
#   clean-N         scenario N verifies clean: exit 0, verdict pass, the expected first method
#   FAULT           the lab broken on purpose (lab.sh faults): exit 1 and the finding id
# Usage: verify_lab.sh ADPLAN SOURCE_DIR CASE
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-verify.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

source "$SRC/tests/netns.sh"
require_netns
for tool in named nginx named-checkzone openssl ip; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done

# case -> scenario, fault, expected finding id, expected external method
declare -A SCEN=([clean-1]=1 [clean-2]=2 [clean-3]=3 [clean-4]=4
  [cert-missing-name]=1 [cert-expired]=2 [cert-untrusted]=2 [cert-weak]=2 [srv-missing]=2 [srv-port]=2
  [redirect-http]=4 [root-cert]=2 [wrong-address]=3 [nothing-listening]=1 [post-404]=2 [ews-mismatch]=2)
declare -A WANT=([cert-missing-name]=tls.name-mismatch [cert-expired]=tls.expired [cert-untrusted]=tls.untrusted
  [cert-weak]="tls.weak-key tls.weak-signature" [srv-missing]=dns.srv-missing [srv-port]=dns.srv-port
  [redirect-http]=redirect.not-https [root-cert]=root.certificate-warning [wrong-address]=dns.address-mismatch
  [nothing-listening]=tcp.unreachable [post-404]=http.unexpected-status [ews-mismatch]=autodiscover.url-mismatch)
declare -A METHOD=([1]=autodiscover-https [2]=srv [3]=autodiscover-https [4]=http-redirect)

n=${SCEN[$CASE]:-}
[[ -n $n ]] || { echo "unknown case $CASE"; exit 2; }
FAULT=""
[[ $CASE == clean-* ]] || FAULT=$CASE

lab=$WORK/lab
mkdir -p "$lab"
args=(--scenario "$n" --yes --ca internal --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2)
if ((n >= 3)); then args+=(--secondary-public-ip 127.0.0.3 --secondary-ip 127.0.0.3); fi
"$ADPLAN" init "${args[@]}" -o "$lab/adplan.json" >/dev/null 2>&1 || { echo "FAIL: adplan init"; exit 1; }

# The verify command the lab runs; its report and JSON land in $WORK.
cat >"$WORK/check.sh" <<'EOS'
common=(--plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --user "$LAB_USER"
        --password-file "$LAB_PASSWORD_FILE" --email "$LAB_EMAIL" --timeout 8)
"$ADPLAN" verify "${common[@]}" --json >"$LAB_OUT/verify.json"
echo $? >"$LAB_OUT/verify.rc"
"$ADPLAN" verify "${common[@]}" >"$LAB_OUT/report.txt"
EOS
# A clean lab is also walked by an independent client, python3-exchangelib, when installed.
WITNESS_PY=""
if [[ -z $FAULT ]]; then
  for py in python3 /usr/bin/python3; do
    if "$py" -c 'import exchangelib' 2>/dev/null; then WITNESS_PY=$(command -v "$py"); break; fi
  done
fi
if [[ -n $WITNESS_PY ]]; then
  cat >>"$WORK/check.sh" <<EOS
TMPDIR="\$LAB_OUT" REQUESTS_CA_BUNDLE="\$LAB_CA" timeout 60 "$WITNESS_PY" "$SRC/tests/e2e/exchangelib_witness.py" \\
  >"\$LAB_OUT/witness.txt" 2>"\$LAB_OUT/witness.err"
echo \$? >"\$LAB_OUT/witness.rc"
EOS
fi
export ADPLAN LAB_DIR=$lab LAB_OUT=$WORK
bash "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" ${FAULT:+--break "$FAULT"} "$lab" -- bash "$WORK/check.sh" ||
  true
# The lab stops every server it started, whatever CMD did.
if leftover=$(pgrep -f -- "$lab/run/" 2>/dev/null); then
  echo "FAIL: the lab left servers running: $leftover"
  kill $leftover 2>/dev/null   # this test's own servers, by id
  exit 1
fi
[[ -f $WORK/verify.rc ]] || { echo "FAIL: the lab did not run verify"; cat "$lab"/run/*.log 2>/dev/null; exit 1; }
rc=$(cat "$WORK/verify.rc")
cat "$WORK/report.txt"

if [[ -f $WORK/witness.rc ]]; then
  w=$(cat "$WORK/witness.txt")
  if [[ $(cat "$WORK/witness.rc") == 0 && $w == "https://mail.contoso.com/EWS/Exchange.asmx" ]]; then
    echo "ok: exchangelib, an independent client, finds the EWS URL $w"
  else
    echo "FAIL: exchangelib did not discover the lab: '$w'"; tail -5 "$WORK/witness.err"; exit 1
  fi
fi

python3 - "$WORK/verify.json" "$rc" "$CASE" "${WANT[$CASE]:-}" "${METHOD[$n]}" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rc, case, want, method = int(sys.argv[2]), sys.argv[3], sys.argv[4].split(), sys.argv[5]
fails = []
clients = {c["client"]: c for c in d["clients"]}
errors = [f["id"] for f in d["findings"] if f["severity"] == "error"]
if case.startswith("clean-"):
    if rc != 0: fails.append(f"exit {rc}, want 0")
    if d["verdict"] != "pass": fails.append(f"verdict {d['verdict']}, errors {errors}")
    for c in ("outlook-external", "activesync"):
        if clients[c]["method"] != method: fails.append(f"{c} method {clients[c]['method']}, want {method}")
    if case == "clean-4" and not any("redirect" in p for p in clients["outlook-external"]["prompts"]):
        fails.append("scenario 4: no redirect prompt for Outlook")
    if case != "clean-4" and clients["outlook-external"]["prompts"]:
        fails.append(f"unexpected prompts {clients['outlook-external']['prompts']}")
else:
    if rc != 1: fails.append(f"exit {rc}, want 1")
    if d["verdict"] != "fail": fails.append("verdict pass, want fail")
    for w in want:
        if w not in errors: fails.append(f"no error {w}; errors: {errors}")
for f in fails: print("FAIL:", f)
print("ok" if not fails else f"{len(fails)} failure(s)")
sys.exit(1 if fails else 0)
PY
