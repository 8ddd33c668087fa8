#!/usr/bin/env python3
"""Hostile peers for tests/hostile/test_dns_flood.sh (stdlib only, 127.0.0.0/8 only).

  dns_flood.py dns ADDR --flood DOMAIN --srv N --tarpit IP [--redirect IP] [--zone DOMAIN...]
      A DNS server on ADDR:53, UDP and TCP. For _autodiscover._tcp.<flood domain> it answers N SRV
      records (t0.<domain> ... t<N-1>.<domain>, port 443); over UDP that answer does not fit, so it
      sends TC=1 and the client asks again over TCP. Every name under a served domain resolves to
      the tarpit, except autodiscover.<flood domain>, which resolves to the redirect peer. AAAA:
      no data. Other SRV questions: NXDOMAIN.
  dns_flood.py tarpit IP PORT...
      Accepts TCP connections and never answers (nor closes).
  dns_flood.py redirect IP PORT LOCATION
      An http server that answers every request with 302 to LOCATION (a name nobody resolved yet).
Each prints "ready" once listening."""
import socket
import socketserver
import struct
import sys
import threading
import http.server

A, AAAA, SRV = 1, 28, 33


def read_name(msg, off):
    labels = []
    while True:
        n = msg[off]
        if n == 0:
            return ".".join(labels), off + 1
        labels.append(msg[off + 1:off + 1 + n].decode("ascii", "replace"))
        off += 1 + n


class Zone:
    def __init__(self, flood, count, tarpit, redirect, zones):
        self.flood, self.count = flood.lower(), count
        self.tarpit, self.redirect = socket.inet_aton(tarpit), socket.inet_aton(redirect or tarpit)
        self.zones = [z.lower() for z in zones + [flood]]

    def served(self, name):
        return any(name == z or name.endswith("." + z) for z in self.zones)

    def answer(self, query, tcp):
        ident, _flags, qd = struct.unpack(">HHH", query[:6])
        if qd != 1:
            return None
        qname, end = read_name(query, 12)
        qtype, _qclass = struct.unpack(">HH", query[end:end + 4])
        question = query[12:end + 4]
        name = qname.lower()
        rcode, answers, tc = 0, [], False
        if qtype == SRV:
            if name == "_autodiscover._tcp." + self.flood:
                if not tcp:
                    tc = True
                else:
                    # Targets t<i>.<flood domain>: a label, then a pointer to the domain in the question.
                    suffix = 12 + len("_autodiscover") + 1 + len("_tcp") + 1
                    for i in range(self.count):
                        label = ("t%d" % i).encode()
                        rdata = struct.pack(">HHH", i % 3, 0, 443) + bytes([len(label)]) + label
                        rdata += struct.pack(">H", 0xC000 | suffix)
                        answers.append(struct.pack(">HHHIH", 0xC00C, SRV, 1, 60, len(rdata)) + rdata)
            else:
                rcode = 3
        elif not self.served(name):
            rcode = 5  # REFUSED: not ours
        elif qtype == A:
            ip = self.redirect if name == "autodiscover." + self.flood else self.tarpit
            answers.append(struct.pack(">HHHIH", 0xC00C, A, 1, 60, 4) + ip)
        flags = 0x8400 | (0x0200 if tc else 0) | (query[2] & 1) << 8 | rcode  # QR AA [TC] RD
        head = struct.pack(">HHHHHH", ident, flags, 1, len(answers), 0, 0)
        return head + question + b"".join(answers)


def serve_dns(addr, zone):
    class Udp(socketserver.BaseRequestHandler):
        def handle(self):
            data, sock = self.request
            reply = zone.answer(data, tcp=False)
            if reply:
                sock.sendto(reply, self.client_address)

    class Tcp(socketserver.BaseRequestHandler):
        def handle(self):
            f = self.request.makefile("rb")
            while True:
                size = f.read(2)
                if len(size) < 2:
                    return
                query = f.read(struct.unpack(">H", size)[0])
                reply = zone.answer(query, tcp=True)
                if reply:
                    self.request.sendall(struct.pack(">H", len(reply)) + reply)

    class ThreadedUdp(socketserver.ThreadingMixIn, socketserver.UDPServer):
        allow_reuse_address = True
        daemon_threads = True

    class ThreadedTcp(socketserver.ThreadingMixIn, socketserver.TCPServer):
        allow_reuse_address = True
        daemon_threads = True

    servers = [ThreadedUdp((addr, 53), Udp), ThreadedTcp((addr, 53), Tcp)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


def serve_tarpit(ip, ports):
    held = []

    def loop(port):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((ip, port))
        s.listen(1024)
        while True:
            c, _ = s.accept()
            held.append(c)  # accept, never answer, never close

    for p in ports:
        threading.Thread(target=loop, args=(p,), daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


def serve_redirect(ip, port, location):
    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self):
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((ip, port), Handler)
    print("ready", flush=True)
    server.serve_forever()


def main(argv):
    mode = argv[0]
    if mode == "dns":
        addr, opts = argv[1], argv[2:]
        def opt(name, default=None):
            return opts[opts.index(name) + 1] if name in opts else default
        zones = [opts[i + 1] for i, o in enumerate(opts) if o == "--zone"]
        serve_dns(addr, Zone(opt("--flood"), int(opt("--srv", "0")), opt("--tarpit"), opt("--redirect"), zones))
    elif mode == "tarpit":
        serve_tarpit(argv[1], [int(p) for p in argv[2:]])
    elif mode == "redirect":
        serve_redirect(argv[1], int(argv[2]), argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
