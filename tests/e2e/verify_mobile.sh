# End-to-end test of what phones and Teams see (issue 12) on the real lab (tools/lab/lab.sh:
# BIND and nginx on loopback in a private network namespace). One case per run:
#   clean-N   scenario N: verify passes for activesync (mobilesync + OPTIONS) and autodiscover-v2,
#             and an independent client (curl, answers checked against the schemas here in python)
#             gets the same answers from the lab
#   FAULT     the lab broken on purpose (lab.sh faults, the issue-12 ones): the finding id, exit 1
#             for errors; exit 0 and the warning for options-451 (followed and reported) and v2-missing
#   *-drift   issue 22: an answer URL that differs from the plan but works for clients (on the
#             certificate, resolves, answers as the user): the url-drift warning with both values,
#             no url-mismatch, exit 0; mobilesync-url and v2-url stay errors (a dead path, a host
#             that does not resolve)
# Usage: verify_mobile.sh ADPLAN SOURCE_DIR CASE
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-mobile.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if ! unshare -n true 2>/dev/null && ! unshare -rn true 2>/dev/null; then
  echo "skip: no network namespaces here"; exit 77
fi
for tool in named nginx named-checkzone openssl ip curl; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done

declare -A SCEN=([clean-1]=1 [clean-2]=2 [clean-3]=3 [clean-4]=4
  [mobilesync-invalid]=1 [mobilesync-outlook-only]=2 [mobilesync-url]=3 [options-no-versions]=4
  [options-451]=1 [v2-url]=2 [v2-invalid]=3 [v2-missing]=1 [mobilesync-drift]=1 [v2-drift]=1)
declare -A WANT=([mobilesync-invalid]=activesync.invalid-response [mobilesync-outlook-only]=activesync.error-response
  [mobilesync-url]=activesync.url-mismatch [options-no-versions]=activesync.options-failed
  [options-451]=activesync.redirect-451 [v2-url]=autodiscover-v2.url-mismatch
  [v2-invalid]=autodiscover-v2.invalid-response [v2-missing]=autodiscover-v2.missing
  [mobilesync-drift]=activesync.url-drift [v2-drift]=autodiscover-v2.url-drift)
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

cat >"$WORK/check.sh" <<'EOS'
common=(--plan "$LAB_DIR/adplan.json" --dns-server "$LAB_DNS" --ca-file "$LAB_CA" --user "$LAB_USER"
        --password-file "$LAB_PASSWORD_FILE" --email "$LAB_EMAIL" --timeout 8)
"$ADPLAN" verify "${common[@]}" --json >"$LAB_OUT/verify.json"
echo $? >"$LAB_OUT/verify.rc"
"$ADPLAN" verify "${common[@]}" >"$LAB_OUT/report.txt"
# The independent client: curl asks what a device and Teams ask, the answers are kept for the
# schema check outside. The host a device ends at is the plan's external host.
host=mail.contoso.com
ms='http://schemas.microsoft.com/exchange/autodiscover/mobilesync'
ol='http://schemas.microsoft.com/exchange/autodiscover/outlook'
c=(curl -sS --max-time 5 --cacert "$LAB_CA")
"${c[@]}" -u "$LAB_USER:$(cat "$LAB_PASSWORD_FILE")" -H 'Content-Type: text/xml' -o "$LAB_OUT/curl-mobilesync.xml" \
  --data "<Autodiscover xmlns=\"$ms/requestschema/2006\"><Request><EMailAddress>$LAB_EMAIL</EMailAddress><AcceptableResponseSchema>$ms/responseschema/2006</AcceptableResponseSchema></Request></Autodiscover>" \
  "https://$host/autodiscover/autodiscover.xml"
"${c[@]}" -u "$LAB_USER:$(cat "$LAB_PASSWORD_FILE")" -H 'Content-Type: text/xml' -o "$LAB_OUT/curl-outlook.xml" \
  --data "<Autodiscover xmlns=\"$ol/requestschema/2006\"><Request><EMailAddress>$LAB_EMAIL</EMailAddress><AcceptableResponseSchema>$ol/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>" \
  "https://$host/autodiscover/autodiscover.xml"
"${c[@]}" -X OPTIONS -o /dev/null -w '%{http_code}\n' "https://$host/Microsoft-Server-ActiveSync" >"$LAB_OUT/curl-options-anon.txt"
"${c[@]}" -X OPTIONS -u "$LAB_USER:$(cat "$LAB_PASSWORD_FILE")" -D "$LAB_OUT/curl-options.headers" -o /dev/null \
  "https://$host/Microsoft-Server-ActiveSync"
