# Issue 10, items 1 and 6: verify sends the user's password only to an https endpoint whose
# certificate passed and never across a redirect the user has not approved; it never connects
# to a redirect target or DNS answer in 169.254.0.0/16 (cloud metadata) and the other forbidden
# ranges, in any spelling. Hostile peers (tests/hostile/peers) capture every request's headers.
#   $1 = path to adplan, $2 = source dir
source "$(dirname "$0")/lib.sh"
PEERS=$SRC/tests/hostile/peers

# start_peer NAME SCRIPT ARGS...: a peer in the background; waits until it listens.
start_peer() {
  local name=$1; shift
  python3 "$@" "$WORK/$name.ready" 2>"$WORK/$name.err" &
  PIDS+=($!)
  for _ in $(seq 600); do [[ -f $WORK/$name.ready ]] && return 0; sleep 0.05; done
  fail "peer $name did not start: $(cat "$WORK/$name.err")"
}
has_auth() { grep -qi '"authorization"' "$1" 2>/dev/null; }
requests() { if [[ -f $1 ]]; then wc -l <"$1"; else echo 0; fi; }
# checks FILE EXPR LABEL [EXPR LABEL]...: every expression on the JSON document `d`, one python.
checks() {
  local file=$1; shift
  local line
  while IFS= read -r line; do
    case $line in ok:*) pass "${line#ok: }" ;; *) fail "${line#FAIL: }" ;; esac
  done < <(python3 - "$file" "$@" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError as e:
    d = None
args = sys.argv[2:]
for expr, label in zip(args[::2], args[1::2]):
    try:
        ok = d is not None and eval(expr)
    except Exception as e:
        ok = False
    print(("ok: " if ok else "FAIL: ") + label + ("" if ok else ": " + expr))
PY
  )
}

# Certificates: a self-signed one naming something else, and a CA the run trusts (--ca-file)
# with a certificate for evil.fabrikam.com, the redirect's target.
ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec[@]}" -keyout wrong.key -out wrong.crt -days 30 -subj /CN=totally-wrong.example 2>/dev/null
openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.crt -days 30 -subj "/CN=hostile test CA" 2>/dev/null
openssl req -x509 "${ec[@]}" -keyout evil.key -out evil.crt -days 30 -CA ca.crt -CAkey ca.key \
  -subj /CN=evil.fabrikam.com -addext subjectAltName=DNS:evil.fabrikam.com 2>/dev/null
# Issue 25: one certificate for two names on one address, the second a redirectUrl's target.
openssl req -x509 "${ec[@]}" -keyout shared.key -out shared.crt -days 30 -CA ca.crt -CAkey ca.key \
  -subj /CN=autodiscover.proseware.com \
  -addext subjectAltName=DNS:autodiscover.proseware.com,DNS:mail.evilproseware.net 2>/dev/null
openssl req -x509 "${ec[@]}" -keyout lucerne.key -out lucerne.crt -days 30 -CA ca.crt -CAkey ca.key \
  -subj /CN=autodiscover.lucerne.com -addext subjectAltName=DNS:autodiscover.lucerne.com 2>/dev/null
[[ -s evil.crt && -s wrong.crt && -s shared.crt && -s lucerne.crt ]] || { fail "openssl could not make the test certificates"; finish; }
printf 'S3cret-hostile\n' >pw
chmod 600 pw

# One DNS peer and one web peer process for every case; one domain per case.
start_peer dns "$PEERS/dns.py" 127.0.0.53 53 \
  autodiscover.contoso.com=127.0.0.10 \
  autodiscover.fabrikam.com=127.0.0.11 evil.fabrikam.com=127.0.0.12 \
  autodiscover.adatum.com=127.0.0.13 autodiscover.litware.com=127.0.0.14 autodiscover.northwind.com=127.0.0.15 \
  autodiscover.woodgrove.com=127.0.0.16 autodiscover.tailspin.com=127.0.0.17 \
  autodiscover.wingtip.com=169.254.169.254 \
  autodiscover.proseware.com=127.0.0.20 mail.evilproseware.net=127.0.0.20 autodiscover.lucerne.com=127.0.0.21
declare -A META=([adatum.com]=http://169.254.169.254/latest/meta-data/ [litware.com]=http://2852039166/
  [northwind.com]=http://0xa9fea9fe/autodiscover/autodiscover.xml [woodgrove.com]=http://0251.0376.0251.0376/
  [tailspin.com]="https://[::ffff:169.254.169.254]/autodiscover/autodiscover.xml")
