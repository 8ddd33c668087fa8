#!/usr/bin/env bash
# End-to-end: `adplan verify --ldap` on the real lab (BIND + nginx from tools/lab/lab.sh) plus a
# real slapd loaded with the SCP LDIF `adplan render` wrote. One case per run:
#   clean          two servers in two sites: domain-joined Outlook succeeds by SCP, exit 0
#   stale          an older SCP of a retired server: scp.url-mismatch (error: its host does not
#                  resolve, issue 22's rule), scp.unreachable (warning)
#   drift          issue 22: scenario 1, CAS01's SCP names the autodiscover host instead of the server's
#                  own name; it is on the certificate and answers as the user: scp.url-drift (warning)
#                  with both values, exit 0
#   name-mismatch  an SCP URL whose host the certificate does not name: scp.name-mismatch
#   missing        a directory without SCPs: scp.missing
#   no-site        a client in a site no SCP is scoped to: scp.no-site-affinity (warning), exit 0
#   self-signed    setup's self-signed certificate: works for domain-joined Outlook (scp),
#                  fails for Outlook Anywhere and ActiveSync; scp.self-signed
# Usage: test_verify_scp.sh ADPLAN SOURCE_DIR CASE
set -uo pipefail
ADPLAN=$(realpath "$1")
SRC=$(realpath "$2")
CASE=$3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/adplan-e2e-scp.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
source "$SRC/tests/netns.sh"
require_netns
for tool in named nginx slapd slapadd ldapadd openssl ip; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }
done

scenario=2
fault=""
[[ $CASE == name-mismatch ]] && { scenario=1; fault=cert-missing-name; }
[[ $CASE == drift ]] && scenario=1
lab=$WORK/lab
mkdir -p "$lab"
"$ADPLAN" init --scenario "$scenario" --yes --ca internal --public-ip 127.0.0.2 \
  --server CAS01,cas01.contoso.com,127.0.0.2,Seattle --server CAS02,cas02.contoso.com,127.0.0.5,Dublin \
  -o "$lab/adplan.json" >/dev/null || { echo "FAIL: init"; exit 1; }
"$SRC/tools/lab/lab.sh" prepare --adplan "$ADPLAN" "$lab" >"$WORK/prepare.log" 2>&1 ||
  { echo "FAIL: lab prepare"; cat "$WORK/prepare.log"; exit 1; }

# The LDIF the directory starts with, per case.
ldif=$lab/out/directory/scp.ldif
case $CASE in
  missing) grep -v -e '^keywords: 77378F46' "$ldif" >"$WORK/dir.ldif" ;;  # SCP objects without the keyword
  name-mismatch)
    sed 's|^serviceBindingInformation: https://cas01.contoso.com/|serviceBindingInformation: https://autodiscover.contoso.com/|' \
      "$ldif" >"$WORK/dir.ldif" ;;
  drift)
    grep -q '^serviceBindingInformation: https://cas01.contoso.com/' "$ldif" || { echo "FAIL: no SCP on cas01 in $ldif"; exit 1; }
    sed 's|^serviceBindingInformation: https://cas01.contoso.com/|serviceBindingInformation: https://autodiscover.contoso.com/|' \
      "$ldif" >"$WORK/dir.ldif" ;;
  *) cp "$ldif" "$WORK/dir.ldif" ;;
esac
site=Seattle
[[ $CASE == no-site ]] && site=Paris

cat >"$WORK/check.sh" <<EOS
set -u
SLAPD_SCHEMA=$SRC/tests/slapd/adlite.schema
source $SRC/tests/slapd/lab.sh
trap slapd_stop_all EXIT
slapd_start $WORK/dc "DC=contoso,DC=com" 389 $WORK/dir.ldif || exit 90
if [[ $CASE == stale ]]; then
  ldapadd -x -H ldap://127.0.0.1:389/ -D "cn=admin,DC=contoso,DC=com" -w lab-secret >/dev/null <<'LDIF' || exit 91
dn: CN=CAS00,CN=Configuration,DC=contoso,DC=com
objectClass: serviceConnectionPoint
cn: CAS00
keywords: 77378F46-2C66-4aa9-A6A6-3E7A48B19596
keywords: Site=Seattle
serviceBindingInformation: https://cas00.contoso.com/autodiscover/autodiscover.xml
whenCreated: 20070601000000Z
LDIF
fi
if [[ $CASE == self-signed ]]; then
  # Exchange setup's certificate: CN = NetBIOS name, SAN = the FQDN (here the name clients use).
  openssl req -x509 -newkey rsa:2048 -nodes -keyout $WORK/ss.key -out $WORK/ss.crt -days 365 -subj /CN=CAS01 \
    -addext subjectAltName=DNS:cas01.contoso.com,DNS:mail.contoso.com 2>/dev/null || exit 92
  sed -i "s|\"[^\"]*/mail.contoso.com.crt\"|\"$WORK/ss.crt\"|; s|\"[^\"]*/mail.contoso.com.key\"|\"$WORK/ss.key\"|" $lab/out/nginx/lab.conf $lab/run/nginx.conf 2>/dev/null
  kill -HUP \$(cat $lab/out/nginx/nginx.pid) && sleep 1
