#!/usr/bin/env python3
"""HTTP(S) peers that fish for credentials and log every request's headers.

  http_capture.py CONFIG_JSON READY_FILE

CONFIG_JSON is a list of servers, all run by this one process:
  [{"ip": "127.0.0.10", "port": 443, "log": "/tmp/x.log", "tls": ["cert.pem", "key.pem"],
    "redirect": "https://..."}]
Each request is one JSON line in the server's log: method, path and every header as received.
"redirect": answers 302 with that Location; otherwise 401 with WWW-Authenticate: Basic, whatever
the request carries (so a client that has credentials sends them).
"""
import http.server
import json
import ssl
import sys
import threading


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
                f.write(json.dumps({"method": self.command, "path": self.path,
                                    "headers": [[k, v] for k, v in self.headers.items()]}) + "\n")
            body = b"no\n"
            if spec.get("redirect"):
                self.send_response(302)
                self.send_header("Location", spec["redirect"])
            else:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="autodiscover"')
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = answer

    server = http.server.ThreadingHTTPServer((spec["ip"], spec["port"]), Handler)
    server.daemon_threads = True
    if spec.get("tls"):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*spec["tls"])
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
