#!/usr/bin/env python3
"""A tiny authoritative DNS peer on UDP: A records from the command line, nothing else.

  dns.py LISTEN_IP PORT NAME=IP [NAME=IP ...] READY_FILE

Known names get their A record (AAAA and other types: no data); unknown names NXDOMAIN.
The address is not checked: a hostile DNS answers what it likes (169.254.169.254 included).
"""
import socket
import struct
import sys


def parse_question(msg):
    pos, labels = 12, []
    while True:
        n = msg[pos]
        pos += 1
        if n == 0:
            break
        labels.append(msg[pos:pos + n].decode("ascii", "replace"))
        pos += n
    qtype, qclass = struct.unpack("!HH", msg[pos:pos + 4])
    return ".".join(labels).lower(), qtype, pos + 4


def main():
    ip, port, ready = sys.argv[1], int(sys.argv[2]), sys.argv[-1]
    records = {}
    for arg in sys.argv[3:-1]:
        name, addr = arg.split("=", 1)
        records.setdefault(name.lower().rstrip("."), []).append(socket.inet_aton(addr))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((ip, port))
    open(ready, "w").close()
    while True:
        msg, peer = sock.recvfrom(4096)
        if len(msg) < 12:
            continue
        try:
            name, qtype, end = parse_question(msg)
        except (IndexError, struct.error):
            continue
        qid = msg[:2]
        known = name in records
        answers = records[name] if known and qtype == 1 else []
        flags = 0x8400 | (0x0100 & struct.unpack("!H", msg[2:4])[0]) | (0 if known else 3)
        head = qid + struct.pack("!HHHHH", flags, 1, len(answers), 0, 0)
        body = msg[12:end]
        for a in answers:
            body += struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + a
        sock.sendto(head + body, peer)


if __name__ == "__main__":
    main()