declare -A META_IP=([adatum.com]=13 [litware.com]=14 [northwind.com]=15 [woodgrove.com]=16 [tailspin.com]=17)
meta_args=()
for d in "${!META[@]}"; do meta_args+=("127.0.0.${META_IP[$d]}" "$WORK/meta-$d.log" "${META[$d]}"); done
python3 - "$WORK" "${meta_args[@]}" >web.json <<'PY'
import json, sys
w, meta = sys.argv[1], sys.argv[2:]
servers = [
    {"ip": "127.0.0.10", "port": 443, "log": w + "/wrong.log", "tls": [w + "/wrong.crt", w + "/wrong.key"]},
    {"ip": "127.0.0.11", "port": 80, "log": w + "/redir.log",
     "redirect": "https://evil.fabrikam.com/autodiscover/autodiscover.xml"},
    {"ip": "127.0.0.12", "port": 443, "log": w + "/evil.log", "tls": [w + "/evil.crt", w + "/evil.key"]},
    {"ip": "127.0.0.20", "port": 443, "log": w + "/shared.log", "tls": [w + "/shared.crt", w + "/shared.key"],
     "pox_host": "autodiscover.proseware.com",
     "pox_redirect": "https://mail.evilproseware.net/autodiscover/autodiscover.xml"},
    {"ip": "127.0.0.21", "port": 443, "log": w + "/swap.log", "tls": [w + "/lucerne.crt", w + "/lucerne.key"],
     "tls_after_first": [w + "/wrong.crt", w + "/wrong.key"], "close": True},
]
for ip, log, url in zip(meta[::3], meta[1::3], meta[2::3]):
    servers.append({"ip": ip, "port": 80, "log": log, "redirect": url})
print(json.dumps(servers))
PY
start_peer web "$PEERS/http_capture.py" web.json

run_verify() { # DOMAIN [extra args]: the human report into $REPORT, then --json into v.json
  local domain=$1; shift
  local args=(verify "$domain" --dns-server 127.0.0.53 --user "alice@$domain" --password-file pw --timeout 5 "$@")
  bounded 15 150 -- "${args[@]}"
  REPORT=$OUT
  bounded 15 150 -- "${args[@]}" --json
  printf '%s' "$OUT" >v.json
}

echo "== 1. self-signed CN=totally-wrong.example on the autodiscover address: no credentials"
run_verify contoso.com
if (($(requests wrong.log) >= 2)); then pass "the hostile server was reached ($(requests wrong.log) requests)"; else
  fail "the hostile server saw no request"; fi
if has_auth wrong.log; then fail "the server with a failed certificate received an Authorization header"; else
  pass "no Authorization header reached the server with a failed certificate"; fi
contains "$REPORT" "credentials withheld (certificate)" "the human report says where and why credentials were withheld"
checks v.json \
  'any(f["id"] == "auth.withheld" and f["subject"].startswith("https://autodiscover.contoso.com") and "does not name autodiscover.contoso.com" in f["evidence"] and "not trusted" in f["evidence"] for f in d["findings"])' \
  "auth.withheld names the endpoint and the certificate's failures" \
  'any(c["name"] == "auth" and c["status"] == "skip" for c in d["checks"])' "an auth check says skip" \
  'not any("with the credentials given" in p for c in d["clients"] for p in c["path"])' \
  "no client claims the authenticated step worked"

echo "== 2. scenario-4 redirect from plain http to https://evil.fabrikam.com (trusted via --ca-file)"
run_verify fabrikam.com --ca-file ca.crt
if (($(requests evil.log) >= 1)); then pass "the redirect's target was probed"; else
  fail "the redirect's target saw no request"; fi
if has_auth evil.log; then fail "an unapproved redirect target received an Authorization header"; else
  pass "no Authorization header reached the unapproved redirect target"; fi
if has_auth redir.log; then fail "the plain-http redirect site received an Authorization header"; else
  pass "no Authorization header on plain http"; fi
contains "$REPORT" "credentials withheld (redirect-not-approved)" "the human report says the redirect was not approved"
checks v.json \
  'd["verdict"] == "fail" and any(f["id"] == "auth.withheld" and f["severity"] == "error" and "--allow-redirect evil.fabrikam.com" in f["evidence"] for f in d["findings"])' \
  "auth.withheld says how to approve the redirect; the verdict does not pass a sign-in that was not tried" \
  'any("untested" in p for c in d["clients"] for p in c["path"])' \
  "the client walk says the answer with credentials is untested"
rm -f evil.log redir.log
run_verify fabrikam.com --ca-file ca.crt --allow-redirect evil.fabrikam.com
if has_auth evil.log; then pass "with --allow-redirect evil.fabrikam.com the target receives the credentials"; else
  fail "--allow-redirect evil.fabrikam.com: the target received no Authorization header"; fi
if has_auth redir.log; then fail "the plain-http redirect site received an Authorization header"; else
  pass "still no Authorization header on plain http"; fi
checks v.json 'not any(f["id"] == "auth.withheld" for f in d["findings"])' "approved: no auth.withheld"

echo "== 3. redirects to the cloud metadata address, in several spellings: refused, never connected"
for domain in adatum.com litware.com northwind.com woodgrove.com tailspin.com; do
  target=${META[$domain]}
  run_verify "$domain"
  if (($(requests "meta-$domain.log") >= 1)); then pass "$target: the redirect site was asked"; else
    fail "$target: the redirect site saw no request"; fi
  contains "$REPORT" "redirect.forbidden-address" "$target: the human report names redirect.forbidden-address"
  checks v.json \
    'any(f["id"] == "redirect.forbidden-address" and "169.254.0.0/16" in f["message"] and "metadata" in f["message"] for f in d["findings"])' \
    "$target: redirect.forbidden-address names the range and what lives there" \
    'any(c["name"] == "tcp" and c["status"] == "skip" and "not connected" in c["detail"] and "169.254.169.254" in c["subject"] for c in d["checks"])' \
    "$target: the check says it was not connected"
