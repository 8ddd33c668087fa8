#!/usr/bin/env bash
# A tarpit costs one timeout, not one per probe. In a private network namespace: BIND serves
# contoso.com with every discovery name (root, autodiscover, SRV target, the plan's external
# host) on 127.0.0.5, where a tarpit accepts TCP connections on 80 and 443 and never answers.
# `adplan verify` then meets the tarpit on every https probe and on the http redirect; the
# probes run concurrently under one deadline, so its wall time stays near --timeout while
# the probes' own times add up to several timeouts.
# Issue 11: autodiscover.contoso.com (127.0.0.6) answers the POST at once with settings whose service
# URLs (EWS, OAB, mapiHttp) and the Exchange Online stand-in (--o365-endpoint) sit on the tarpit too:
# those follow-up probes start when the answer arrives and end under the same one deadline.
# Issue 12: the same host answers the mobilesync POST with a MobileSync URL on the tarpit (the
# OPTIONS there hangs) and the Autodiscover v2 GETs at once: the phones' probes share the deadline too.
#
# Usage: bench/bench_verify.sh [path/to/adplan] [timeout-seconds]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ADPLAN=$(realpath "${1:-$(ls "$HERE"/../build*/tools/adplan/adplan | head -1)}")
TIMEOUT=${2:-3}

source "$HERE/../tests/netns.sh"
enter_netns "$0" "$ADPLAN" "$TIMEOUT"

work=$(mktemp -d "${TMPDIR:-/tmp}/adplan-bench.XXXXXX")
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
ip link set lo up
ip addr add 127.0.0.5/8 dev lo 2>/dev/null || true
ip addr add 127.0.0.6/8 dev lo 2>/dev/null || true

cat >"$work/contoso.com.zone" <<'Z'
$TTL 60
@ IN SOA ns1 hostmaster 1 60 60 600 60
@ IN NS ns1
ns1 IN A 127.0.0.1
@ IN A 127.0.0.5
autodiscover IN A 127.0.0.6
mail IN A 127.0.0.5
oab IN A 127.0.0.5
mapi IN A 127.0.0.5
exo IN A 127.0.0.5
_autodiscover._tcp IN SRV 0 0 443 mail.contoso.com.
Z
cat >"$work/named.conf" <<N
options { directory "$work"; pid-file "$work/named.pid"; session-keyfile "$work/session.key";
  managed-keys-directory "$work"; recursion no; listen-on port 53 { 127.0.0.1; }; listen-on-v6 { none; }; };
controls { };
zone "contoso.com" { type primary; file "$work/contoso.com.zone"; };
N
named -g -u root -c "$work/named.conf" >"$work/named.log" 2>&1 &
pids+=($!)
python3 - >"$work/tarpit.log" 2>&1 <<'PY' &
import socket, threading, time
held = []
def serve(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.5", port))
    s.listen(64)
    while True:
        c, _ = s.accept()
        held.append(c)          # accept, never answer, never close
for port in (80, 443):
    threading.Thread(target=serve, args=(port,), daemon=True).start()
while True:
    time.sleep(3600)
PY
pids+=($!)
# autodiscover.contoso.com: answers every POST at once with settings pointing at the tarpit.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ad.key" -out "$work/ad.crt" -days 2 \
  -subj /CN=autodiscover.contoso.com -addext subjectAltName=DNS:autodiscover.contoso.com 2>/dev/null
python3 - "$work" >"$work/answer.log" 2>&1 <<'PY' &
import http.server, ssl, sys
work = sys.argv[1]
XML = ('<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/'
       'responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/'
       '2006a"><Account><AccountType>email</AccountType><Action>settings</Action>'
       '<Protocol Type="mapiHttp" Version="1"><MailStore><ExternalUrl>https://mapi.contoso.com/mapi/emsmdb/?MailboxId=x'
       '</ExternalUrl></MailStore></Protocol><Protocol><Type>EXPR</Type><Server>mail.contoso.com</Server>'
       '<EwsUrl>https://mail.contoso.com/EWS/Exchange.asmx</EwsUrl><OABUrl>https://oab.contoso.com/OAB/x/</OABUrl>'
       '</Protocol></Account></Response></Autodiscover>').encode()
MOBILE = ('<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/'
          'autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/'
          'mobilesync/responseschema/2006"><Culture>en:us</Culture><Action><Settings><Server><Type>MobileSync</Type>'
          '<Url>https://mail.contoso.com/Microsoft-Server-ActiveSync</Url></Server></Settings></Action></Response>'
          '</Autodiscover>').encode()
class H(http.server.BaseHTTPRequestHandler):
    def send(self, body, kind):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send(MOBILE if b"mobilesync/requestschema" in body else XML, "text/xml; charset=utf-8")
    def do_GET(self):
        self.send(b'{"Protocol":"ActiveSync","Url":"https://mail.contoso.com/Microsoft-Server-ActiveSync"}',
                  "application/json")
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(("127.0.0.6", 443), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(work + "/ad.crt", work + "/ad.key")
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
PY
pids+=($!)
for i in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/53) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.5/443) 2>/dev/null &&
    (exec 3<>/dev/tcp/127.0.0.6/443) 2>/dev/null && break
  sleep 0.05
done

"$ADPLAN" init --scenario 2 --yes --public-ip 127.0.0.5 --server CAS01,cas01.contoso.com,127.0.0.5 -o "$work/adplan.json" >/dev/null 2>&1
start=$(date +%s%N)
rc=0
"$ADPLAN" verify --plan "$work/adplan.json" --dns-server 127.0.0.1:53 --timeout "$TIMEOUT" \
  --o365-endpoint https://exo.contoso.com --json >"$work/verify.json" || rc=$?
end=$(date +%s%N)
python3 - "$work/verify.json" "$(( (end - start) / 1000000 ))" "$TIMEOUT" "$rc" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
wall, timeout, rc = int(sys.argv[2]), float(sys.argv[3]) * 1000, int(sys.argv[4])
probes = [c for c in d["checks"] if c["name"] in ("http", "service", "o365", "eas", "v2")]
services = [c for c in d["checks"] if c["name"] == "service"]
mobile = [c for c in d["checks"] if c["name"] in ("eas", "v2")]
total = sum(c["ms"] for c in probes)
print("probe                                                          status   ms")
for c in probes:
    print(f"  {c['subject']:<60} {c['status']:<8} {c['ms']}")
print(f"verify wall time      {wall} ms  (exit {rc}, verdict {d['verdict']}, findings: {sorted({f['id'] for f in d['findings']})})")
print(f"configured timeout    {timeout:.0f} ms")
print(f"sum of probe times    {total} ms over {len(probes)} probes ({len(services)} service URLs, "
      f"{len(mobile)} mobilesync/OPTIONS/v2)")
ok = wall < timeout * 1.5 and total >= timeout * 2 and len(services) >= 3 and len(mobile) >= 3
print("result: " + ("one timeout, not one per probe" if ok else "FAIL: the probes did not overlap"))
sys.exit(0 if ok else 1)
PY
