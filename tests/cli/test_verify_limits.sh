# adplan verify against misbehaving servers, in a private network namespace on 127.0.0.0/8:
# a body larger than the probe accepts, a redirect that loops, a chain of more than ten
# redirects. Each is stopped by the probe's bound and reported by name; the run stays
# within --timeout. BIND serves the names; small python servers misbehave on port 80.
command -v named >/dev/null || { echo "SKIP: named is not installed"; exit 77; }
source "$(dirname "$0")/../netns.sh"
enter_netns "$0" "$@"
source "$(dirname "$0")/lib.sh"

pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$WORK"; }
trap stop EXIT
ip link set lo up
for a in 127.0.0.5 127.0.0.6 127.0.0.7; do ip addr add $a/8 dev lo 2>/dev/null; done

cat >example.zone <<'Z'
$TTL 60
@ IN SOA ns1 hostmaster 1 60 60 600 60
@ IN NS ns1
ns1 IN A 127.0.0.1
autodiscover.big IN A 127.0.0.5
autodiscover.loop IN A 127.0.0.6
autodiscover.hops IN A 127.0.0.7
Z
cat >named.conf <<N
options { directory "$WORK"; pid-file "$WORK/named.pid"; session-keyfile "$WORK/session.key";
  managed-keys-directory "$WORK"; recursion no; listen-on port 53 { 127.0.0.1; }; listen-on-v6 { none; }; };
controls { };
zone "example" { type primary; file "$WORK/example.zone"; };
N
named -g -u root -c "$WORK/named.conf" >named.log 2>&1 &
pids+=($!)
python3 - >servers.log 2>&1 <<'PY' &
import http.server, socketserver, threading
class Big(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"x" * (3 << 20)   # 3 MiB: more than the probe's 1 MiB
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        try: self.wfile.write(body)
        except OSError: pass
class Loop(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(302); self.send_header("Location", "http://autodiscover.loop.example" + self.path); self.end_headers()
class Hops(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        n = int(self.path.rsplit("/", 1)[-1]) if self.path.startswith("/hop/") else 0
        self.send_response(302); self.send_header("Location", f"http://autodiscover.hops.example/hop/{n + 1}"); self.end_headers()
for ip, h in (("127.0.0.5", Big), ("127.0.0.6", Loop), ("127.0.0.7", Hops)):
    s = socketserver.ThreadingTCPServer((ip, 80), h)
    threading.Thread(target=s.serve_forever, daemon=True).start()
threading.Event().wait()
PY
pids+=($!)
for i in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/53) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.7/80) 2>/dev/null && break
  sleep 0.05
done

run() { expect_exit 1 -- "$ADPLAN" verify "$1" --dns-server 127.0.0.1:53 --timeout 5 --json; echo "$OUT" >"$2"; }

run big.example big.json
json_check big.json 'any(c["name"] == "http" and "answer too large" in c["detail"] for c in d["checks"])' "a 3 MiB body is cut at the limit"
json_check big.json 'any(f["id"] == "autodiscover.invalid-response" and "1 MiB" in f["message"] for f in d["findings"])' "too large is reported"
json_check big.json 'd["ms"] < 5000 * 2' "bounded by the timeout"

run loop.example loop.json
json_check loop.json 'any(f["id"] == "redirect.loop" and "already visited" in f["message"] for f in d["findings"])' "a redirect to itself is a loop"
json_check loop.json 'len([c for c in d["checks"] if c["name"] == "http"]) == 1' "the loop is seen after one request"

run hops.example hops.json
json_check hops.json 'any(f["id"] == "redirect.loop" and "more than 10" in f["message"] for f in d["findings"])' "more than 10 redirects"
json_check hops.json 'len([c for c in d["checks"] if c["name"] == "http" and c["subject"].startswith("http://autodiscover.hops")]) == 11' "ten redirects followed (eleven requests), no more"
finish
