# End-to-end test of `adplan verify` on the real lab (tools/lab/lab.sh): BIND and nginx on
# loopback in a private network namespace, certificates from `adplan ca`, configuration from
# `adplan render`. One case per run:
#   clean-N         scenario N verifies clean: exit 0, verdict pass, the expected first method
#   FAULT           the lab broken on purpose (lab.sh faults): exit 1 and the finding id
#   redirect-addr   issue 11: moved@contoso.com is redirected (POX redirectAddr) to moved@fabrikam.com,
#                   a second working domain: pass, both hops in outlook-2016's path (and exchangelib's
#                   final Autodiscover URL is the one adplan reports)
#   mapi-mismatch   issue 11: the mapiHttp MailStore URLs differ from the plan's answers: url-mismatch;
#                   issue 22: on a dead path (401 without credentials, as IIS answers, 404 with them)
#   mapi-drift      issue 22: the same difference on a path the lab serves (401, then 200 as the user):
#                   autodiscover.url-drift warnings with both values, exit 0
#   mapi-internal-drift  issue 22's report: scenario 1, the mapiHttp InternalUrls name the external
#                   host, the plan the server's own name; it works: a warning whose remedy sets
#                   -InternalUrl (not -ExternalUrl), exit 0
#   exclude-root    issue 11: the root-cert fault with --exclude root-https: a clean outlook-2016 run
#                   that names ExcludeHttpsRootDomain
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
  [redirect-http]=4 [root-cert]=2 [wrong-address]=3 [nothing-listening]=1 [post-404]=2 [ews-mismatch]=2
  [service-unreachable]=1 [service-certificate]=1 [service-http-error]=1 [redirect-loop]=1 [o365-claims]=1
  [redirect-addr]=1 [exclude-root]=2 [mapi-mismatch]=3 [mapi-drift]=3 [mapi-internal-drift]=1)
declare -A WANT=([cert-missing-name]=tls.name-mismatch [cert-expired]=tls.expired [cert-untrusted]=tls.untrusted
  [cert-weak]="tls.weak-key tls.weak-signature" [srv-missing]=dns.srv-missing [srv-port]=dns.srv-port
  [redirect-http]=redirect.not-https [root-cert]=root.certificate-warning [wrong-address]=dns.address-mismatch
  [nothing-listening]=tcp.unreachable [post-404]=http.unexpected-status [ews-mismatch]=autodiscover.url-mismatch
  [service-unreachable]=service.unreachable [service-certificate]=service.certificate
  [service-http-error]=service.http-error [redirect-loop]=autodiscover.redirect-loop [o365-claims]=o365.claims-address
  [mapi-mismatch]=autodiscover.url-mismatch [mapi-drift]=autodiscover.url-drift
  [mapi-internal-drift]=autodiscover.url-drift)
declare -A METHOD=([1]=autodiscover-https [2]=srv [3]=autodiscover-https [4]=http-redirect)

n=${SCEN[$CASE]:-}
[[ -n $n ]] || { echo "unknown case $CASE"; exit 2; }
FAULT=""
[[ $CASE == clean-* ]] || FAULT=$CASE
EXTRA=""
case $CASE in
  redirect-addr) FAULT="" ;;
  exclude-root) FAULT=root-cert EXTRA="--exclude root-https" ;;
  mapi-mismatch) FAULT=mapi-dead-path ;;  # issue 22: the difference must fail for clients to be an error
  mapi-drift) FAULT=mapi-mismatch ;;      # tools/lab/outlook.sh: the lab serves any /mapi/ path
esac

lab=$WORK/lab
mkdir -p "$lab"
args=(--scenario "$n" --yes --ca internal --public-ip 127.0.0.2 --server CAS01,cas01.contoso.com,127.0.0.2)
if ((n >= 3)); then args+=(--secondary-public-ip 127.0.0.3 --secondary-ip 127.0.0.3); fi
if [[ $CASE == redirect-* ]]; then
  args+=(--domain contoso.com --domain fabrikam.com)
  export LAB_EMAIL=moved@contoso.com   # the lab answers it with redirectAddr moved@fabrikam.com
fi
"$ADPLAN" init "${args[@]}" -o "$lab/adplan.json" >/dev/null 2>&1 || { echo "FAIL: adplan init"; exit 1; }

# The verify command the lab runs; its report and JSON land in $WORK.
cat >"$WORK/check.sh" <<'EOS'
common=(--plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --user "$LAB_USER"
        --password-file "$LAB_PASSWORD_FILE" --email "$LAB_EMAIL" --timeout 8 --o365-endpoint "$LAB_O365" $LAB_EXTRA)