fi
"\$ADPLAN" verify --plan $lab/adplan.json --dns-server "\$LAB_DNS" --ca-file "\$LAB_CA" --user "\$LAB_USER" \
  --password-file "\$LAB_PASSWORD_FILE" --email "\$LAB_EMAIL" --ldap ldap://127.0.0.1:389/ --site $site --timeout 8 --json \
  >$WORK/verify.json
echo \$? >$WORK/verify.rc
EOS
args=(run --adplan "$ADPLAN")
[[ -n $fault ]] && args+=(--break "$fault")
"$SRC/tools/lab/lab.sh" "${args[@]}" "$lab" -- bash "$WORK/check.sh" >"$WORK/run.log" 2>&1
[[ -s $WORK/verify.json ]] || { echo "FAIL: verify produced no report"; cat "$WORK/run.log"; exit 1; }
rc=$(cat "$WORK/verify.rc")

python3 - "$WORK/verify.json" "$rc" "$CASE" <<'PY'
import json, sys
d, rc, case = json.load(open(sys.argv[1])), int(sys.argv[2]), sys.argv[3]
ids = {f["id"]: f["severity"] for f in d["findings"]}
clients = {c["client"]: c for c in d["clients"]}
dj = clients.get("outlook-domain-joined")
problems = []
def want(cond, what):
    if not cond: problems.append(what)
want(dj is not None, "outlook-domain-joined is reported")
want(any(c["name"] == "scp" for c in d["checks"]), "an scp check row")
if case == "clean":
    want(rc == 0 and d["verdict"] == "pass", f"exit 0 and pass (rc {rc}, {ids})")
    want(dj and dj["method"] == "scp" and dj["url"] == "https://mail.contoso.com/autodiscover/autodiscover.xml", f"domain-joined by scp: {dj}")
    want(not any(i.startswith("scp.") for i in ids), f"no scp findings: {ids}")
elif case == "stale":
    want(rc == 1, f"exit 1 (rc {rc})")
    want(ids.get("scp.url-mismatch") == "error", f"scp.url-mismatch error: {ids}")
    stale = [f for f in d["findings"] if f["id"] == "scp.url-mismatch"]
    want(any("cas00.contoso.com" in f["message"] and "domain-joined Outlook clients would fail" in f["message"]
             for f in stale), f"judged by its effect: {stale}")
    want(ids.get("scp.unreachable") == "warning", f"scp.unreachable warning (a later SCP works): {ids}")
    want(dj and dj["method"] == "scp", f"still reaches a working SCP: {dj}")
elif case == "drift":
    want(rc == 0 and d["verdict"] == "pass", f"exit 0 and pass (rc {rc}, {ids})")
    want(ids.get("scp.url-drift") == "warning" and "scp.url-mismatch" not in ids, f"scp.url-drift warning: {ids}")
    f = next((f for f in d["findings"] if f["id"] == "scp.url-drift"), {})
    want("plan: https://cas01.contoso.com/autodiscover/autodiscover.xml" in f.get("evidence", "") and
         "live: https://autodiscover.contoso.com/autodiscover/autodiscover.xml" in f.get("evidence", ""),
         f"both values as evidence: {f}")
    want("-AutoDiscoverServiceInternalUri 'https://cas01.contoso.com/autodiscover/autodiscover.xml'" in f.get("remedy", ""),
         f"remedy: {f}")
    want(dj and dj["method"] == "scp" and dj["outcome"] == "ok", f"domain-joined Outlook works by scp: {dj}")
elif case == "name-mismatch":
    want(rc == 1, f"exit 1 (rc {rc})")
    want(ids.get("scp.name-mismatch") == "error", f"scp.name-mismatch: {ids}")
    want(dj and dj["outcome"] == "certificate-warning", f"domain-joined Outlook stops with a warning: {dj}")
elif case == "missing":
    want(rc == 1 and ids.get("scp.missing") == "error", f"scp.missing error, exit 1: rc {rc} {ids}")
    want(dj and dj["method"] != "scp", f"domain-joined falls back to DNS: {dj}")
elif case == "no-site":
    want(rc == 0 and ids.get("scp.no-site-affinity") == "warning", f"scp.no-site-affinity warning, exit 0: rc {rc} {ids}")
elif case == "self-signed":
    want(ids.get("scp.self-signed") == "warning", f"scp.self-signed: {ids}")
    want(dj and dj["method"] == "scp" and dj["outcome"] == "ok", f"domain-joined Outlook works: {dj}")
    want(clients["outlook-external"]["outcome"] != "ok", f"Outlook Anywhere does not: {clients['outlook-external']}")
    want(clients["activesync"]["outcome"] != "ok", f"ActiveSync does not: {clients['activesync']}")
    want(rc == 1, f"exit 1 (rc {rc})")
else:
    problems.append("unknown case " + case)
for p in problems: print("FAIL:", p)
print("ok" if not problems else f"{len(problems)} failure(s)")
sys.exit(1 if problems else 0)
PY