for p in AutodiscoverV1 Ews ActiveSync NoSuchProtocol; do
  "${c[@]}" -o "$LAB_OUT/curl-v2-$p.json" -w '%{http_code}\n' \
    "https://$host/autodiscover/autodiscover.json/v1.0/$LAB_EMAIL?Protocol=$p" >"$LAB_OUT/curl-v2-$p.status"
done
"$ADPLAN" plan --plan "$LAB_DIR/adplan.json" --json >"$LAB_OUT/plan.json"
EOS
export ADPLAN LAB_DIR=$lab LAB_OUT=$WORK
bash "$SRC/tools/lab/lab.sh" run --adplan "$ADPLAN" ${FAULT:+--break "$FAULT"} "$lab" -- bash "$WORK/check.sh" || true
[[ -f $WORK/verify.rc ]] || { echo "FAIL: the lab did not run verify"; cat "$lab"/run/*.log 2>/dev/null; exit 1; }
rc=$(cat "$WORK/verify.rc")
cat "$WORK/report.txt"

python3 - "$WORK" "$rc" "$CASE" "${WANT[$CASE]:-}" "${METHOD[$n]}" <<'PY'
import json, os, sys
import xml.etree.ElementTree as ET
work, rc, case, want, method = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
d = json.load(open(os.path.join(work, "verify.json")))
report = open(os.path.join(work, "report.txt")).read()
fails = []
clients = {c["client"]: c for c in d["clients"]}
errors = [f["id"] for f in d["findings"] if f["severity"] == "error"]
warnings = [f["id"] for f in d["findings"] if f["severity"] == "warning"]
if "autodiscover-v2" not in clients: fails.append("no autodiscover-v2 client in --json")
checks = d["checks"]
if case.startswith("clean-"):
    if rc != 0: fails.append(f"exit {rc}, want 0")
    if d["verdict"] != "pass": fails.append(f"verdict {d['verdict']}, errors {errors}")
    a, v = clients["activesync"], clients["autodiscover-v2"]
    if a["outcome"] != "ok" or a["method"] != method: fails.append(f"activesync {a['outcome']} by {a['method']}: {a['path']}")
    if v["outcome"] != "ok": fails.append(f"autodiscover-v2 {v['outcome']}: {v['path']}")
    if not any("MobileSync https://mail.contoso.com/Microsoft-Server-ActiveSync" in s for s in a["path"]):
        fails.append(f"activesync path does not name the MobileSync URL: {a['path']}")
    if not any(c["name"] == "eas" and "OPTIONS with credentials -> HTTP 200" in c["detail"] and
               "MS-ASProtocolVersions" in c["detail"] for c in checks):
        fails.append("no OPTIONS check with MS-ASProtocolVersions")
    if not any(c["name"] == "v2" and c["status"] == "ok" and "ActiveSync https://" in c["detail"] for c in checks):
        fails.append("no v2 ActiveSync check")
    if "autodiscover-v2.missing" in warnings: fails.append("autodiscover-v2.missing on a clean lab")
    for line in ("  ok       eas ", "  ok       v2 "):
        if line not in report: fails.append(f"report has no line starting {line.strip()!r}")
    # The independent client's answers, checked against MS-ASCMD 2.2.2.1 and the v2 shape.
    plan = json.load(open(os.path.join(work, "plan.json")))
    ext = {u["service"]: u["external"] for u in plan["urls"] if u["server"] == plan["urls"][0]["server"]}
    AD = "{http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006}"
    MS = "{http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006}"
    root = ET.parse(os.path.join(work, "curl-mobilesync.xml")).getroot()
    servers = root.findall(f"{MS}Response/{MS}Action/{MS}Settings/{MS}Server")
    if root.tag != AD + "Autodiscover" or not servers: fails.append("curl: the mobilesync answer is not MS-ASCMD's")
    urls = {s.findtext(f"{MS}Type"): s.findtext(f"{MS}Url") for s in servers}
    if urls.get("MobileSync") != ext["activesync"]: fails.append(f"curl: MobileSync {urls}, plan {ext['activesync']}")
    if root.find(f"{MS}Response/{MS}User/{MS}EMailAddress") is None: fails.append("curl: no User/EMailAddress")
    outlook = ET.parse(os.path.join(work, "curl-outlook.xml")).getroot()
    if outlook.find("{http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a}Response") is None:
        fails.append("curl: Outlook's POST no longer gets the 2006a answer")
    if open(os.path.join(work, "curl-options-anon.txt")).read().strip() != "401": fails.append("curl: OPTIONS without credentials is not 401")
    hdr = open(os.path.join(work, "curl-options.headers")).read().lower()
    if " 200" not in hdr.splitlines()[0] or "ms-asprotocolversions:" not in hdr: fails.append(f"curl: OPTIONS {hdr[:200]}")
    wants = {"AutodiscoverV1": plan["autodiscover_url"], "Ews": ext["ews"], "ActiveSync": ext["activesync"]}
    for p, url in wants.items():
        st = open(os.path.join(work, f"curl-v2-{p}.status")).read().strip()
        j = json.load(open(os.path.join(work, f"curl-v2-{p}.json")))
        if st != "200" or not isinstance(j, dict) or not all(isinstance(j.get(k), str) for k in ("Protocol", "Url")) \
                or j["Protocol"] != p or j["Url"] != url:
            fails.append(f"curl: v2 {p}: {st} {j}")
    st = open(os.path.join(work, "curl-v2-NoSuchProtocol.status")).read().strip()
    j = json.load(open(os.path.join(work, "curl-v2-NoSuchProtocol.json")))
    if st != "400" or j.get("ErrorCode") != "InvalidProtocol": fails.append(f"curl: unknown protocol: {st} {j}")
    print("ok: curl (an independent client) gets MobileSync", urls.get("MobileSync"), "and the v2 answers; the schema check passes" if not fails else "")
elif case.endswith("-drift"):
    # Issue 22: a difference that works is drift, a warning with the plan's and the live value.
    if rc != 0 or d["verdict"] != "pass": fails.append(f"exit {rc}, verdict {d['verdict']}, errors {errors}")
    drift = [f for f in d["findings"] if f["id"] == want]
    if not drift or any(f["severity"] != "warning" for f in drift): fails.append(f"no warning {want}: {warnings}")
    mismatch = want.replace("url-drift", "url-mismatch")
    if mismatch in errors: fails.append(f"{mismatch} on a URL that works")
    for f in drift:
        if "plan: https://mail.contoso.com/" not in f["evidence"] or "live: https://autodiscover.contoso.com/" not in f["evidence"]:
            fails.append(f"the evidence lacks both values: {f['evidence']}")
        if "-ExternalUrl 'https://mail.contoso.com/" not in f["remedy"]: fails.append(f"remedy: {f['remedy']}")
    if case == "mobilesync-drift" and clients["activesync"]["outcome"] != "ok":
        fails.append(f"activesync {clients['activesync']}")
elif want in ("activesync.redirect-451", "autodiscover-v2.missing"):
    if want not in warnings: fails.append(f"no warning {want}; warnings {warnings}, errors {errors}")
    if rc != 0: fails.append(f"exit {rc}, want 0 (a warning); errors {errors}")
    if want == "activesync.redirect-451":
        f = next(f for f in d["findings"] if f["id"] == want)
        if "autodiscover.contoso.com" not in f["message"]: fails.append(f"451: the X-MS-Location host is not named: {f}")
        if "X-MS-Location: https://autodiscover.contoso.com/Microsoft-Server-ActiveSync" not in report:
            fails.append("the report does not show the 451's X-MS-Location")
        if not any("(after the 451)" in c["detail"] and "HTTP 200" in c["detail"] for c in checks):
            fails.append("the 451 was not followed to a 200")
        if clients["activesync"]["outcome"] != "ok": fails.append(f"activesync {clients['activesync']}")
    else:
        if clients["autodiscover-v2"]["outcome"] != "failed": fails.append("autodiscover-v2 not failed")
else:
    if rc != 1: fails.append(f"exit {rc}, want 1")
    if want not in errors: fails.append(f"no error {want}; errors: {errors}")
    if case in ("mobilesync-url", "v2-url") and want.replace("url-mismatch", "url-drift") in warnings:
        fails.append("a URL that fails is also reported as drift")
for f in fails: print("FAIL:", f)
print("ok" if not fails else f"{len(fails)} failure(s)")
sys.exit(1 if fails else 0)
PY