done

echo "== 4. a DNS answer in 169.254.0.0/16 for the autodiscover name"
run_verify wingtip.com
checks v.json \
  'any(f["id"] == "dns.forbidden-address" and f["subject"] == "autodiscover.wingtip.com" and "169.254.169.254" in f["message"] for f in d["findings"])' \
  "dns.forbidden-address names the name and the address" \
  'any(c["name"] == "tcp" and "169.254.169.254" in c["subject"] for c in d["checks"]) and not any(c["name"] == "tcp" and "169.254.169.254" in c["subject"] and c["status"] != "skip" for c in d["checks"])' \
  "no connection to the forbidden address (its tcp checks say skip)"

echo "== 5. issue 25: a redirectUrl to another host on the same address and certificate"
# The approved host's connection carries the password; the redirect's host, same address, same
# certificate (it passes), gets no credentials unless approved, and never rides that connection:
# its requests come on TCP connections of their own (the peer logs each request's client port).
# shared_log_check WANT_AUTH: what shared.log shows, one "ok: ..." or "FAIL: ..." line per check.
shared_log_check() {
  python3 - shared.log "$1" <<'PY'
import json, os, sys
want_auth = sys.argv[2] == "1"
lines = [json.loads(l) for l in open(sys.argv[1])] if os.path.exists(sys.argv[1]) else []
def host(r): return next((v for k, v in r["headers"] if k.lower() == "host"), "").split(":")[0].lower()
def auth(r): return any(k.lower() == "authorization" for k, v in r["headers"])
ours = [r for r in lines if host(r) == "autodiscover.proseware.com"]
other = [r for r in lines if host(r) == "mail.evilproseware.net"]
ok = lambda c, m: print(("ok: " if c else "FAIL: ") + m)
ok(any(auth(r) for r in ours), "the approved host's connection carried the credentials")
ok(len(other) >= 1, f"the redirect's host was asked ({len(other)} requests)")
if want_auth:
    ok(any(auth(r) for r in other), "approved with --allow-redirect: the redirect's host gets the credentials")
else:
    ok(not any(auth(r) for r in other), "no Authorization header reached the unapproved redirect host")
shared = {r["peer"] for r in ours} & {r["peer"] for r in other}
ok(not shared, "the redirect's host never rode the approved host's connection" +
   (f" (client ports used by both: {sorted(shared)})" if shared else ""))
PY
}
log_checks() {
  local line
  while IFS= read -r line; do
    case $line in ok:*) pass "${line#ok: }" ;; *) fail "${line#FAIL: }" ;; esac
  done < <(shared_log_check "$1")
}
rm -f shared.log
run_verify proseware.com --ca-file ca.crt
log_checks 0
checks v.json \
  'any(f["id"] == "auth.withheld" and "--allow-redirect mail.evilproseware.net" in f["evidence"] for f in d["findings"])' \
  "auth.withheld names the redirect's host and how to approve it" \
  'any(e["host"] == "mail.evilproseware.net" and e["connections"] >= 1 for e in d["connections"]["endpoints"])' \
  "verify --json counts connections of the redirect's host's own"
rm -f shared.log
run_verify proseware.com --ca-file ca.crt --allow-redirect mail.evilproseware.net
log_checks 1
checks v.json 'not any(f["id"] == "auth.withheld" for f in d["findings"])' "approved: no auth.withheld"

echo "== 6. issue 25: the certificate swapped between the judged request and the one with credentials"
# The first handshake shows a trusted certificate for autodiscover.lucerne.com (the 401 is judged on
# it); every answer closes its connection and every later handshake shows the self-signed wrong one.
# The request with credentials is judged again on its own connection and never sent.
bounded 15 150 -- verify lucerne.com --dns-server 127.0.0.53 --user alice@lucerne.com --password-file pw \
  --timeout 5 --ca-file ca.crt --json
printf '%s' "$OUT" >v.json
if (($(requests swap.log) >= 1)); then pass "the swapping server was reached ($(requests swap.log) requests)"; else
  fail "the swapping server saw no request"; fi
if has_auth swap.log; then fail "credentials went to a connection whose certificate was not the one judged"; else
  pass "no Authorization header reached the swapped certificate"; fi
checks v.json \
  'any(f["id"] == "auth.withheld" and "not the one judged" in f["evidence"] for f in d["findings"])' \
  "auth.withheld says the connection's certificate was not the one judged" \
  'any(e["host"] == "autodiscover.lucerne.com" and e["handshakes"] >= 2 for e in d["connections"]["endpoints"])' \
  "the request with credentials came on a connection of its own (a second handshake)"
finish
