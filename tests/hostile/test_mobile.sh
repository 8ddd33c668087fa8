# Issue 12 against hostile peers: the phones' requests keep the credentials rule (the MobileSync
# URL a server names gets OPTIONS with the password only when its host is approved), an XML
# entity bomb in the mobilesync answer and a gzip bomb on Autodiscover v2 stay small (nothing is
# expanded or inflated), and everything ends within --timeout.
#   $1 = path to adplan, $2 = source dir
source "$(dirname "$0")/lib.sh"
PEERS=$SRC/tests/hostile/peers

start_peer() {
  local name=$1; shift
  python3 "$@" "$WORK/$name.ready" 2>"$WORK/$name.err" &
  PIDS+=($!)
  for _ in $(seq 600); do [[ -f $WORK/$name.ready ]] && return 0; sleep 0.05; done
  fail "peer $name did not start: $(cat "$WORK/$name.err")"; finish
}
has_auth() { grep -qi '"authorization"' "$1" 2>/dev/null; }
options_seen() { grep -q '"method": "OPTIONS"' "$1" 2>/dev/null; }
json_ok() { python3 -c "import json,sys; d=json.load(open('v.json')); sys.exit(0 if ($1) else 1)"; }

ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.crt -days 30 -subj "/CN=hostile test CA" 2>/dev/null
for h in autodiscover.contoso.com evil.fabrikam.com; do
  openssl req -x509 "${ec[@]}" -keyout "$h.key" -out "$h.crt" -days 30 -CA ca.crt -CAkey ca.key \
    -subj "/CN=$h" -addext "subjectAltName=DNS:$h" 2>/dev/null
done
[[ -s evil.fabrikam.com.crt ]] || { fail "openssl could not make the test certificates"; finish; }
printf 'S3cret-mobile\n' >pw
chmod 600 pw
start_peer dns "$PEERS/dns.py" 127.0.0.53 53 autodiscover.contoso.com=127.0.0.10 evil.fabrikam.com=127.0.0.12 \
  autodiscover.fabrikam.com=127.0.0.13
cat >web.json <<J
[{"ip": "127.0.0.10", "port": 443, "log": "$WORK/ad.log", "tls": ["$WORK/autodiscover.contoso.com.crt",
  "$WORK/autodiscover.contoso.com.key"], "mobilesync_url": "https://evil.fabrikam.com/Microsoft-Server-ActiveSync",
  "redirect_to": "moved@fabrikam.com"},
 {"ip": "127.0.0.13", "port": 80, "log": "$WORK/redirect.log",
  "location": "https://evil.fabrikam.com/autodiscover/autodiscover.xml"},
 {"ip": "127.0.0.12", "port": 443, "log": "$WORK/evil.log", "tls": ["$WORK/evil.fabrikam.com.crt",
  "$WORK/evil.fabrikam.com.key"], "mobilesync_url": "https://evil.fabrikam.com/Microsoft-Server-ActiveSync"}]
J
start_peer web "$PEERS/mobile_peer.py" web.json

run_verify() { # EMAIL [extra args]
  local args=(verify "$1" --dns-server 127.0.0.53 --ca-file ca.crt --user alice --password-file pw --timeout 5 "${@:2}")
  bounded 15 150 -- "${args[@]}" --json
  printf '%s' "$OUT" >v.json
}

echo "== 1. the mobilesync answer names an unapproved host: OPTIONS goes there without the password"
run_verify alice@contoso.com
if has_auth ad.log; then pass "the approved autodiscover host got the credentials"; else fail "no credentials at the autodiscover host"; fi
if options_seen evil.log; then pass "the MobileSync URL's host was asked OPTIONS"; else fail "no OPTIONS at the MobileSync host"; fi
if has_auth evil.log; then fail "the unapproved MobileSync host received an Authorization header"; else
  pass "no Authorization header reached the unapproved MobileSync host"; fi
if json_ok 'any(f["id"] == "auth.withheld" and "evil.fabrikam.com" in f["subject"] for f in d["findings"])'; then
  pass "auth.withheld names the MobileSync URL"; else fail "no auth.withheld for the MobileSync URL"; fi
if json_ok 'any(f["id"] == "autodiscover-v2.invalid-response" for f in d["findings"])'; then
  pass "the gzip bomb on v2 is read as the bytes it is (not JSON), never inflated"; else fail "v2 gzip bomb not reported"; fi

echo "== 2. approved with --allow-redirect: OPTIONS with the credentials"
rm -f evil.log
run_verify alice@contoso.com --allow-redirect evil.fabrikam.com
if has_auth evil.log; then pass "--allow-redirect evil.fabrikam.com: OPTIONS carried the credentials"; else
  fail "--allow-redirect evil.fabrikam.com: no Authorization header at the MobileSync host"; fi
if json_ok 'not any(f["id"] == "auth.withheld" for f in d["findings"])'; then pass "approved: no auth.withheld"; else
  fail "auth.withheld although approved"; fi

echo "== 3. an XML entity bomb in the mobilesync answer: not expanded"
run_verify bomb@contoso.com
if json_ok 'any(c["name"] == "eas" and "MobileSync &i;" in c["detail"] for c in d["checks"])'; then
  pass "the entity reference stays a reference (no DTD processing)"; else fail "the bomb's MobileSync URL is not the bare reference"; fi

echo "== 4. a mobilesync Redirect to a domain found only by its http redirect: the device's full walk"
rm -f evil.log redirect.log
run_verify redir@contoso.com
if grep -q '"method": "GET"' redirect.log 2>/dev/null; then pass "the Redirect's domain was walked to its http redirect"; else
  fail "no GET on http://autodiscover.fabrikam.com (the walk stopped at the https hosts)"; fi
if grep -q '"method": "POST"' evil.log 2>/dev/null; then pass "the POST went where the http redirect leads"; else
  fail "no mobilesync POST at the http redirect's target"; fi
if has_auth evil.log; then fail "the Redirect's unapproved host received an Authorization header"; else
  pass "no Authorization header at the Redirect's unapproved host"; fi
if json_ok 'any(c["name"] == "eas" and "Location: https://evil.fabrikam.com" in c["detail"] for c in d["checks"])'; then
  pass "the http redirect hop is in the report"; else fail "the http redirect hop is not in the checks"; fi
finish
