#!/usr/bin/env python3
"""HTTP(S) peers that fish for credentials and log every request's headers.

  http_capture.py CONFIG_JSON READY_FILE

CONFIG_JSON is a list of servers, all run by this one process:
  [{"ip": "127.0.0.10", "port": 443, "log": "/tmp/x.log", "tls": ["cert.pem", "key.pem"],
    "redirect": "https://..."}]
Each request is one JSON line in the server's log: method, path and every header as received.
"redirect": answers 302 with that Location; otherwise 401 with WWW-Authenticate: Basic, whatever
the request carries (so a client that has credentials sends them).
"pox_host" and "pox_redirect" (issue 25): a POST for Host pox_host that carries an Authorization
header gets a 200 POX answer redirecting (redirectUrl) to pox_redirect; everything else the 401.
Each log line also has the client's port ("peer"): requests with the same one rode one connection.
"tls_after_first": [cert, key]: the first TLS handshake shows "tls", every later one this (a server
that swaps its certificate after the client judged it). "close": each answer closes its connection.
"delay_anonymous": seconds the answer to a request without Authorization waits (issue 25: a
request with credentials that did not wait for the 401 is logged before that 401 went out). Each
log line has "t", when the request was read (seconds, time.monotonic()).
"""
import http.server
import json
import ssl
import sys
import threading
import time

POX_REDIRECT = ('<?xml version="1.0" encoding="utf-8"?><Autodiscover '
                'xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">'
                '<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">'
                '<Account><Action>redirectUrl</Action><RedirectUrl>{}</RedirectUrl></Account></Response>'
                '</Autodiscover>')


def make_server(spec):
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            if 0 < length <= 1 << 20:
                self.rfile.read(length)
            with lock, open(spec["log"], "a") as f:
                f.write(json.dumps({"method": self.command, "path": self.path, "peer": self.client_address[1],
                                    "t": time.monotonic(),
                                    "headers": [[k, v] for k, v in self.headers.items()]}) + "\n")
            if spec.get("delay_anonymous") and not self.headers.get("Authorization"):
                time.sleep(spec["delay_anonymous"])
            body = b"no\n"
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            if (spec.get("pox_redirect") and self.command == "POST" and host == spec.get("pox_host")
                    and self.headers.get("Authorization")):
                body = POX_REDIRECT.format(spec["pox_redirect"]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=utf-8")
            elif spec.get("redirect"):
                self.send_response(302)
                self.send_header("Location", spec["redirect"])
                self.send_header("Content-Type", "text/plain")
            else:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="autodiscover"')
                self.send_header("Content-Type", "text/plain")
            if spec.get("close"):
                self.send_header("Connection", "close")
                self.close_connection = True
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = answer

    server = http.server.ThreadingHTTPServer((spec["ip"], spec["port"]), Handler)
    server.daemon_threads = True
    if spec.get("tls"):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*spec["tls"])
        if spec.get("tls_after_first"):  # every handshake after the first shows this one instead
            later = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            later.load_cert_chain(*spec["tls_after_first"])
            for c in (ctx, later):  # TLS 1.3 without tickets: no session to resume, a full handshake each
                c.minimum_version = ssl.TLSVersion.TLSv1_3
                c.num_tickets = 0
            handshakes = [0]

            def pick(sock, name, first):
                handshakes[0] += 1
                if handshakes[0] > 1:
                    sock.context = later

            ctx.sni_callback = pick
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    return server


def main():
    servers = [make_server(spec) for spec in json.load(open(sys.argv[1]))]
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    open(sys.argv[2], "w").close()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
