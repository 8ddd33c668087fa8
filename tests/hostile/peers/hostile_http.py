#!/usr/bin/env python3
"""A hostile Autodiscover server (stdlib only): what it sends is meant to break a report.

Usage: hostile_http.py CERT KEY ROOT_ADDR AUTODISCOVER_ADDR
  ROOT_ADDR:443          POST -> 200, a POX <Error> whose ErrorCode and Message hold ill-formed
                         UTF-8 (0xff, a surrogate, an overlong '/') and terminal escapes
                         (ESC[2J, an OSC window title, C1 CSI U+009B, DEL); certificate CERT
  AUTODISCOVER_ADDR:443  POST -> 302, Location with 0xff 0xfe bytes and ESC[2J; a POST whose
                         URL has a query (the 60 KB redirect below) -> 200, POX redirectUrl to a
                         URL with escapes and ill-formed bytes
  AUTODISCOVER_ADDR:80   GET -> 302 to an https Autodiscover URL padded to 60 KB
With HOSTILE_BIDI=1 the escapes and the Location also carry bidirectional controls (U+202E, U+2066)
and a NEL (U+0085). With HOSTILE_HTML=1 the strings carry HTML (<script>, <img onerror>, </details>) instead of escapes.
Listens on 127.0.0.0/8 addresses only.
"""
import http.server
import os
import socketserver
import ssl
import sys
import threading

RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
OUTLOOK_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
ESCAPES = b"\x1b[2J\x1b]0;owned\x07\xc2\x9b31m\x7f"
BAD_UTF8 = b"\xff\xfe\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80\xe2\x82"
if os.environ.get("HOSTILE_BIDI"):  # bidirectional controls and a NEL in the XML values too
    ESCAPES += b"\xe2\x80\xae\xe2\x81\xa6\xc2\x85"
POX_ERROR = (b'<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="' + RESPONSE_NS.encode() +
             b'"><Response><Error><ErrorCode>600' + BAD_UTF8 + ESCAPES + b'</ErrorCode><Message>Invalid ' +
             ESCAPES + BAD_UTF8 + b'</Message></Error></Response></Autodiscover>')
POX_REDIRECT = (b'<Autodiscover xmlns="' + RESPONSE_NS.encode() + b'"><Response xmlns="' + OUTLOOK_NS.encode() +
                b'"><Account><Action>redirectUrl</Action><RedirectUrl>http://evil' + BAD_UTF8 + ESCAPES +
                b'.example/autodiscover/autodiscover.xml</RedirectUrl></Account></Response></Autodiscover>')
# Header values go out as latin-1: chr(0xff) is the byte 0xff.
BAD_LOCATION = "https://autodiscover.contoso.com/\xff\xfe\x1b[2J/autodiscover/autodiscover.xml"
if os.environ.get("HOSTILE_BIDI"):  # tests/hostile/test_json_utf8.sh
    BAD_LOCATION = ("https://autodiscover.contoso.com/\xff\xed\xa0\x80\xc2\x9b\xe2\x80\xae\x1b[2J"
                    "/autodiscover/autodiscover.xml")
LONG_LOCATION = "https://autodiscover.contoso.com/autodiscover/autodiscover.xml?" + "A" * 60 * 1024

# HOSTILE_HTML=1 (tests/e2e/report_browser.sh): the same places carry HTML meant to break verify --html
# instead: a script element, an attribute break-out into an <img onerror>, a closing </details> and a
# right-to-left override; XML-escaped in the bodies (so the parsed text holds them), raw in the headers.
if os.environ.get("HOSTILE_HTML"):
    HTML = '<script>alert(1)</script>"><img src=x onerror=alert(2)></details>'
    XML_HTML = (HTML.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "\u202e").encode()
    POX_ERROR = (b'<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="' + RESPONSE_NS.encode() +
                 b'"><Response><Error><ErrorCode>600' + XML_HTML + b'</ErrorCode><Message>Invalid ' + XML_HTML +
                 b'</Message></Error></Response></Autodiscover>')
    POX_REDIRECT = (b'<Autodiscover xmlns="' + RESPONSE_NS.encode() + b'"><Response xmlns="' + OUTLOOK_NS.encode() +
                    b'"><Account><Action>redirectUrl</Action><RedirectUrl>http://evil.example/' + XML_HTML +
                    b'/autodiscover/autodiscover.xml</RedirectUrl></Account></Response></Autodiscover>')
    BAD_LOCATION = "https://autodiscover.contoso.com/" + HTML + "/autodiscover/autodiscover.xml"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.server.role, fmt % args))

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.server.role == "redirect":
            self.send(302, headers=[("Location", LONG_LOCATION)])
        else:
            self.send(404)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        self.rfile.read(min(n, 1 << 20))
        xml = [("Content-Type", "text/xml; charset=utf-8")]
        if self.server.role == "root":
            self.send(200, POX_ERROR, xml)
        elif self.server.role == "autodiscover" and "?" in self.path:
            self.send(200, POX_REDIRECT, xml)
        elif self.server.role == "autodiscover":
            self.send(302, headers=[("Location", BAD_LOCATION)])
        else:
            self.send(405)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(addr, port, role, context=None):
    if not addr.startswith("127."):
        sys.exit("loopback only")
    srv = Server((addr, port), Handler)
    srv.role = role
    if context:
        srv.socket = context.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()


def main():
    cert, key, root_addr, ad_addr = sys.argv[1:5]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    serve(root_addr, 443, "root", ctx)
    serve(ad_addr, 443, "autodiscover", ctx)
    serve(ad_addr, 80, "redirect")
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
