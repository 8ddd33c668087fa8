#!/usr/bin/env python3
"""ACME directories that misbehave (stdlib only), for `adplan acme --check-directory`.

Usage: acme_directory.py CERT KEY ADDR PORT
  GET /tarpit      TLS accepted, the request read, then nothing: never an answer
  GET /drip        200, a body dripped one byte a second, forever
  GET /garbage     200, application/json, bytes that are no JSON (with terminal escapes)
  GET /huge        200, a JSON object padded without end (no Content-Length)
  GET /incomplete  200, a JSON object without newOrder
  GET /array       200, a JSON array
  GET /error       503
  GET /good        200, a directory with newNonce, newAccount and newOrder
Listens on ADDR (127.0.0.0/8 only).
"""
import http.server
import socketserver
import ssl
import sys
import time

GOOD = (b'{"newNonce": "https://acme.test/nonce", "newAccount": "https://acme.test/account", '
        b'"newOrder": "https://acme.test/order", "meta": {"termsOfService": "https://acme.test/tos"}}')


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("acme_directory %s\n" % (fmt % args))

    def send(self, status, body, length=True):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_GET(self):
        path = self.path
        try:
            if path == "/tarpit":
                time.sleep(3600)
            elif path == "/drip":
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                while True:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            elif path == "/garbage":
                self.send(200, b"\x1b[2J<html>\xff\xfe not json {{{\x07")
            elif path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b'{"pad": "')
                chunk = b"A" * 65536
                while True:
                    self.wfile.write(chunk)
            elif path == "/incomplete":
                self.send(200, b'{"newNonce": "https://acme.test/nonce", "newAccount": "https://acme.test/account"}')
            elif path == "/array":
                self.send(200, b"[1, 2, 3]")
            elif path == "/error":
                self.send(503, b'{"type": "urn:ietf:params:acme:error:serverInternal"}')
            else:
                self.send(200, GOOD)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    cert, key, addr, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if not addr.startswith("127."):
        sys.exit("acme_directory.py: listens on 127.0.0.0/8 only")
    server = Server((addr, port), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