"$ADPLAN" verify "${common[@]}" --json >"$LAB_OUT/verify.json"
echo $? >"$LAB_OUT/verify.rc"
"$ADPLAN" verify "${common[@]}" >"$LAB_OUT/report.txt"
EOS
# A clean lab is also walked by an independent client, python3-exchangelib, when installed.
WITNESS_PY=""
if [[ -z $FAULT && -z $EXTRA ]]; then
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
export ADPLAN LAB_DIR=$lab LAB_OUT=$WORK LAB_EXTRA=$EXTRA
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
  w=$(head -1 "$WORK/witness.txt")
  ad=$(sed -n 2p "$WORK/witness.txt")
  ours=$(python3 -c 'import json,sys; print([c["url"] for c in json.load(open(sys.argv[1]))["clients"] if c["client"] == "outlook-2016"][0])' "$WORK/verify.json")
  if [[ $(cat "$WORK/witness.rc") == 0 && $w == "https://mail.contoso.com/EWS/Exchange.asmx" && ${ad,,} == "${ours,,}" ]]; then
    echo "ok: exchangelib, an independent client, finds the EWS URL $w at $ad, where adplan's outlook-2016 ends"
  else
    echo "FAIL: exchangelib ends at '$ad', adplan's outlook-2016 at '$ours'"
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
o16 = clients["outlook-2016"]
# An InternalUrl with no address from here is skipped (for clients inside), never a failure.
services = [c for c in d["checks"] if c["name"] == "service" and c["status"] != "skip"]
skipped = [c for c in d["checks"] if c["name"] == "service" and c["status"] == "skip"]
if any("InternalUrl" not in c.get("detail", "") for c in skipped):
    fails.append(f"a skipped service check that is no InternalUrl: {skipped}")
if case.startswith("clean-") or case == "redirect-addr" or case.endswith("-drift"):
    # Issue 11: today's Outlook sets up the account and every service URL of the answer answers.
    if o16["method"] != method: fails.append(f"outlook-2016 method {o16['method']}, want {method}")
    if len(services) < 4 or any(c["status"] != "ok" for c in services):
        fails.append(f"service URLs: {[(c['subject'], c['status']) for c in services]}")
    if not any("mapi" in c["subject"] for c in services): fails.append("no mapiHttp URL probed")
if case == "redirect-addr":
    if rc != 0 or d["verdict"] != "pass": fails.append(f"exit {rc}, verdict {d['verdict']}, errors {errors}")
    if "autodiscover.fabrikam.com" not in o16["url"]: fails.append(f"outlook-2016 ends at {o16['url']}")
    if not any(p.startswith("redirectAddr moved@fabrikam.com (hop 1)") for p in o16["path"]) or \
       not any(p.startswith("[moved@fabrikam.com] autodiscover-https") for p in o16["path"]):
        fails.append(f"both hops not in the path: {o16['path']}")
elif case == "exclude-root":
    if rc != 0 or d["verdict"] != "pass": fails.append(f"exit {rc}, verdict {d['verdict']}, errors {errors}")
    if o16["outcome"] != "ok": fails.append(f"outlook-2016 {o16['outcome']}")
    if not any("ExcludeHttpsRootDomain" in p for p in o16["path"]): fails.append("the policy value is not named")
    if not any(f["id"] == "root.certificate-warning" and f["severity"] == "warning" and "ExcludeHttpsRootDomain" in f["message"]
               for f in d["findings"]): fails.append("root.certificate-warning not kept as a warning naming the policy")
elif case.endswith("-drift"):
    # Issue 22: differs from the plan but works: warnings with both values, no error, exit 0.
    if rc != 0 or d["verdict"] != "pass": fails.append(f"exit {rc}, verdict {d['verdict']}, errors {errors}")
    drift = [f for f in d["findings"] if f["id"] == "autodiscover.url-drift"]
    if not drift or any(f["severity"] != "warning" for f in drift): fails.append("no autodiscover.url-drift warning")
    if any(f["id"] == "autodiscover.url-mismatch" for f in d["findings"]): fails.append("url-mismatch on URLs that work")
    for f in drift:
        if "mapiHttp MailStore/" not in f["message"] and "mapiHttp AddressBook/" not in f["message"]:
            fails.append(f"not a mapiHttp URL: {f['message']}")
        if "plan: https://" not in f["evidence"] or "live: https://mail.contoso.com/mapi/" not in f["evidence"]:
            fails.append(f"the evidence lacks both values: {f['evidence']}")
        internal = "InternalUrl" in f["message"]
        if case == "mapi-internal-drift" and not internal: fails.append(f"an ExternalUrl differs: {f['message']}")
        # A remedy sets exactly the URL that differs (issue 22: it proposed -ExternalUrl for an InternalUrl).
        right, wrong = ("-InternalUrl", "-ExternalUrl") if internal else ("-ExternalUrl", "-InternalUrl")
        if "Set-MapiVirtualDirectory" not in f["remedy"] or right not in f["remedy"] or wrong in f["remedy"]:
            fails.append(f"remedy: {f['remedy']}")
elif case.startswith("clean-"):
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
    if case == "mapi-mismatch" and not any(f["id"] == "autodiscover.url-mismatch" and "mapiHttp MailStore/" in f["message"]
                                           and "the service is not there" in f["message"] for f in d["findings"]):
        fails.append("the mapiHttp MailStore URL on a dead path is not an error by its effect")
for f in fails: print("FAIL:", f)
print("ok" if not fails else f"{len(fails)} failure(s)")
sys.exit(1 if fails else 0)
PY
